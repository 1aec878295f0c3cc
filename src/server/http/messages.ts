import { formatNumberVi } from '../../shared/format';
import { MAX_BODY_BYTES } from '../../shared/sync';

/** Every message the server sends a person, in Vietnamese, in one place. */
export const MESSAGES = {
  badRequest: 'Yêu cầu không hợp lệ: hãy kiểm tra các trường được nêu.',
  badJson: 'Nội dung gửi lên không phải JSON hợp lệ.',
  badEncoding: 'Nội dung nén không giải nén được; hãy gửi lại.',
  unsupportedMediaType: 'Chỉ nhận nội dung JSON (Content-Type: application/json).',
  noToken: 'Thiếu mã truy cập: hãy đăng ký máy bằng mã đăng ký do cấp trên cấp.',
  badToken: 'Mã truy cập không đúng hoặc máy đã bị thu hồi: hãy đăng ký lại bằng mã mới.',
  wrongDevice: 'Mã máy trong yêu cầu không khớp với máy đã đăng ký.',
  supervisorOnly: 'Chỉ tài khoản giám sát (cấp trên) được làm việc này.',
  outOfScope: 'Đơn vị này nằm ngoài phạm vi của máy; hãy chọn đơn vị của mình.',
  bodyTooLarge: `Dữ liệu gửi lên quá lớn (tối đa ${MAX_BODY_BYTES / 1024 / 1024} MiB sau giải nén); hãy gửi thành nhiều lần.`,
  tooManyMutations: (max: number) => `Mỗi lần đồng bộ gửi tối đa ${max} thay đổi; hãy chia nhỏ.`,
  protocolVersion: (v: number) =>
    `Ứng dụng dùng giao thức đồng bộ phiên bản ${v}, máy chủ chỉ hỗ trợ phiên bản 1: hãy cập nhật ứng dụng.`,
  tooFast: 'Máy gửi quá nhanh; hãy thử lại sau ít giây.',
  busy: 'Máy chủ đang bận vì nhiều máy cùng đồng bộ; máy sẽ tự thử lại sau ít giây.',
  tooManyCodeTries: 'Nhập sai mã đăng ký quá nhiều lần; hãy đợi một lát rồi thử lại.',
  badCode: 'Mã đăng ký không đúng, đã dùng hoặc đã hết hạn: hãy xin cấp trên mã mới.',
  notFound: 'Không tìm thấy địa chỉ này.',
  nulCharacter: 'Dữ liệu có ký tự rỗng (NUL) không lưu được; hãy gõ lại nội dung.',
  unitNotFound: 'Không tìm thấy đơn vị.',
  activityNotFound: 'Không tìm thấy mục này.',
  activityOutOfScope: 'Mục này thuộc đơn vị ngoài phạm vi của máy.',
  planNotFound: 'Không tìm thấy kế hoạch.',
  deviceNotFound: 'Không tìm thấy máy.',
  noDraft: 'Kế hoạch không có bản nháp để ban hành; hãy sửa kế hoạch trước.',
  badPeriod: 'Mã kỳ báo cáo không hợp lệ (ví dụ: 2021-Q3, 2021-M07, 2021-H1, 2021-9M, 2021).',
  internal: 'Máy chủ gặp lỗi ngoài ý muốn; dữ liệu chưa bị thay đổi. Hãy thử lại sau.',
  timeout: 'Máy chủ xử lý quá lâu; hãy thử lại.',
  importUnavailable: 'Chức năng nhập kế hoạch chưa sẵn sàng trên máy chủ này.',
  adminLoopbackOnly: 'Lệnh quản trị chỉ nhận từ chính máy chủ (127.0.0.1).',
  adminBadSecret: 'Khóa quản trị không đúng: máy chủ đã khởi động lại? Hãy chạy lại lệnh.',
  importFailed: 'Không đọc được tệp kế hoạch: hãy kiểm tra định dạng (văn bản, .docx hoặc PDF).',
  // Per-mutation reasons: acknowledged, shown beside the entry on the phone.
  otherUnit: 'Mục này thuộc đơn vị khác, máy không được ghi vào; hãy chọn đơn vị của mình.',
  unknownUnit: 'Đơn vị của mục này không có trên máy chủ; hãy tải lại danh sách đơn vị.',
  editsVoided: 'Mục này đã bị hủy trên máy chủ nên không sửa được; hãy tạo mục mới nếu cần.',
  alreadyVoided: 'Mục này đã bị hủy trước đó.',
  unknownBaseVersion: 'Máy chủ không có phiên bản mà bản sửa này dựa vào; hãy tải lại mục rồi sửa lại.',
  unknownEntry: 'Máy chủ chưa có mục này nên không sửa hay hủy được; hãy gửi mục gốc trước.',
  unknownOp: 'Loại thay đổi không được hỗ trợ (chỉ upsert hoặc void).',
  invalidMutation: (detail: string) => `Mục không hợp lệ: ${detail}`,
  // The reason the phone shows on an entry it could not send (a `too-large` stand-in).
  mutationTooLarge: (bytes: number) =>
    `Mục này quá lớn để gửi (${formatNumberVi(Math.ceil(bytes / 1024))} KB): hãy rút ngắn ghi chú, tiêu đề hoặc chủ đề rồi lưu lại.`,
  conflict: 'Mục đã được sửa ở nơi khác; hãy xem bản trên máy chủ và chọn bản giữ lại.',
  // Evidence (photos and files on entries).
  entryNotOnServer: 'Máy chủ chưa có mục này: tệp đính kèm sẽ được gửi sau khi mục được đồng bộ.',
  attachmentNotFound: 'Không tìm thấy tệp đính kèm.',
  attachmentIdTaken: 'Mã tệp đính kèm này đã được dùng cho một tệp khác.',
  tooManyAttachments: (max: number) => `Mỗi mục được đính kèm tối đa ${max} tệp.`,
  quotaExceeded: (gb: string) =>
    `Đơn vị đã dùng hết dung lượng lưu minh chứng (tối đa ${gb} GB): hãy xóa bớt tệp hoặc liên hệ cấp trên.`,
  fileNotRegistered: 'Máy chưa đăng ký tệp này cho mục nào của đơn vị; hãy đăng ký tệp trước khi gửi.',
  fileNotFound: 'Không tìm thấy tệp, hoặc tệp nằm ngoài phạm vi của máy.',
  fileTooLarge: 'Tệp quá lớn: mỗi tệp tối đa 10 MB.',
  chunkTooLarge: (kb: number) => `Mỗi lần gửi tối đa ${kb} KB của tệp; hãy chia nhỏ.`,
  badContentRange: 'Thiếu hoặc sai tiêu đề Content-Range (dạng: bytes <đầu>-<cuối>/<tổng>).',
  sizeMismatch: 'Kích thước tệp gửi lên khác với kích thước đã đăng ký.',
  chunkOutOfOrder: 'Phần tệp này không nối tiếp phần máy chủ đã nhận; hãy gửi tiếp từ vị trí máy chủ báo.',
  hashMismatch:
    'Tệp nhận được không khớp mã SHA-256 đã đăng ký (có thể bị hỏng khi truyền): máy chủ đã bỏ phần đã nhận, hãy gửi lại từ đầu.',
  badRange: (size: number) =>
    `Phần tệp được hỏi nằm ngoài tệp (tệp có ${formatNumberVi(size)} byte); hãy tải lại từ đầu.`,
  contentNotFound: 'Không tìm thấy nội dung này, hoặc nội dung không gửi cho đơn vị của máy.',
  contentIdTaken: 'Mã nội dung này đã dùng cho một nội dung khác; hãy tạo lại nội dung.',
  contentUnitOutOfScope: 'Chỉ gửi nội dung cho các đơn vị thuộc phạm vi của mình; hãy bỏ đơn vị ngoài phạm vi.',
  contentUnitUnknown: 'Có đơn vị nhận không tồn tại; hãy chọn lại đơn vị nhận.',
  wrongFileType: (
    expected: string,
    detected: string | null,
    accepted = 'ảnh JPEG, PNG, WebP, tệp PDF hoặc Word (.docx)',
  ) =>
    `Tệp không phải ${expected}: ${detected ? `nội dung của tệp là ${detected}` : 'nội dung của tệp không thuộc loại nào được nhận'}. Chỉ nhận ${accepted}, xét theo nội dung tệp chứ không theo tên.`,
  unreadableImage: (label: string) =>
    `Không đọc được kích thước của ${label} này; hãy chụp hoặc lưu lại ảnh rồi gửi lại.`,
  imageTooManyPixels: (megapixels: number) =>
    `Ảnh có kích thước khai báo quá lớn (tối đa ${megapixels} megapixel); hãy gửi ảnh nhỏ hơn.`,
  evidenceTooLarge:
    'Minh chứng của đơn vị trong kỳ này quá lớn cho một tệp nén (tối đa 4 GB): hãy chọn đơn vị cấp dưới hoặc kỳ ngắn hơn.',
  docxBomb:
    'Tệp Word khai báo nội dung giải nén quá lớn (tối đa 100 MB, nén tối đa 100 lần); máy chủ không nhận tệp này.',
  // Closing a period (sign-off and nudges).
  submitOwnUnitOnly: 'Máy chỉ gửi được báo cáo kỳ của đơn vị mình.',
  submissionIdTaken: 'Mã lần gửi này đã được dùng cho một báo cáo khác; hãy gửi lại.',
  submissionNotFound: 'Không tìm thấy lần gửi báo cáo này.',
  decideBelowOnly: 'Chỉ cấp trên của đơn vị được duyệt hoặc trả lại báo cáo của đơn vị đó.',
  submissionSuperseded: 'Đơn vị đã gửi lại báo cáo kỳ này sau lần này: hãy xem lần gửi mới nhất.',
  submissionDecided: (status: string) => `Báo cáo này đã ${status}; hãy tải lại để xem tình trạng mới nhất.`,
  nudgeBelowOnly: 'Chỉ gửi được nhắc nhở tới các đơn vị cấp dưới của mình.',
} as const;
