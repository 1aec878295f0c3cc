import { useEffect, useState } from 'preact/hooks';
import type { Attachment } from '../../shared/attachment';
import { ATTACHMENT_TYPES } from '../../shared/attachment';
import type { ConsoleApi } from '../sync/console-api';
import { ct } from './messages';

/**
 * An entry's evidence in the drill-down (issue 14): each photo's thumbnail, each file's type; a
 * tap opens the original. Files come with the console's token, so they are fetched as blobs and
 * shown through object URLs (an <img src> could not send it). A file the phone still sends, or
 * lost, says so instead.
 */
export function EvidenceThumbs(props: { api: ConsoleApi; attachments: Attachment[] }) {
  const [error, setError] = useState<string | null>(null);
  const open = async (attachment: Attachment) => {
    try {
      const url = URL.createObjectURL(await props.api.fetchFile(attachment.sha256));
      window.open(url, '_blank', 'noopener');
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (e) {
      setError(ct('evidence.failed', { reason: e instanceof Error ? e.message : String(e) }));
    }
  };
  return (
    <span class="evidence">
      {props.attachments.map((a) => {
        if (!a.complete) {
          const text = ct(a.lost ? 'evidence.lost' : 'evidence.uploading', { name: a.name });
          return (
            <span
              key={a.id}
              class={`evidence-chip ${a.lost ? 'lost' : 'uploading'}`}
              role="img"
              aria-label={text}
              title={text}
            >
              {a.lost ? '⚠' : '…'}
            </span>
          );
        }
        return (
          <button
            key={a.id}
            type="button"
            class="evidence-item"
            onClick={() => void open(a)}
            title={ct('evidence.open', { name: a.name })}
            aria-label={ct('evidence.open', { name: a.name })}
          >
            {a.thumb ? (
              <Thumb api={props.api} sha256={a.thumb.sha256} />
            ) : (
              <span class="evidence-chip">{ATTACHMENT_TYPES[a.mime].extension.toUpperCase()}</span>
            )}
          </button>
        );
      })}
      {error && (
        <span class="error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}

function Thumb(props: { api: ConsoleApi; sha256: string }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let made: string | null = null;
    let live = true;
    props.api
      .fetchFile(props.sha256)
      .then((blob) => {
        if (!live) return;
        made = URL.createObjectURL(blob);
        setUrl(made);
      })
      .catch(() => undefined);
    return () => {
      live = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [props.api, props.sha256]);
  return url ? <img class="evidence-thumb" src={url} alt="" /> : <span class="evidence-thumb" />;
}
