import { fill, language } from './messages';

// The words of the period report, its sharing and the reminders (issue 16), in a catalogue of
// their own: only the report screen and the reminders load it, so none of it weighs on the first
// screen. The report's own sentences are Vietnamese whatever the app speaks: they are the
// document's (src/shared/report-narrative.ts).

const vi = {
  title: 'Báo cáo kỳ',
  open: 'Báo cáo kỳ',
  intro: 'Báo cáo lập từ số liệu trên máy này, dùng được cả khi không có mạng.',
  summary: 'Tóm tắt để gửi nhóm Zalo',
  edited: 'Đã sửa',
  redo: 'Viết lại theo số liệu',
  proposalsHint: 'Ghi đề xuất, kiến nghị của đơn vị (nếu có).',
  docx: 'Tải .docx',
  xlsx: 'Tải .xlsx',
  share: 'Chia sẻ báo cáo',
  making: 'Đang tạo tệp…',
  shared: 'Đã chia sẻ tệp {name}.',
  cancelled: 'Đã đóng bảng chia sẻ; chưa gửi gì.',
  downloaded: 'Đã tải tệp {name} về máy.',
  downloadedCopied: 'Đã tải tệp {name} về máy và chép nội dung tóm tắt: hãy dán vào nhóm Zalo rồi đính kèm tệp.',
  failed: 'Không tạo được tệp báo cáo: {reason}',
  xlsxOffline:
    'Máy chưa tải phần tạo tệp .xlsx: hãy mở màn hình này một lần khi có mạng. Tệp .docx vẫn tạo được khi không có mạng.',
  loading: 'Đang tính số liệu…',
  noUnit: 'Máy chưa có đơn vị.',
  remindersTitle: 'Nhắc việc',
  remindersOn: 'Nhắc hạn báo cáo và chỉ tiêu chưa đạt (tối đa một lần mỗi ngày)',
  notifyAsk: 'Cho phép hiện thông báo',
  notifyDenied: 'Trình duyệt đang chặn thông báo của ứng dụng; nhắc việc chỉ hiện trong ứng dụng.',
  dismiss: 'Đã xem',
  openReport: 'Mở báo cáo kỳ',
};

const en: Record<keyof typeof vi, string> = {
  title: 'Period report',
  open: 'Period report',
  intro: 'Made from the figures on this phone, with or without a network.',
  summary: 'Summary for the Zalo group',
  edited: 'Edited',
  redo: 'Write again from the figures',
  proposalsHint: "The unit's proposals (if any).",
  docx: 'Download .docx',
  xlsx: 'Download .xlsx',
  share: 'Share the report',
  making: 'Making the file…',
  shared: 'Shared {name}.',
  cancelled: 'Share sheet closed; nothing was sent.',
  downloaded: 'Downloaded {name}.',
  downloadedCopied: 'Downloaded {name} and copied the summary: paste it into the Zalo group and attach the file.',
  failed: 'Could not make the report file: {reason}',
  xlsxOffline:
    'The .xlsx writer is not on this phone yet: open this screen once with a network. The .docx is made offline.',
  loading: 'Working out the figures…',
  noUnit: 'This phone has no unit yet.',
  remindersTitle: 'Reminders',
  remindersOn: 'Remind me of report due dates and targets not met (at most once a day)',
  notifyAsk: 'Allow notifications',
  notifyDenied: 'The browser blocks notifications from the app; reminders show in the app only.',
  dismiss: 'Seen',
  openReport: 'Open the period report',
};

/** A message of the report's catalogue. */
export type ReportKey = keyof typeof vi;

/** A message about the period report, sharing or reminders, in the language the app speaks now. */
export function tr(key: ReportKey, params: Record<string, string | number> = {}): string {
  return fill(language() === 'en' ? en[key] : vi[key], params);
}
