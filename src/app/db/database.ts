import Dexie, { type EntityTable } from 'dexie';
import type { Activity, ActivityInput, ActivityKind, OutboxMutation, Plan, Role, Unit } from '../../shared/index';
import { addFacts, type DailyRow, dailyRollupMiddleware, factOfEntry } from './daily';
import { uuidv7 } from './uuid';

/** Where a local entry stands with the server. */
export type SyncState = 'pending' | 'synced' | 'conflict' | 'rejected';

/** An entry as the phone holds it: the server's fields plus its local sync state. */
export interface LocalActivity extends ActivityInput {
  voided: boolean;
  voidReason?: string | null;
  /** The server's receive time; null until the server has it. */
  receivedAt: string | null;
  syncState: SyncState;
  /** The version the server last confirmed; 0 while the server has never had it. */
  serverVersion: number;
  /** The server's reason for a rejection, in words a person can act on. */
  error?: string | null;
  /** The server's record when an edit conflicted with it. */
  conflictWith?: Activity | null;
}

/** An unsent mutation (or the stand-in of one too large to send); `entryId` lets the phone tell which entries still wait. */
export interface OutboxRow {
  seq: number;
  entryId: string;
  mutation: OutboxMutation;
  createdAt: string;
}

/** The device's settings and sync bookkeeping. */
export interface Meta {
  deviceId: string | null;
  deviceName: string | null;
  token: string | null;
  unitId: string | null;
  role: Role | null;
  nextSeq: number;
  cursor: string | null;
  lastSyncAt: string | null;
  lastSyncError: string | null;
  persisted: boolean | null;
  language: 'vi' | 'en';
  basis: 'decree09' | 'calendar';
}

/** Meta values before anything was stored. */
export const DEFAULT_META: Meta = {
  deviceId: null,
  deviceName: null,
  token: null,
  unitId: null,
  role: null,
  nextSeq: 1,
  cursor: null,
  lastSyncAt: null,
  lastSyncError: null,
  persisted: null,
  language: 'vi',
  basis: 'decree09',
};

interface MetaRow {
  key: keyof Meta;
  value: unknown;
}

/** Raised when the phone's storage is full; the transaction was rolled back, nothing was lost. */
export class StorageFullError extends Error {
  constructor() {
    super('storage-full');
    this.name = 'StorageFullError';
  }
}

/** The phone's IndexedDB database. */
export class AppDatabase extends Dexie {
  units!: EntityTable<Unit, 'id'>;
  plans!: EntityTable<Plan, 'id'>;
  activities!: EntityTable<LocalActivity, 'id'>;
  outbox!: EntityTable<OutboxRow, 'seq'>;
  meta!: EntityTable<MetaRow, 'key'>;
  daily!: EntityTable<DailyRow, 'id'>;

  constructor(name = 'cchc-field') {
    super(name);
    this.version(1).stores({
      units: '&id, parentId',
      plans: '&id',
      activities: '&id, date, [kind+date], taskId, syncState',
      outbox: '&seq, entryId',
      meta: '&key',
    });
    // Version 2 adds the daily roll-up home reads; it is built from the entries already held.
    this.version(2)
      .stores({ daily: '&id, date' })
      .upgrade(async (tx) => {
        const rows = new Map<string, DailyRow>();
        addFacts(rows, (await tx.table<LocalActivity>('activities').toArray()).map(factOfEntry), 1);
        await tx.table('daily').bulkPut([...rows.values()].filter((r) => r.entries > 0));
      });
    this.use(dailyRollupMiddleware);
  }
}

/**
 * Rebuilds the daily roll-up from the entries when it is missing them (entries written by a tool
 * that bypassed the app). Cheap when it is in step: two counts.
 */
export async function ensureDailyRollup(db: AppDatabase): Promise<void> {
  const [daily, entries] = await Promise.all([db.daily.count(), db.activities.count()]);
  if (daily > 0 || entries === 0) return;
  await db.transaction('rw', db.activities, db.daily, async () => {
    const rows = new Map<string, DailyRow>();
    addFacts(rows, (await db.activities.toArray()).map(factOfEntry), 1);
    await db.daily.clear();
    await db.daily.bulkPut([...rows.values()].filter((r) => r.entries > 0));
  });
}

/** Opens the database the app uses. */
export function openAppDatabase(name?: string): AppDatabase {
  return new AppDatabase(name);
}

/** Reads every meta value, defaults filled in. */
export async function readMeta(db: AppDatabase): Promise<Meta> {
  const rows = await db.meta.toArray();
  const meta: Record<string, unknown> = { ...DEFAULT_META };
  for (const row of rows) meta[row.key] = row.value;
  return meta as unknown as Meta;
}

/** Writes some meta values. */
export async function writeMeta(db: AppDatabase, values: Partial<Meta>): Promise<void> {
  await db.meta.bulkPut(Object.entries(values).map(([key, value]) => ({ key: key as keyof Meta, value })));
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

async function guardQuota<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isQuotaError(error)) throw new StorageFullError();
    throw error;
  }
}

/** The fields a form fills in; the rest is added when saving. */
export type EntryDraft = Omit<ActivityInput, 'id' | 'unitId' | 'deviceId' | 'createdAt'> & { id?: string };

