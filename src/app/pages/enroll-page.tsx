import { useState } from 'preact/hooks';
import { t } from '../i18n/messages';
import { useServices } from '../services';
import { SyncError } from '../sync/transport';

/** Enrollment: the code from the link (`?code=`) or typed, and a name for the phone. */
export function EnrollPage(props: { initialCode: string; onEnrolled: () => void }) {
  const { db, transport } = useServices();
  const [code, setCode] = useState(props.initialCode);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (code.trim().length < 4 || name.trim() === '') return;
    setBusy(true);
    setError(null);
    try {
      // The round trip's code loads when the person enrolls, not with the screen.
      const { enrollDevice } = await import('../sync/sync-client');
      await enrollDevice(db, transport, code, name);
      history.replaceState(null, '', location.pathname);
      props.onEnrolled();
    } catch (failure) {
      setError(
        failure instanceof SyncError && failure.kind === 'offline'
          ? t('enroll.offline')
          : t('enroll.failed', { reason: failure instanceof Error ? failure.message : String(failure) }),
      );
      setBusy(false);
    }
  };
  return (
    <div class="page enroll">
      <h1>{t('enroll.title')}</h1>
      <p>{t('enroll.intro')}</p>
      <form onSubmit={submit}>
        <label class="field">
          <span>{t('enroll.code')}</span>
          <input
            name="code"
            autoComplete="off"
            autoCapitalize="characters"
            value={code}
            onInput={(e) => setCode((e.target as HTMLInputElement).value)}
          />
        </label>
        <label class="field">
          <span>{t('enroll.deviceName')}</span>
          <input name="deviceName" value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
        </label>
        {error && (
          <p class="form-message" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="primary big" disabled={busy || code.trim().length < 4 || name.trim() === ''}>
          {busy ? t('enroll.working') : t('enroll.submit')}
        </button>
      </form>
    </div>
  );
}
