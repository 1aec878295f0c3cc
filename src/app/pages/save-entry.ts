import type { AppDatabase, EntryDraft, LocalActivity, Meta } from '../db/database';
import { isQuotaError, localEntry, savedInput, saveEntry } from '../db/database';
import { t } from '../i18n/messages';
import { clearSaving, failSaving } from './saving';

/** How the entry will look once stored, for the log to show while it is written. */
export function optimisticEntry(
  draft: EntryDraft,
  id: string,
  existing: LocalActivity | undefined,
  meta: Pick<Meta, 'deviceId' | 'unitId'>,
): LocalActivity {
  const phone = { unitId: meta.unitId ?? '', deviceId: meta.deviceId ?? '' };
  return localEntry(savedInput(draft, id, existing, phone, new Date()), existing);
}

/** Writes the entry and its outbox mutation; the log's marker goes away or shows the failure. */
export async function commitSave(db: AppDatabase, draft: EntryDraft, afterSave: () => void): Promise<void> {
  try {
    await saveEntry(db, draft);
    clearSaving(draft.id!);
    afterSave();
  } catch (error) {
    failSaving(draft.id!, isQuotaError(error) ? t('storage.full') : String(error));
  }
}