async function takeSeq(db: AppDatabase): Promise<number> {
  const row = await db.meta.get('nextSeq');
  const seq = typeof row?.value === 'number' ? row.value : 1;
  await db.meta.put({ key: 'nextSeq', value: seq + 1 });
  return seq;
}

// Every applied change adds 1 to the server's version, so an entry's next base is its confirmed
// version plus the changes still queued for it.
async function nextBaseVersion(db: AppDatabase, entry: LocalActivity | undefined): Promise<number> {
  if (!entry) return 0;
  if (entry.syncState === 'conflict' && entry.conflictWith) return entry.conflictWith.version;
  const queued = await db.outbox.where('entryId').equals(entry.id).count();
  return entry.serverVersion + queued;
}

function inputOf(entry: LocalActivity): ActivityInput {
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
 * Saves a new entry or an edit: the entry and its upsert mutation with the next `seq` in one
 * transaction. Returns the stored entry.
 */
export async function saveEntry(db: AppDatabase, draft: EntryDraft, now: Date = new Date()): Promise<LocalActivity> {
  return guardQuota(() =>
    db.transaction('rw', db.activities, db.outbox, db.meta, async () => {
      // Few requests: on a slow phone each IndexedDB round trip costs milliseconds.
      const [deviceRow, unitRow] = await db.meta.bulkGet(['deviceId', 'unitId']);
      const meta = { deviceId: deviceRow?.value as string | undefined, unitId: unitRow?.value as string | undefined };
      if (!meta.deviceId || !meta.unitId) throw new Error('not-enrolled');
      const existing = draft.id ? await db.activities.get(draft.id) : undefined;
      const baseVersion = await nextBaseVersion(db, existing);
      const entry: LocalActivity = {
        ...inputOf({
          ...(existing ?? {}),
          ...draft,
          id: existing?.id ?? draft.id ?? uuidv7(now.getTime()),
          unitId: existing?.unitId ?? meta.unitId,
          deviceId: existing?.deviceId ?? meta.deviceId,
          createdAt: existing?.createdAt ?? now.toISOString(),
        } as LocalActivity),
        voided: existing?.voided ?? false,
        voidReason: existing?.voidReason ?? null,
        receivedAt: existing?.receivedAt ?? null,
        syncState: 'pending',
        serverVersion: existing?.serverVersion ?? 0,
        error: null,
        conflictWith: null,
      };
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

/** The shape of an exported file of entries. */
export interface ExportFile {
  format: 'cchc-activities';
  version: 1;
  exportedAt: string;
  deviceId: string | null;
  unitId: string | null;
  activities: ActivityInput[];
}

/** Every local entry, voided included, as an export file. */
export async function exportEntries(db: AppDatabase, now: Date = new Date()): Promise<ExportFile> {
  const meta = await readMeta(db);
  const rows = await db.activities.toArray();
  return {
    format: 'cchc-activities',
    version: 1,
    exportedAt: now.toISOString(),
    deviceId: meta.deviceId,
    unitId: meta.unitId,
    activities: rows.map((r) => ({ ...inputOf(r), ...(r.voided ? { voided: true, voidReason: r.voidReason } : {}) })),
  };
}

/**
 * Imports entries exported from another phone. An id already held is skipped; a new one is queued
 * as an upsert with baseVersion 0, which the server answers as a duplicate when it already has the
 * same content. Returns how many entries were added.
 */
export async function importEntries(db: AppDatabase, file: unknown, now: Date = new Date()): Promise<number> {
  const data = file as Partial<ExportFile>;
  if (data?.format !== 'cchc-activities' || data.version !== 1 || !Array.isArray(data.activities)) {
    throw new Error('bad-file');
  }
  const rows = data.activities;
  return guardQuota(() =>
    db.transaction('rw', db.activities, db.outbox, db.meta, async () => {
      let added = 0;
      for (const raw of rows) {
        // A voided entry counts for nothing, so it is not worth sending from another phone.
        if (!raw || typeof raw.id !== 'string' || (raw as { voided?: boolean }).voided) continue;
        if (await db.activities.get(raw.id)) continue;
        const input = inputOf(raw as LocalActivity);
        const seq = await takeSeq(db);
        await db.activities.put({
          ...input,
          voided: false,
          voidReason: null,
          receivedAt: null,
          syncState: 'pending',
          serverVersion: 0,
          error: null,
          conflictWith: null,
        });
        await db.outbox.add({
          seq,
          entryId: input.id,
          mutation: { seq, op: 'upsert', baseVersion: 0, activity: input },
          createdAt: now.toISOString(),
        });
        added++;
      }
      return added;
    }),
  );
}

/** Forgets the enrollment and every local record (the caller has warned about unsent entries). */
export async function clearDevice(db: AppDatabase): Promise<void> {
  await db.transaction('rw', [db.units, db.plans, db.activities, db.outbox, db.meta, db.daily], async () => {
    await Promise.all([db.units.clear(), db.plans.clear(), db.activities.clear(), db.outbox.clear(), db.daily.clear()]);
    const language = (await db.meta.get('language'))?.value;
    await db.meta.clear();
    if (language) await db.meta.put({ key: 'language', value: language });
  });
}
