import Dexie from 'dexie';
import type { Activity, ActivityInput, ActivityKind } from '../../shared/index';
import { takeSeq } from './meta';
import type { AppDatabase, LocalActivity } from './schema';
import { uuidv7 } from './uuid';

// Entries on the phone: saving, voiding, conflicts, and the log's order.

/** Raised when the phone's storage is full; the transaction was rolled back, nothing was lost. */
export class StorageFullError extends Error {
  constructor() {
    super('storage-full');
    this.name = 'StorageFullError';
  }
}

/** True when an error means the storage quota is exhausted, whatever layer wrapped it. */
export function isQuotaError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const name = (e as { name?: string }).name;
    if (name === 'QuotaExceededError' || name === 'StorageFullError') return true;
    e = (e as { inner?: unknown }).inner;
  }
  return false;
}

export async function guardQuota<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isQuotaError(error)) throw new StorageFullError();
    throw error;
  }
}

/**
 * The fields a form fills in; the rest is added when saving. `unitId` names another unit of the
 * phone's scope a new entry is logged for (a commune's phone airing what was sent to its station);
 * absent, it is the phone's own unit. An edit keeps the unit of the entry it edits.
 */
export type EntryDraft = Omit<ActivityInput, 'id' | 'unitId' | 'deviceId' | 'createdAt'> & {
  id?: string;
  unitId?: string;
};

// Every applied change adds 1 to the server's version, so an entry's next base is its confirmed
// version plus the changes still queued for it.
async function nextBaseVersion(db: AppDatabase, entry: LocalActivity | undefined): Promise<number> {
  if (!entry) return 0;
  if (entry.syncState === 'conflict' && entry.conflictWith) return entry.conflictWith.version;
  const queued = await db.outbox.where('entryId').equals(entry.id).count();
  return entry.serverVersion + queued;
}

/** The phone's fields of an entry, as a mutation carries them (empty optional fields left out). */
export function inputOf(entry: ActivityInput): ActivityInput {
  const input: ActivityInput = {
    id: entry.id,
    unitId: entry.unitId,
    kind: entry.kind,
    date: entry.date,
    title: entry.title,
    figures: entry.figures,
    deviceId: entry.deviceId,
    createdAt: entry.createdAt,
  };
  if (entry.taskId != null) input.taskId = entry.taskId;
  if (entry.planId != null) input.planId = entry.planId;
  if (entry.topics && entry.topics.length > 0) input.topics = entry.topics;
  if (entry.note) input.note = entry.note;
  if (entry.location) input.location = entry.location;
  return input;
}

/**
 * The fields a save stores: the draft over the entry it edits, which keeps its unit, device and
 * creation time; a new entry is the draft's unit's (else the phone's) and the device's, created `now`.
 */
export function savedInput(
  draft: EntryDraft,
  id: string,
  existing: LocalActivity | undefined,
  phone: { unitId: string; deviceId: string },
  now: Date,
): ActivityInput {
  return inputOf({
    ...(existing ?? {}),
    ...draft,
    id,
    unitId: existing?.unitId ?? draft.unitId ?? phone.unitId,
    deviceId: existing?.deviceId ?? phone.deviceId,
    createdAt: existing?.createdAt ?? now.toISOString(),
  });
}

/**
 * The one way a local entry is made from what a person saved or a file brought: its fields, the
 * server's state of the entry it replaces (if any), pending until the server confirms it. The log's
 * optimistic view shows exactly this before the write lands.
 */
export function localEntry(input: ActivityInput, existing?: LocalActivity): LocalActivity {
  return {
    ...inputOf(input),
    voided: existing?.voided ?? false,
    voidReason: existing?.voidReason ?? null,
    receivedAt: existing?.receivedAt ?? null,
    syncState: 'pending',
    serverVersion: existing?.serverVersion ?? 0,
    error: null,
    conflictWith: null,
  };
}

/**
 * Saves a new entry or an edit: the entry and its upsert mutation with the next `seq` in one
 * transaction. Returns the stored entry.
 */
export async function saveEntry(db: AppDatabase, draft: EntryDraft, now: Date = new Date()): Promise<LocalActivity> {
  return guardQuota(() =>
    db.transaction('rw', db.activities, db.outbox, db.meta, async () => {
      // Few requests: on a slow phone each IndexedDB round trip costs milliseconds.
      const [deviceRow, unitRow] = await db.meta.bulkGet(['deviceId', 'unitId']);
      const deviceId = deviceRow?.key === 'deviceId' ? deviceRow.value : null;
      const unitId = unitRow?.key === 'unitId' ? unitRow.value : null;
      if (!deviceId || !unitId) throw new Error('not-enrolled');
      const meta = { deviceId, unitId };
      const existing = draft.id ? await db.activities.get(draft.id) : undefined;
      const baseVersion = await nextBaseVersion(db, existing);
      const id = existing?.id ?? draft.id ?? uuidv7(now.getTime());
      const entry = localEntry(savedInput(draft, id, existing, meta, now), existing);
      const seq = await takeSeq(db);
      await db.activities.put(entry);
      await db.outbox.add({
        seq,
        entryId: entry.id,
        mutation: { seq, op: 'upsert', baseVersion, activity: inputOf(entry) },
        createdAt: now.toISOString(),
      });
      return entry;
    }),
  );
}

