import { t } from '../i18n/messages';

/** Tells that a new version waits; it applies only once nothing waits to sync. */
export function UpdateBanner(props: { pending: number; onApply: () => void; onSync: () => void }) {
  return (
    <div class="update-banner" role="status">
      <strong>{t('update.ready')}</strong>
      {props.pending > 0 ? (
        <button type="button" onClick={props.onSync}>
          {t('update.syncFirst', { n: props.pending })}
        </button>
      ) : (
        <button type="button" class="primary" onClick={props.onApply}>
          {t('update.apply')}
        </button>
      )}
    </div>
  );
}
