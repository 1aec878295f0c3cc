import { useState } from 'preact/hooks';
import { attachmentBytes } from '../db/attachments';
import { clearDevice, isQuotaError, writeMeta } from '../db/database';
import { useLiveQuery } from '../db/live';
import { formatBytes, ta } from '../i18n/attachment-messages';
import { UploadPauseButton } from './upload-line';
import { exportEntries, importEntries } from '../db/entry-file';
import type { Scope } from '../db/queries';
import { requestPersistentStorage } from '../db/storage';
import { type Language, loadLanguage, setLanguage, t } from '../i18n/messages';
import { useServices } from '../services';
import { usePendingCount } from './home-page';
import { vietnamDateOf } from '../../shared/format';
import { tr } from '../i18n/report-messages';

async function shareOrDownload(name: string, text: string): Promise<void> {
  const file = new File([text], name, { type: 'application/json' });
  const nav = navigator as Navigator & { canShare?: (data: ShareData) => boolean };
  if (nav.canShare?.({ files: [file] })) {
    try {
      await nav.share({ files: [file], title: name });
      return;
    } catch {
      // The person closed the share sheet: fall back to a download so the file still exists.
    }
  }
  const url = URL.createObjectURL(file);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Language, persistent storage, export/import of entries and sign-out. */
export function SettingsPage(props: { scope: Scope }) {
  const { db, scheduler } = useServices();
  const pending = usePendingCount();
  const [message, setMessage] = useState<string | null>(null);
  const { meta, units } = props.scope;
  const unit = units.find((u) => u.id === meta.unitId);
  const fileBytes = useLiveQuery(() => attachmentBytes(db), [], 0);

  const doExport = async () => {
    const file = await exportEntries(db);
    // Named by the day in Vietnam, whatever zone the phone is set to.
    const stamp = vietnamDateOf(file.exportedAt);
    await shareOrDownload(`cchc-du-lieu-${stamp}.json`, JSON.stringify(file));
  };
  const doImport = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    try {
      const added = await importEntries(db, JSON.parse(await file.text()));
      setMessage(t('settings.imported', { n: added }));
      scheduler.afterSave();
    } catch (error) {
      setMessage(isQuotaError(error) ? t('storage.full') : t('settings.importFailed'));
    }
    input.value = '';
  };
  const signOut = async () => {
    const question = pending > 0 ? t('settings.signOutWarn', { n: pending }) : t('settings.signOutConfirm');
    if (!confirm(question)) return;
    scheduler.stop();
    await clearDevice(db);
    location.hash = '';
    location.reload();
  };

  return (
    <div class="page settings">
      <h1>{t('settings.title')}</h1>
      <p>{t('settings.unit', { unit: unit?.name ?? '' })}</p>
      <p>{t('settings.device', { name: meta.deviceName ?? '' })}</p>
      <label class="field">
        <span>{t('settings.language')}</span>
        <select
          value={meta.language}
          onChange={async (e) => {
            const language = (e.target as HTMLSelectElement).value as Language;
            await loadLanguage(language);
            setLanguage(language);
            await writeMeta(db, { language });
          }}
        >
          <option value="vi">Tiếng Việt</option>
          <option value="en">English</option>
        </select>
      </label>
      <section class="card">
        <p data-testid="persisted">
          {meta.persisted === true
            ? t('storage.persisted')
            : meta.persisted === false
              ? t('storage.notPersisted')
              : t('storage.unknown')}
        </p>
        {meta.persisted !== true && (
          <button type="button" class="secondary" onClick={() => void requestPersistentStorage(db)}>
            {t('storage.ask')}
          </button>
        )}
      </section>
      <section class="card" data-testid="attachments-card">
        <p data-testid="attachment-bytes">{ta('bytes', { size: formatBytes(fileBytes) })}</p>
        <UploadPauseButton paused={meta.uploadsPaused} />
        <small>{ta('pauseHint')}</small>
      </section>
      <section class="card">
        <button type="button" class="primary" onClick={doExport}>
          ⇪ {t('settings.export')}
        </button>
        <small>{t('settings.exportHint')}</small>
        <label class="button secondary">
          ⇩ {t('settings.import')}
          <input
            type="file"
            accept="application/json,.json"
            hidden
            onChange={(e) => doImport(e.target as HTMLInputElement)}
          />
        </label>
        {message && <p role="status">{message}</p>}
      </section>
      <RemindersCard off={meta.remindersOff} />
      <section class="card">
        <button type="button" class="danger" onClick={signOut}>
          {t('settings.signOut')}
        </button>
      </section>
    </div>
  );
}

/** Reminders on or off, and the browser's permission to show them as notifications. */
function RemindersCard(props: { off: boolean }) {
  const { db } = useServices();
  const supported = typeof Notification !== 'undefined';
  const [permission, setPermission] = useState(supported ? Notification.permission : 'denied');
  const turn = async (on: boolean) => {
    await writeMeta(db, { remindersOff: !on });
    // Asked while the person turns reminders on: a browser asks only on a tap.
    if (on && supported && Notification.permission === 'default') setPermission(await Notification.requestPermission());
    await (await import('../reminders/run-reminders')).runReminders(db);
  };
  return (
    <section class="card" data-testid="reminders-card">
      <h2>{tr('remindersTitle')}</h2>
      <label class="check">
        <input
          type="checkbox"
          name="reminders"
          checked={!props.off}
          onChange={(e) => void turn((e.target as HTMLInputElement).checked)}
        />{' '}
        {tr('remindersOn')}
      </label>
      {!props.off && supported && permission === 'default' && (
        <button
          type="button"
          class="secondary"
          onClick={() => void Notification.requestPermission().then(setPermission)}
        >
          {tr('notifyAsk')}
        </button>
      )}
      {!props.off && permission === 'denied' && <small>{tr('notifyDenied')}</small>}
    </section>
  );
}
