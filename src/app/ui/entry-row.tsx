import { useEffect, useRef } from 'preact/hooks';
import type { ActivityInput } from '../../shared/activity';
import { formatDateVi } from '../../shared/format';
import { t } from '../i18n/messages';
import { describeFigures, kindLabel } from './kind-text';

/** What a row shows of an entry. */
export interface EntryView extends Pick<ActivityInput, 'id' | 'kind' | 'date' | 'title' | 'figures'> {
  voided: boolean;
  voidReason?: string | null | undefined;
  syncState: 'pending' | 'synced' | 'conflict' | 'rejected';
  error?: string | null | undefined;
  conflictWith?: (Pick<ActivityInput, 'kind' | 'date' | 'title' | 'figures'> & { voided: boolean }) | null | undefined;
}

function Summary(props: { entry: Pick<EntryView, 'date' | 'title' | 'kind' | 'figures' | 'voided'> }) {
  return (
    <div class="summary">
      <span>{formatDateVi(props.entry.date)}</span>
      <strong>{props.entry.title}</strong>
      <span>{describeFigures(props.entry)}</span>
      {props.entry.voided && <em>✕</em>}
    </div>
  );
}

/** One entry of the log, with its sync state; conflicts show both versions to choose. */
export function EntryRow(props: {
  entry: EntryView;
  /** true while the entry is being written; a message when writing it failed. */
  saving?: true | string | undefined;
  onRetry?: () => void;
  onOpen: () => void;
  onKeepMine: () => void;
  onTakeTheirs: () => void;
  /** Drawn under the entry's text (its photos' thumbnails). */
  extra?: preact.ComponentChildren;
}) {
  const e = props.entry;
  const failure = typeof props.saving === 'string' ? props.saving : null;
  const failureRef = useRef<HTMLDivElement>(null);
  // A failed save (storage full) must be seen without scrolling, not left under the menu bar. The
  // failure can come while the log is still kept hidden under the form (app.tsx): scrolling a hidden
  // row does nothing, so wait, frame by frame (at most ~2 s), until the log is uncovered.
  useEffect(() => {
    if (!failure) return;
    let frame = 0;
    let frames = 0;
    const reveal = () => {
      const row = failureRef.current;
      if (!row) return;
      if (row.closest('.behind') && frames++ < 120) frame = requestAnimationFrame(reveal);
      else row.scrollIntoView({ block: 'center' });
    };
    reveal();
    return () => cancelAnimationFrame(frame);
  }, [failure]);
  const badge =
    props.saving === true
      ? t('log.saving')
      : typeof props.saving === 'string'
        ? t('log.notSaved')
        : e.syncState === 'pending'
          ? t('log.pending')
          : e.syncState === 'synced'
            ? t('log.synced')
            : e.syncState === 'conflict'
              ? t('log.conflict')
              : t('log.rejected', { reason: e.error ?? '' });
  return (
    <li class={`entry-row ${e.syncState} ${e.voided ? 'voided' : ''}`} data-id={e.id}>
      <button type="button" class="entry-open" onClick={props.onOpen} disabled={props.saving !== undefined}>
        <span class="kind">{kindLabel(e.kind)}</span>
        <span class="title">{e.title || '—'}</span>
        <span class="figures">{describeFigures(e)}</span>
        {e.voided && <span class="void-note">{t('log.voided', { reason: e.voidReason ?? '' })}</span>}
        <span class={`state state-${e.syncState}`}>{badge}</span>
        {props.extra}
      </button>
      {e.syncState === 'conflict' && e.conflictWith && (
        <div class="conflict">
          <p>{t('conflict.title')}</p>
          <div class="side-by-side">
            <div>
              <h4>{t('conflict.mine')}</h4>
              <Summary entry={e} />
              <button type="button" class="primary" onClick={props.onKeepMine}>
                {t('conflict.keepMine')}
              </button>
            </div>
            <div>
              <h4>{t('conflict.theirs')}</h4>
              <Summary entry={e.conflictWith} />
              <button type="button" class="secondary" onClick={props.onTakeTheirs}>
                {t('conflict.takeTheirs')}
              </button>
            </div>
          </div>
        </div>
      )}
      {failure && (
        <div class="save-failed" role="alert" ref={failureRef}>
          <p>{failure}</p>
          <button type="button" class="primary" onClick={props.onRetry}>
            {t('log.retry')}
          </button>
        </div>
      )}
      {e.syncState === 'rejected' && (
        <button type="button" class="secondary fix" onClick={props.onOpen}>
          {t('log.fix')}
        </button>
      )}
    </li>
  );
}
