import { fill, language } from './messages';

// The words of the content upstream sends (issue 15), in a catalogue of their own: only the
// content screen loads it, so none of it weighs on the first screen.

const vi = {
  title: 'Nội dung được gửi',
  empty: 'Cấp trên chưa gửi nội dung nào cho đơn vị. Danh sách cập nhật sau mỗi lần đồng bộ.',
  new: 'Mới',
  downloaded: 'Đã tải về',
  downloading: 'Đang tải {percent}%',
  waiting: 'Chờ tải khi có mạng',
  notReady: 'Cấp trên chưa gửi xong tệp',
  ask: 'Tệp {size}, mạng đang tốn phí hoặc chậm.',
  download: 'Tải về ({size})',
  aired: 'Đã phát {n} lần',
  airedOf: 'Đã phát {n}/{min} lần',
  received: 'Đã nhận {n} bản',
  due: 'Hạn: {date}',
  from: 'Của {unit}',
  audio: 'Âm thanh',
  document: 'Tài liệu',
  script: 'Kịch bản',
  open: 'Mở',
  play: 'Phát',
  pause: 'Tạm dừng',
  stop: 'Dừng',
  back: 'Danh sách',
  elapsed: '{elapsed} / {total}',
  notHeld: 'Tệp chưa tải về máy; hãy mở lại khi có mạng.',
  startReading: 'Bắt đầu đọc',
  endReading: 'Đọc xong',
  offer: 'Ghi vào sổ phát thanh: tiếp sóng “{title}”, {minutes} phút, {date} lúc {time}.',
  save: 'Lưu vào sổ',
  saved: 'Đã ghi vào sổ phát thanh.',
  dismiss: 'Không ghi',
  markReceived: 'Đã nhận',
  copies: 'Số bản nhận',
  receivedSaved: 'Đã ghi nhận {n} bản “{title}”.',
  playedAt: 'Tiếp sóng lúc {time}',
  openFile: 'Mở tệp',
  cannotPlay: 'Máy không phát được tệp này ({reason}). Hãy thử tải lại khi có mạng.',
} as const;

type ContentKey = keyof typeof vi;

const en: Record<ContentKey, string> = {
  title: 'Content sent to you',
  empty: 'Nothing has been sent to your unit yet. The list updates after each sync.',
  new: 'New',
  downloaded: 'Downloaded',
  downloading: 'Downloading {percent}%',
  waiting: 'Waits for a connection',
  notReady: 'Upstream has not finished sending the file',
  ask: 'File of {size}, and the connection is costly or slow.',
  download: 'Download ({size})',
  aired: 'Aired {n} times',
  airedOf: 'Aired {n}/{min} times',
  received: '{n} copies received',
  due: 'Due: {date}',
  from: 'From {unit}',
  audio: 'Audio',
  document: 'Document',
  script: 'Script',
  open: 'Open',
  play: 'Play',
  pause: 'Pause',
  stop: 'Stop',
  back: 'List',
  elapsed: '{elapsed} / {total}',
  notHeld: 'The file is not on this phone yet; open it again when online.',
  startReading: 'Start reading',
  endReading: 'Done reading',
  offer: 'Log in the broadcast book: relayed “{title}”, {minutes} minutes, {date} at {time}.',
  save: 'Save to the book',
  saved: 'Logged in the broadcast book.',
  dismiss: 'Do not log',
  markReceived: 'Received',
  copies: 'Copies received',
  receivedSaved: '{n} copies of “{title}” logged received.',
  playedAt: 'Relayed at {time}',
  openFile: 'Open the file',
  cannotPlay: 'This phone cannot play the file ({reason}). Try downloading it again when online.',
};

/** A message of the content screen, in the language the app speaks now. */
export function tc(key: ContentKey, params: Record<string, string | number> = {}): string {
  return fill(language() === 'en' ? en[key] : vi[key], params);
}