/** Voids an entry with a reason (a tombstone the server keeps), queued like any change. */
export async function voidEntry(db: AppDatabase, id: string, reason: string, now: Date = new Date()): Promise<void> {
  await guardQuota(() =>
    db.transaction('rw', db.activities, db.outbox, db.meta, async () => {
      const existing = await db.activities.get(id);
      if (!existing) throw new Error('not-found');
      const baseVersion = await nextBaseVersion(db, existing);
      const seq = await takeSeq(db);
      // Voiding an entry shown in conflict voids the server's record (the base it is sent on).
      const server = existing.syncState === 'conflict' && existing.conflictWith ? existing.conflictWith : null;
      await db.activities.put({
        ...existing,
        ...(server ? inputOf(fromServer(server)) : {}),
        voided: true,
        voidReason: reason,
        syncState: 'pending',
        error: null,
        conflictWith: null,
      });
      await db.outbox.add({
        seq,
        entryId: id,
        mutation: { seq, op: 'void', id, baseVersion, reason },
        createdAt: now.toISOString(),
      });
    }),
  );
}

/** Resolves a conflict by taking the server's record: the local change is dropped. */
export async function acceptServerVersion(db: AppDatabase, id: string): Promise<void> {
  await db.transaction('rw', db.activities, async () => {
    const entry = await db.activities.get(id);
    if (!entry?.conflictWith) return;
    await db.activities.put(fromServer(entry.conflictWith));
  });
}

/** Resolves a conflict by keeping the phone's version: it is sent again on top of the server's. */
export async function keepLocalVersion(db: AppDatabase, id: string): Promise<void> {
  const entry = await db.activities.get(id);
  if (!entry) return;
  if (entry.voided) await voidEntry(db, id, entry.voidReason ?? '—');
  else await saveEntry(db, { ...inputOf(entry) });
}

/** A server record as a synced local entry. */
export function fromServer(activity: Activity): LocalActivity {
  return {
    ...activity,
    receivedAt: activity.receivedAt,
    syncState: 'synced',
    serverVersion: activity.version,
    error: null,
    conflictWith: null,
  };
}

/** Number of entries that still have unsent changes. */
export async function countPendingEntries(db: AppDatabase): Promise<number> {
  const ids = await db.outbox.orderBy('entryId').uniqueKeys();
  return ids.length;
}

/**
 * The last entry of a kind logged by a unit (newest date, then newest creation), for "log again".
 * Only the phone's own unit: a commune phone also holds its station's and post office's entries,
 * and copying one of those would log it again as the commune's own.
 */
export async function findLastOfKind(
  db: AppDatabase,
  kind: ActivityKind,
  unitId: string,
): Promise<LocalActivity | undefined> {
  const live = await db.activities
    .where('[kind+date]')
    .between([kind, Dexie.minKey], [kind, Dexie.maxKey])
    .reverse()
    .filter((r) => !r.voided && r.unitId === unitId)
    .limit(20)
    .toArray();
  live.sort((a, b) => (a.date === b.date ? b.createdAt.localeCompare(a.createdAt) : b.date.localeCompare(a.date)));
  return live[0];
}

/** The log's order: newest date first, then newest creation; ties by id, as the indexes hand them out. */
export function newestFirst(a: LocalActivity, b: LocalActivity): number {
  if (a.date !== b.date) return b.date.localeCompare(a.date);
  if (a.createdAt !== b.createdAt) return b.createdAt.localeCompare(a.createdAt);
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Entries in a date range, newest first. */
export async function listEntries(
  db: AppDatabase,
  filter: { from?: string; to?: string; kind?: ActivityKind | null; taskId?: string | null } = {},
): Promise<LocalActivity[]> {
  const from = filter.from ?? '0000-01-01';
  const to = filter.to ?? '9999-12-31';
  let rows: LocalActivity[];
  if (filter.kind)
    rows = await db.activities
      .where('[kind+date]')
      .between([filter.kind, from], [filter.kind, to], true, true)
      .toArray();
  else rows = await db.activities.where('date').between(from, to, true, true).toArray();
  if (filter.taskId) rows = rows.filter((r) => r.taskId === filter.taskId);
  rows.sort(newestFirst);
  return rows;
}

/**
 * Links the phone's own entries that count toward no task (of the kinds a task asks for, dated
 * within its counted range) to that task: each one an edit, queued like any other, so the server
 * and the supervisor's figures follow. Voided entries and those in conflict are left alone.
 * Returns how many were linked.
 */
export async function linkEntriesToTask(
  db: AppDatabase,
  link: { taskId: string; planId: string; kinds: readonly ActivityKind[]; from: string; to: string },
  now: Date = new Date(),
): Promise<number> {
  return guardQuota(() =>
    db.transaction('rw', db.activities, db.outbox, db.meta, async () => {
      const unitRow = await db.meta.get('unitId');
      const unitId = unitRow?.key === 'unitId' ? unitRow.value : null;
      const unlinked = await db.activities
        .where('date')
        .between(link.from, link.to, true, true)
        .filter(
          (e) =>
            !e.taskId && !e.voided && e.syncState !== 'conflict' && e.unitId === unitId && link.kinds.includes(e.kind),
        )
        .toArray();
      for (const entry of unlinked) {
        await saveEntry(db, { ...inputOf(entry), taskId: link.taskId, planId: link.planId }, now);
      }
      return unlinked.length;
    }),
  );
}
