/** The importer's warnings, in Vietnamese, each naming the task it concerns. */
import { formatDateVi } from '../format';

/** Warning texts; a task is named by its ordinal as written in the plan. */
export const IMPORT_WARNINGS = {
  noTasks: (): string =>
    'Không tìm thấy danh sách nhiệm vụ trong văn bản (không có bảng phụ lục, cũng không có mục nhiệm vụ ghi thời gian thực hiện). Đã nhập phần đầu kế hoạch; cần thêm nhiệm vụ bằng tay.',
  noTitle: (): string => 'Không tìm thấy tên kế hoạch (dòng sau chữ "KẾ HOẠCH"); cần nhập tên bằng tay.',
  noYear: (year: number): string =>
    `Không xác định được năm của kế hoạch từ tên hay ngày ban hành; tạm lấy năm ${year}, cần kiểm tra.`,
  yearFromTasks: (year: number, dated: number): string =>
    `Tên kế hoạch không ghi năm; phần lớn nhiệm vụ thực hiện trong năm ${year} nên lấy năm kế hoạch là ${year} (không theo năm ${dated} của ngày ban hành), cần kiểm tra.`,
  noHeaderRow: (): string =>
    'Không nhận ra dòng tiêu đề của bảng; đã đoán các cột theo thứ tự thường gặp (TT, nhiệm vụ, …), cần kiểm tra.',
  unknownTiming: (ordinal: string, timing: string): string =>
    `Nhiệm vụ ${ordinal}: chưa hiểu thời gian thực hiện "${timing}"; đã giữ nguyên, cần nhập thời hạn hoặc chỉ tiêu bằng tay.`,
  noTiming: (ordinal: string, year: number): string =>
    `Nhiệm vụ ${ordinal}: không ghi thời gian thực hiện; tạm coi là thực hiện trong cả năm ${year}.`,
  timingOutsideYear: (ordinal: string, from: string, to: string, year: number): string =>
    `Nhiệm vụ ${ordinal}: thời gian ${formatDateVi(from)}–${formatDateVi(to)} nằm ngoài năm kế hoạch ${year}, cần kiểm tra.`,
  unknownBudget: (ordinal: string, budget: string): string =>
    `Nhiệm vụ ${ordinal}: chưa hiểu kinh phí "${budget}"; đã giữ nguyên trong ghi chú, cần nhập số tiền bằng tay nếu có.`,
  inheritedTitle: (ordinal: string, from: string): string =>
    `Nhiệm vụ ${ordinal}: ô nhiệm vụ để trống (gộp với dòng trên); tên lấy theo nhiệm vụ ${from} kèm sản phẩm của dòng này.`,
  untitled: (ordinal: string): string => `Nhiệm vụ ${ordinal}: không có tên nhiệm vụ; cần nhập tên bằng tay.`,
  mergedRow: (ordinal: string): string =>
    `Nhiệm vụ ${ordinal}: dòng không đánh số ngay sau được gộp vào nhiệm vụ này (tên, sản phẩm, thời gian và kinh phí ghép lại).`,
  splitRow: (ordinal: string, from: string, rate: string): string =>
    `Nhiệm vụ ${ordinal}: tách từ dòng ${from} vì phần này ghi chỉ tiêu riêng (${rate}); cần kiểm tra tên và chỉ tiêu.`,
  fromLists: (count: number): string =>
    `Kế hoạch không có bảng nhiệm vụ: ${count} nhiệm vụ được lấy từ các gạch đầu dòng về hình thức và nội dung tuyên truyền; cần kiểm tra, bổ sung thời gian, đơn vị chủ trì và chỉ tiêu.`,
  truncated: (ordinal: string, field: string): string =>
    `Nhiệm vụ ${ordinal}: ${field} quá dài nên đã bị cắt bớt, cần kiểm tra.`,
} as const;

/** Why a plan file cannot be read, in words a person can act on (server, command and console). */
export const PLAN_FILE_MESSAGES = {
  legacyDoc:
    'Tệp .doc (Word 97-2003) chưa đọc được: hãy mở tệp bằng Word hoặc LibreOffice, chọn "Lưu thành" .docx (hoặc xuất PDF) rồi nhập lại.',
  scannedPdf:
    'Tệp PDF này không có lớp chữ (có thể là bản chụp hoặc bản quét), nên không đọc được nội dung. Hãy dùng tệp .docx hoặc PDF xuất từ Word, hoặc dán nội dung kế hoạch vào ô văn bản.',
  lockedPdf: 'Tệp PDF có mật khẩu nên không đọc được; hãy gỡ mật khẩu hoặc dùng tệp .docx.',
  brokenPdf: 'Không đọc được tệp PDF (tệp hỏng hoặc không phải PDF); hãy kiểm tra lại tệp.',
} as const;
