import { formatDateTimeVi } from '../../shared/format';
import { t } from '../i18n/messages';

/** The sync state in words: entries waiting, last good sync, the "sync now" button. */
export function SyncBar(props: {
  pending: number;
  lastSyncAt: string | null;
  running: boolean;
  error: string | null;
  online: boolean;
  onSync: () => void;
}) {
  let problem: string | null = null;
  if (!props.online || props.error === 'offline') problem = t('sync.offline');
  else if (props.error === 'auth') problem = t('sync.auth');
  else if (props.error && props.error !== 'retryable') problem = t('sync.error', { reason: props.error });
  return (
    <section class={`syncbar ${props.pending > 0 ? 'waiting' : 'clear'}`} aria-live="polite">
      <div>
        <strong data-testid="pending">
          {props.pending > 0 ? t('sync.pending', { n: props.pending }) : t('sync.allSent')}
        </strong>
        <small data-testid="last-sync">
          {props.lastSyncAt ? t('sync.last', { time: formatDateTimeVi(props.lastSyncAt) }) : t('sync.never')}
        </small>
        {problem && <small class="problem">{problem}</small>}
      </div>
      <button type="button" class="primary" disabled={props.running} onClick={props.onSync}>
        {props.running ? t('sync.running') : t('sync.now')}
      </button>
    </section>
  );
}
