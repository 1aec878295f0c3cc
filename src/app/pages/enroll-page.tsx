import { useEffect, useRef, useState } from 'preact/hooks';
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
  // A scanner only where the browser reads QR codes itself; elsewhere the phone's camera app opens
  // the code's link, which fills the code in.
  const [canScan] = useState(() => 'BarcodeDetector' in globalThis && !!globalThis.navigator?.mediaDevices);
  const [scanning, setScanning] = useState(false);
  const video = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    if (!scanning || !video.current) return;
    let stop = () => {};
    let live = true;
    void import('./qr-scan').then(({ scanQr }) => {
      if (!live || !video.current) return;
      const scan = scanQr(video.current);
      stop = scan.stop;
      scan.code.then(
        (found) => {
          setCode(found);
          setScanning(false);
        },
        (failure: unknown) => {
          if (!live) return;
          setScanning(false);
          setError(t('enroll.scanFailed', { reason: failure instanceof Error ? failure.message : String(failure) }));
        },
      );
    });
    return () => {
      live = false;
      stop();
    };
  }, [scanning]);
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
      <p>{t(canScan ? 'enroll.introScan' : 'enroll.intro')}</p>
      {canScan && (
        <div class="scan">
          <button type="button" class="big" onClick={() => setScanning((on) => !on)}>
            {scanning ? t('enroll.scanStop') : t('enroll.scan')}
          </button>
          {scanning && <video ref={video} class="scan-video" muted playsInline aria-label={t('enroll.scan')} />}
        </div>
      )}
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
