import { readMeta, writeMeta } from '../db/database';
import { useLiveQuery } from '../db/live';
import { formatBytes, ta } from '../i18n/attachment-messages';
import { useServices } from '../services';
import { readUploadQueue } from '../db/attachments';

/** The upload queue in one line ("2 ảnh đang gửi, còn 340 KB") with its pause toggle; nothing when empty. */
export function UploadLine() {
  const { db } = useServices();
  const queue = useLiveQuery(() => readUploadQueue(db), [], { photos: 0, files: 0, bytesLeft: 0 });
  const paused = useLiveQuery(async () => (await readMeta(db)).uploadsPaused, [], false);
  const n = queue.photos + queue.files;
  if (n === 0) return null;
  const left = formatBytes(queue.bytesLeft);
  return (
    <p class="upload-line" role="status" data-testid="upload-line">
      <span>
        {paused
          ? ta('pausedLine', { n, left })
          : ta(queue.files === 0 ? 'uploadingPhotos' : 'uploadingFiles', { n, left })}
      </span>
      <UploadPauseButton paused={paused} />
    </p>
  );
}

/** "Tạm dừng gửi ảnh" / "Tiếp tục gửi ảnh": counts still sync while photos wait. */
export function UploadPauseButton(props: { paused: boolean }) {
  const { db, scheduler } = useServices();
  return (
    <button
      type="button"
      class="secondary small"
      aria-pressed={props.paused}
      onClick={async () => {
        await writeMeta(db, { uploadsPaused: !props.paused });
        if (props.paused) void scheduler.startUploads();
      }}
    >
      {props.paused ? ta('resume') : ta('pause')}
    </button>
  );
}
