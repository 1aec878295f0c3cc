import type { Text } from '../../shared/text';

/** The Vietnamese catalogue; every key the screens use, Vietnamese first. */
export const vi = {
  appName: 'Tuyên truyền CCHC',
  'nav.home': 'Trang chính',
  'nav.log': 'Nhật ký',
  'nav.book': 'Sổ phát thanh',
  'nav.stock': 'Tài liệu',
  'nav.settings': 'Cài đặt',
  'nav.content': 'Được gửi',
  'nav.report': 'Báo cáo kỳ',
  'enroll.title': 'Đăng ký máy',
  'enroll.intro':
    'Nhập mã đăng ký do cán bộ cấp trên cấp. Có mã QR thì quét bằng ứng dụng máy ảnh của điện thoại: đường liên kết mở ra đã điền sẵn mã.',
  'enroll.introScan': 'Quét mã QR do cán bộ cấp trên cấp, hoặc nhập mã đăng ký.',
  'enroll.scan': 'Quét mã QR bằng máy ảnh',
  'enroll.scanStop': 'Dừng quét',
  'enroll.scanFailed': 'Không mở được máy ảnh ({reason}). Hãy nhập mã bằng tay.',
  'enroll.code': 'Mã đăng ký',
  'enroll.deviceName': 'Tên máy (ví dụ: Điện thoại trạm truyền thanh)',
  'enroll.submit': 'Đăng ký',
  'enroll.working': 'Đang đăng ký…',
  'enroll.offline': 'Cần có mạng để đăng ký. Hãy bật Wi-Fi hoặc 4G rồi thử lại.',
  'enroll.failed': 'Không đăng ký được: {reason}',
  'home.tasks': 'Nhiệm vụ của đơn vị',
  'home.noTasks': 'Chưa có nhiệm vụ nào được giao cho đơn vị trong kỳ này.',
  'home.idleTasks': 'Còn {n} nhiệm vụ khác không có chỉ tiêu trong kỳ này.',
  'form.more': 'Thêm: chủ đề, ghi chú, vị trí',
  'home.done': 'Đã làm {actual}/{total}',
  'home.due': 'cần đạt đến hôm nay: {due}',
  'home.target': 'Chỉ tiêu: {target}',
  'task.counted': 'Chỉ tính các mục đã gắn với nhiệm vụ này: xem các mục',
  'task.unlinked': '{n} mục cùng loại trong kỳ chưa gắn nhiệm vụ nào, nên chưa được tính.',
  'task.link': 'Gắn vào nhiệm vụ này',
  'home.quickLog': 'Ghi hoạt động',
  'home.logAgain': 'Ghi lại: {title}',
  'home.totals': 'Kỳ này đã ghi',
  'sync.pending': '{n} mục chờ đồng bộ',
  'sync.allSent': 'Đã gửi hết',
  'sync.last': 'Đồng bộ lần cuối: {time}',
  'sync.never': 'Chưa đồng bộ lần nào',
  'sync.now': 'Đồng bộ ngay',
  'sync.running': 'Đang đồng bộ…',
  'sync.offline': 'Không có mạng — dữ liệu vẫn lưu trên máy',
  'sync.error': 'Lỗi đồng bộ: {reason}',
  'sync.auth': 'Máy này không còn được đăng ký. Hãy xuất dữ liệu rồi đăng ký lại.',
  'storage.persisted': 'Dữ liệu trên máy được giữ lâu dài: trình duyệt không tự xóa.',
  'storage.notPersisted':
    'Trình duyệt có thể tự xóa dữ liệu của ứng dụng khi máy đầy bộ nhớ. Hãy đồng bộ thường xuyên, hoặc xin giữ dữ liệu lâu dài.',
  'storage.unknown': 'Trình duyệt này không cho biết có giữ dữ liệu lâu dài hay không. Hãy đồng bộ thường xuyên.',
  'storage.atRisk':
    '{n} mục chưa gửi chỉ có trên máy này, và trình duyệt có thể xóa khi máy đầy bộ nhớ. Hãy đồng bộ khi có mạng.',
  'storage.ask': 'Xin giữ dữ liệu lâu dài',
  'storage.full':
    'Bộ nhớ máy đã đầy, mục này CHƯA được lưu. Các mục đã lưu trước vẫn còn nguyên. Hãy xóa bớt ảnh, ứng dụng khác rồi bấm Lưu lại.',
  'period.prev': 'Kỳ trước',
  'period.next': 'Kỳ sau',
  'period.basis': 'Cách tính kỳ báo cáo',
  'period.range': 'Từ {from} đến {to}',
  'form.new': 'Ghi: {kind}',
  'form.edit': 'Sửa: {kind}',
  'form.date': 'Ngày',
  'form.title': 'Nội dung, tiêu đề',
  'form.task': 'Thuộc nhiệm vụ',
  'form.noTask': '— Không gắn nhiệm vụ —',
  'form.topics': 'Chủ đề (cách nhau bởi dấu phẩy)',
  'form.note': 'Ghi chú',
  'form.location': 'Gắn vị trí hiện tại',
  'form.locationOk': 'Đã lấy vị trí',
  'form.locationFailed': 'Không lấy được vị trí',
  'form.save': 'Lưu',
  'form.saving': 'Đang lưu…',
  'form.saved': 'Đã lưu',
  'form.cancel': 'Quay lại',
  'form.void': 'Hủy mục này',
  'form.voidReason': 'Lý do hủy',
  'form.voidConfirm': 'Xác nhận hủy',
  'form.required': 'Hãy nhập {field}.',
  'form.positive': '{field} phải là số nguyên dương.',
  'form.range': '{field} phải là số từ {min} đến {max}.',
  'form.atMost': '{field} không được lớn hơn {other}.',
  'kind.unknown': 'Loại hoạt động mới ({kind})',
  'entry.unknownKind':
    'Mục này thuộc một loại hoạt động mà phiên bản ứng dụng trên máy chưa biết. Máy vẫn giữ và gửi nó; hãy cập nhật ứng dụng để sửa.',
  'log.title': 'Nhật ký hoạt động',
  'log.empty': 'Chưa có mục nào trong kỳ này.',
  'log.more': 'Xem thêm {n} mục cũ hơn',
  'log.allKinds': 'Mọi loại',
  'log.allTasks': 'Mọi nhiệm vụ',
  'log.voided': 'Đã hủy: {reason}',
  'log.pending': 'Chờ gửi',
  'log.synced': 'Đã gửi',
  'log.conflict': 'Có bản khác trên máy chủ',
  'log.rejected': 'Máy chủ không nhận: {reason}',
  'log.fix': 'Sửa lại',
  'log.saving': 'Đang lưu…',
  'log.notSaved': 'CHƯA lưu được',
  'log.retry': 'Lưu lại',
  'conflict.title': 'Hai bản khác nhau — chọn bản đúng',
  'conflict.mine': 'Bản trên máy này',
  'conflict.theirs': 'Bản trên máy chủ',
  'conflict.keepMine': 'Giữ bản máy này',
  'conflict.takeTheirs': 'Lấy bản máy chủ',
  'book.title': 'Nhật ký phát thanh tuyên truyền CCHC',
  'book.print': 'In sổ',
  'book.date': 'Ngày',
  'book.time': 'Buổi',
  'book.content': 'Nội dung',
  'book.minutesShort': 'Phút',
  'book.minutes': 'Thời lượng (phút)',
  'book.source': 'Nguồn',
  'book.note': 'Ghi chú',
  'book.total': 'Cộng: {sessions} buổi, {minutes} phút',
  'book.preparer': 'Người ghi sổ',
  'book.chairman': 'Xác nhận của UBND xã',
  'book.sign': '(Ký, ghi rõ họ tên)',
  'stock.title': 'Tài liệu đang giữ',
  'stock.held': 'Còn giữ',
  'stock.received': 'Nhận',
  'stock.distributed': 'Đã phát',
  'stock.total': 'Tổng số bản đang giữ: {n}',
  'stock.empty': 'Chưa ghi tài liệu nào.',
  'settings.title': 'Cài đặt và dữ liệu',
  'settings.language': 'Ngôn ngữ',
  'settings.unit': 'Đơn vị: {unit}',
  'settings.device': 'Máy: {name}',
  'settings.export': 'Xuất dữ liệu',
  'settings.exportHint': 'Lưu mọi mục trên máy ra một tệp để gửi qua Zalo, USB…',
  'settings.import': 'Nhập dữ liệu từ máy khác',
  'settings.imported': 'Đã nhập {n} mục mới.',
  'settings.importFailed': 'Tệp không đúng định dạng dữ liệu CCHC.',
  'settings.signOut': 'Đăng xuất, đăng ký lại',
  'settings.signOutWarn':
    'Còn {n} mục CHƯA gửi lên máy chủ. Nếu đăng xuất, các mục này sẽ mất. Hãy đồng bộ hoặc xuất dữ liệu trước. Vẫn đăng xuất?',
  'settings.signOutConfirm': 'Đăng xuất khỏi máy này?',
  'update.ready': 'Đã có phiên bản mới',
  'update.apply': 'Cập nhật ngay',
  'update.syncFirst': 'Còn {n} mục chưa gửi: đồng bộ trước rồi mới cập nhật',
  'status.not_started': 'Chưa thực hiện',
  'per.none': 'Thường xuyên',
} as const;

