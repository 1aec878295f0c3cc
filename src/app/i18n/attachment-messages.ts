import { MAX_PHOTO_INPUT_PIXELS } from '../../shared/attachment';
import { fill, language } from './messages';

// The words of photos and files (issue 14), in a catalogue of their own: only the screens that
// show attachments load it, so none of it weighs on the first screen.

const vi = {
  addPhoto: 'Thêm ảnh',
  addFile: 'Thêm tệp',
  heading: 'Ảnh và tệp minh chứng',
  hint: 'Ảnh được thu nhỏ và bỏ thông tin vị trí của máy ảnh trước khi lưu; nếu bạn gắn vị trí cho mục này, ảnh mang vị trí đó. Ảnh gửi lên sau khi số liệu đã gửi.',
  remove: 'Bỏ',
  preparing: 'Đang thu nhỏ ảnh…',
  tooMany: 'Mỗi mục chỉ đính kèm tối đa {n} ảnh hoặc tệp.',
  tooLarge:
    'Tệp “{name}” quá lớn ({size}), mỗi tệp tối đa 10 MB: chưa thêm tệp này. Hãy chọn tệp nhỏ hơn, hoặc chụp ảnh từng trang.',
  wrongType:
    'Tệp “{name}” không phải ảnh, tệp PDF hay Word (.docx) (xét theo nội dung, không theo tên): chưa thêm tệp này. Hãy chọn đúng ảnh hoặc tệp cần đính kèm.',
  unreadable: 'Không đọc được ảnh “{name}”: tệp ảnh có thể bị hỏng. Hãy chụp lại hoặc chọn ảnh khác.',
  tooManyPixels:
    'Ảnh “{name}” khai báo {mp} megapixel, quá lớn để máy mở (tối đa {max} megapixel): chưa thêm ảnh này. Hãy chụp lại hoặc chọn ảnh khác.',
  full: 'Bộ nhớ máy đã đầy, chưa thêm được ảnh này. Mục và các ảnh đã thêm vẫn còn nguyên. Hãy xóa bớt ảnh, ứng dụng khác rồi thử lại.',
  originalSent: 'Ảnh gốc đã gửi lên máy chủ',
  lost: 'Tệp không còn trên máy',
  sent: 'Đã gửi',
  waiting: 'Chờ gửi',
  uploadingPhotos: '{n} ảnh đang gửi, còn {left}',
  uploadingFiles: '{n} ảnh và tệp đang gửi, còn {left}',
  pausedLine: 'Đã tạm dừng gửi {n} ảnh và tệp ({left})',
  pause: 'Tạm dừng gửi ảnh',
  resume: 'Tiếp tục gửi ảnh',
  pauseHint: 'Khi mạng đắt hoặc yếu: số liệu vẫn đồng bộ, ảnh và tệp chờ đến khi tiếp tục.',
  bytes: 'Ảnh và tệp: {size}',
  refused: 'Máy chủ không nhận ảnh: {reason}',
} as const;

type AttachmentKey = keyof typeof vi;

const en: Record<AttachmentKey, string> = {
  addPhoto: 'Add photo',
  addFile: 'Add file',
  heading: 'Photos and files',
  hint: "Photos are shrunk and the camera's location removed before they are stored; if you tag this entry's location, the photos carry it. They go up after the figures.",
  remove: 'Remove',
  preparing: 'Shrinking the photo…',
  tooMany: 'An entry takes at most {n} photos or files.',
  tooLarge:
    'File “{name}” is too large ({size}); a file takes 10 MB at most: it was not added. Pick a smaller file, or photograph each page.',
  wrongType:
    'File “{name}” is not a photo, PDF or Word (.docx) file (by its content, not its name): it was not added. Pick the right photo or file.',
  unreadable: 'Could not read photo “{name}”: the file may be damaged. Take it again or pick another.',
  tooManyPixels:
    'Photo “{name}” declares {mp} megapixels, too large for the phone to open ({max} at most): it was not added. Take it again or pick another.',
  full: "The phone's storage is full: this photo was not added. The entry and its other photos are kept. Free some space and try again.",
  originalSent: 'The original photo is on the server',
  lost: 'The file is no longer on this phone',
  sent: 'Sent',
  waiting: 'Waiting to send',
  uploadingPhotos: '{n} photos sending, {left} left',
  uploadingFiles: '{n} photos and files sending, {left} left',
  pausedLine: 'Sending {n} photos and files paused ({left})',
  pause: 'Pause sending photos',
  resume: 'Resume sending photos',
  pauseHint: 'On a costly or weak link: figures still sync, photos and files wait until you resume.',
  bytes: 'Photos and files: {size}',
  refused: 'The server refused the photo: {reason}',
};

/** A message about photos and files, in the language the app speaks now. */
export function ta(key: AttachmentKey, params: Record<string, string | number> = {}): string {
  return fill(language() === 'en' ? en[key] : vi[key], params);
}

/** Why a picked photo or file was not attached, and what to do. */
export function refusalText(refusal: {
  reason: 'tooLarge' | 'wrongType' | 'unreadable' | 'tooManyPixels';
  fileName: string;
  figure?: number;
}): string {
  const mp = (n: number) => Math.round(n).toLocaleString(language() === 'en' ? 'en-US' : 'vi-VN');
  return ta(refusal.reason, {
    name: refusal.fileName,
    size: formatBytes(refusal.figure ?? 0),
    mp: mp(refusal.figure ?? 0),
    max: mp(MAX_PHOTO_INPUT_PIXELS / 1_000_000),
  });
}

/** A size in words: "340 KB", "3,2 MB" (Vietnamese decimal comma). */
export function formatBytes(bytes: number): string {
  const comma = (n: number) => (language() === 'en' ? n.toFixed(1) : n.toFixed(1).replace('.', ','));
  if (bytes < 1024 * 1024) return `${Math.max(bytes > 0 ? 1 : 0, Math.round(bytes / 1024))} KB`;
  return `${comma(bytes / (1024 * 1024))} MB`;
}
