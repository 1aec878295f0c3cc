import { fill, language } from './messages';

// The words of photos and files (issue 14), in a catalogue of their own: only the screens that
// show attachments load it, so none of it weighs on the first screen.

const vi = {
  addPhoto: 'Thêm ảnh',
  addFile: 'Thêm tệp',
  heading: 'Ảnh và tệp minh chứng',
  hint: 'Ảnh được thu nhỏ và bỏ thông tin vị trí trước khi lưu. Ảnh gửi lên sau khi số liệu đã gửi.',
  remove: 'Bỏ',
  preparing: 'Đang thu nhỏ ảnh…',
  tooMany: 'Mỗi mục chỉ đính kèm tối đa {n} ảnh hoặc tệp.',
  tooLarge: 'Tệp “{name}” quá lớn: tối đa 10 MB.',
  wrongType: 'Tệp “{name}” không nhận được: chỉ nhận ảnh, tệp PDF hoặc Word (.docx).',
  unreadable: 'Không đọc được ảnh “{name}”.',
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
  hint: 'Photos are shrunk and their location removed before they are stored. They go up after the figures.',
  remove: 'Remove',
  preparing: 'Shrinking the photo…',
  tooMany: 'An entry takes at most {n} photos or files.',
  tooLarge: 'File “{name}” is too large: 10 MB at most.',
  wrongType: 'File “{name}” cannot be attached: only photos, PDF or Word (.docx) files.',
  unreadable: 'Could not read photo “{name}”.',
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

/** A size in words: "340 KB", "3,2 MB" (Vietnamese decimal comma). */
export function formatBytes(bytes: number): string {
  const comma = (n: number) => (language() === 'en' ? n.toFixed(1) : n.toFixed(1).replace('.', ','));
  if (bytes < 1024 * 1024) return `${Math.max(bytes > 0 ? 1 : 0, Math.round(bytes / 1024))} KB`;
  return `${comma(bytes / (1024 * 1024))} MB`;
}