/** A key of the catalogue. */
export type MessageKey = keyof typeof vi;

/** The English catalogue. */

/** The languages the app speaks. */
export type Language = 'vi' | 'en';

let current: Language = 'vi';
// English is loaded when someone chooses it: most phones never need it, and it would weigh on
// the first screen of all (issue 18's budget). Until it arrives, `t` speaks Vietnamese.
let english: Record<MessageKey, string> | null = null;
let englishOne: ((template: string) => string) | null = null;

/** Loads a language's catalogue if it is not here yet; resolves when `t` can speak it. */
export async function loadLanguage(language: Language): Promise<void> {
  if (language === 'en' && !english) ({ en: english, englishOne } = await import('./messages-en'));
}

/** True when `t` can speak `language` now. */
export function isLanguageLoaded(language: Language): boolean {
  return language === 'vi' || english !== null;
}

/** Switches the language of every later `t` call. */
export function setLanguage(language: Language): void {
  current = language;
  if (typeof document !== 'undefined') document.documentElement.lang = language;
}

/** The current language. */
export function language(): Language {
  return current;
}

/** A label of the shared definitions (kinds, statuses, periods) in the language the app speaks now. */
export function tx(text: Text): string {
  return current === 'en' ? text.en : text.vi;
}

/** A message of the catalogue with `{name}` placeholders filled. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  return fill(current === 'en' && english ? english[key] : vi[key], params);
}

/** A template with `{name}` placeholders filled; in English, a count of one takes the singular. */
export function fill(template: string, params: Record<string, string | number>): string {
  if (params.n === 1 && current === 'en' && englishOne) template = englishOne(template);
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}
