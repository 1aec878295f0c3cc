import type { AppDatabase } from './schema';
import type { Role } from '../../shared/index';

// The device's settings and sync bookkeeping, one typed value per key.

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
  /** The sync lease of browsers without Web Locks: which tab holds it, until when. */
  syncLease: { holder: string; until: number } | null;
  /** The person paused sending photos and files (a costly link); counts still sync. */
  uploadsPaused: boolean;
  /** The officer's edits of period reports' narratives, by `unitId|period|basis` (report-texts.ts). */
  reportTexts: Record<string, ReportTextEdits>;
  /** The person turned reminders off (Cài đặt). */
  remindersOff: boolean;
  /** Today's reminder, shown as a banner until dismissed; at most one a day (reminders/). */
  reminder: StoredReminder | null;
  /** The Vietnam date a reminder was last notified, so there is at most one a day. */
  lastReminderOn: string | null;
  /** Reminders worked out ahead for the coming days, for the service worker's Periodic Background Sync. */
  reminderPlan: StoredReminder[];
}

/** The parts of a report's narrative an officer edited (the others follow the figures). */
export type ReportTextEdits = Partial<Record<'results' | 'shortfalls' | 'proposals', string>>;

/** A reminder as stored: the Vietnam date it is for, its title and lines, and whether it was dismissed. */
export interface StoredReminder {
  on: string;
  title: string;
  lines: string[];
  dismissed?: boolean;
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
  syncLease: null,
  uploadsPaused: false,
  reportTexts: {},
  remindersOff: false,
  reminder: null,
  lastReminderOn: null,
  reminderPlan: [],
};

/** One stored meta value: a key of Meta and a value of that key's type. */
export type MetaRow = { [K in keyof Meta]: { key: K; value: Meta[K] } }[keyof Meta];

/** Reads every meta value, defaults filled in. */
export async function readMeta(db: AppDatabase): Promise<Meta> {
  return metaOf(await db.meta.toArray());
}

/** Writes some meta values. */
export async function writeMeta(db: AppDatabase, values: Partial<Meta>): Promise<void> {
  await db.meta.bulkPut(metaRowsOf(values));
}

/** The meta values of some stored rows, defaults filled in for the rest. */
export function metaOf(rows: readonly MetaRow[]): Meta {
  const meta: Meta = { ...DEFAULT_META };
  for (const row of rows) Object.assign(meta, { [row.key]: row.value });
  return meta;
}

/** The rows that store some meta values. */
function metaRowsOf(values: Partial<Meta>): MetaRow[] {
  const rows: MetaRow[] = [];
  for (const key of Object.keys(values) as (keyof Meta)[]) rows.push(rowOf(key, values[key] as Meta[typeof key]));
  return rows;
}

function rowOf<K extends keyof Meta>(key: K, value: Meta[K]): MetaRow {
  // TypeScript does not correlate a generic key with the union of rows; this is that one pair.
  return { key, value } as MetaRow;
}

/** Takes the next outbox sequence number (inside the caller's transaction). */
export async function takeSeq(db: AppDatabase): Promise<number> {
  const row = await db.meta.get('nextSeq');
  const seq = row?.key === 'nextSeq' ? row.value : 1;
  await db.meta.put({ key: 'nextSeq', value: seq + 1 });
  return seq;
}
