import { useEffect, useRef, useState } from 'preact/hooks';
import { ATTACHMENT_TYPES } from '../../shared/attachment';
import { ta } from '../i18n/attachment-messages';

/** What the screens show of one attachment. */
export interface AttachmentView {
  id: string;
  kind: 'photo' | 'file';
  name: string;
  thumb: Blob | null;
  state?: 'queued' | 'uploading' | 'done' | 'lost';
  originalDropped?: boolean;
  error?: string | null;
}

/** A small image of a stored blob (its object URL lives as long as the image is shown). */
export function Thumb(props: { item: Pick<AttachmentView, 'kind' | 'name' | 'thumb'>; size?: number }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!props.item.thumb) return;
    const made = URL.createObjectURL(props.item.thumb);
    setUrl(made);
    return () => URL.revokeObjectURL(made);
  }, [props.item.thumb]);
  const size = props.size ?? 56;
  if (props.item.kind === 'file' || !props.item.thumb)
    return (
      <span class="thumb file" style={{ width: size, height: size }} title={props.item.name}>
        {props.item.name.split('.').pop()?.toUpperCase() ?? '?'}
      </span>
    );
  return url ? (
    <img class="thumb" src={url} alt={props.item.name} width={size} height={size} />
  ) : (
    <span class="thumb" style={{ width: size, height: size }} />
  );
}

/** The thumbnails of an entry in a log row. */
export function ThumbStrip(props: { items: AttachmentView[] }) {
  if (props.items.length === 0) return null;
  return (
    <span class="thumbs" data-testid="thumbs">
      {props.items.slice(0, 4).map((item) => (
        <Thumb key={item.id} item={item} size={40} />
      ))}
      {props.items.length > 4 && <span class="thumb more">+{props.items.length - 4}</span>}
    </span>
  );
}

const FILE_ACCEPT = (Object.keys(ATTACHMENT_TYPES) as (keyof typeof ATTACHMENT_TYPES)[])
  .filter((mime) => !mime.startsWith('image/'))
  .flatMap((mime) => [mime, `.${ATTACHMENT_TYPES[mime].extension}`])
  .join(',');

/** The photos and files of an entry in its form: add ("Thêm ảnh", "Thêm tệp"), see, remove. */
export function AttachmentList(props: {
  items: AttachmentView[];
  busy: boolean;
  canAdd: boolean;
  message: string | null;
  onAdd: (files: File[]) => void;
  onRemove: (id: string) => void;
}) {
  const messageRef = useRef<HTMLParagraphElement>(null);
  // A refused photo is said below the fields: bring it into view, or the person thinks it was added.
  useEffect(() => {
    if (props.message) messageRef.current?.scrollIntoView({ block: 'center' });
  }, [props.message]);
  const pick = (e: Event) => {
    const input = e.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    input.value = '';
    if (files.length > 0) props.onAdd(files);
  };
  return (
    <section class="attachments" aria-label={ta('heading')}>
      <h3>{ta('heading')}</h3>
      {props.items.length > 0 && (
        <ul class="attachment-list">
          {props.items.map((item) => (
            <li key={item.id} data-id={item.id} class={`attachment ${item.state ?? ''}`}>
              <Thumb item={item} size={72} />
              <span class="attachment-name">{item.name}</span>
              {item.originalDropped && <small class="original-sent">{ta('originalSent')}</small>}
              {item.state === 'lost' && <small class="error">{ta('lost')}</small>}
              {item.state === 'done' && !item.originalDropped && <small>{ta('sent')}</small>}
              {item.error && <small class="error">{ta('refused', { reason: item.error })}</small>}
              {(item.state === 'queued' || item.state === undefined) && (
                <button type="button" class="secondary small" onClick={() => props.onRemove(item.id)}>
                  {ta('remove')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {props.busy && <p class="attach-busy">{ta('preparing')}</p>}
      {props.message && (
        <p class="form-message" role="alert" data-testid="attach-message" ref={messageRef}>
          {props.message}
        </p>
      )}
      {props.canAdd && (
        <div class="attach-actions">
          <label class="button secondary">
            {ta('addPhoto')}
            <input type="file" name="photo" accept="image/*" capture="environment" hidden onChange={pick} />
          </label>
          <label class="button secondary">
            {ta('addFile')}
            <input type="file" name="file" accept={FILE_ACCEPT} multiple hidden onChange={pick} />
          </label>
        </div>
      )}
      <small class="attach-hint">{ta('hint')}</small>
    </section>
  );
}
