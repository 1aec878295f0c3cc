import type { HistoryItem, HistoryValues } from '../../shared/history';
import { readMeta } from './meta';
import type { AppDatabase, LocalActivity } from './schema';

// An entry's history as the phone can show it without a connection (issue 14, item 6): the
// server's list as the phone last read it, the creation the last sync brought when nothing was
// read yet, and the changes saved on this phone that the server has not acknowledged.

/** Keeps the server's history of an entry as just read, for the entry's view offline. */
export async function saveHistory(db: AppDatabase, id: string, items: HistoryItem[]): Promise<void> {
  await db.histories.put({ id, items, fetchedAt: new Date().toISOString() });
}

/** What the phone holds of an entry's history. */
export interface HeldHistory {
  /** Changes the server confirmed, as far as the phone knows them, oldest first. */
  known: HistoryItem[];
  /** Changes saved on this phone and not yet acknowledged by the server (`unsent`), oldest first. */
  unsent: HistoryItem[];
  /** When the server's list was read (the phone's time), or null when it never was. */
  fetchedAt: string | null;
  /** The version of the entry the phone last had from the server (0: never). */
  heldVersion: number;
  /** The latest version `known` covers (0: none): below `heldVersion`, newer changes need the network. */
  knownThrough: number;
}

/** An entry's own fields as a history item's values. */
function valuesOf(entry: LocalActivity, version: number): HistoryValues {
  const { syncState: _s, serverVersion: _v, error: _e, conflictWith: _c, receivedAt: _r, ...fields } = entry;
  return { ...fields, version };
}

/** The history the phone holds of one entry, read from IndexedDB alone. */
export async function readHeldHistory(db: AppDatabase, id: string): Promise<HeldHistory> {
  const [cache, entry, pending, meta] = await Promise.all([
    db.histories.get(id),
    db.activities.get(id),
    db.outbox.where('entryId').equals(id).sortBy('seq'),
    readMeta(db),
  ]);
  const known = [...(cache?.items ?? [])];
  const versionOf = (items: HistoryItem[]) =>
    items.reduce((max, item) => (item.action === 'conflict' ? max : Math.max(max, item.version)), 0);
  let knownThrough = versionOf(known);
  const heldVersion = entry?.serverVersion ?? 0;
  // The creation, as the last sync brought it: its device, and the server's time of receipt.
  if (entry && knownThrough === 0 && heldVersion === 1 && pending.length === 0 && entry.receivedAt) {
    known.push({
      version: 1,
      action: 'create',
      values: valuesOf(entry, 1),
      deviceId: entry.deviceId,
      deviceName: entry.deviceId === meta.deviceId ? meta.deviceName : null,
      receivedAt: entry.receivedAt,
    });
    knownThrough = 1;
  }
  // This phone's own changes not yet acknowledged, at the phone's time of saving.
  const unsent: HistoryItem[] = [];
  let current: HistoryValues = known.filter((i) => i.action !== 'conflict').at(-1)?.values ?? {};
  let version = heldVersion;
  for (const row of pending) {
    const mutation = row.mutation;
    if (mutation.op === 'too-large') continue;
    version++;
    if (mutation.op === 'upsert') {
      current = { ...mutation.activity, version };
    } else {
      current = { ...current, voided: true, voidReason: mutation.reason, version };
    }
    unsent.push({
      version,
      action: mutation.op === 'void' ? 'void' : mutation.baseVersion === 0 ? 'create' : 'edit',
      values: current,
      deviceId: meta.deviceId,
      deviceName: meta.deviceName,
      receivedAt: row.createdAt,
      unsent: true,
    });
  }
  return { known, unsent, fetchedAt: cache?.fetchedAt ?? null, heldVersion, knownThrough };
}
