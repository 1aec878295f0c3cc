import Dexie from 'dexie';
import type { ActivityKind } from '../../shared/activity';
import type { Plan } from '../../shared/plan';
import type { Fact } from '../../shared/report';
import { factOfRow } from './daily';
import type { Unit } from '../../shared/unit';
import {
  type AppDatabase,
  countPendingEntries,
  findLastOfKind,
  type LocalActivity,
  type Meta,
  metaOf,
} from './database';

/** The device's settings with the unit tree and plans it holds. */
export interface Scope {
  meta: Meta;
  units: Unit[];
  plans: Plan[];
}

// The settings the screens show. The sequence counter, the cursor and the sync lease change on
// every save or sync round; leaving them out keeps a save from re-rendering the whole app.
const SCOPE_KEYS: (keyof Meta)[] = [
  'deviceId',
  'deviceName',
  'token',
  'unitId',
  'role',
  'lastSyncAt',
  'lastSyncError',
  'persisted',
  'language',
  'basis',
  'reminder',
  'remindersOff',
];

/** Reads the settings, units and plans. */
export async function loadScope(db: AppDatabase): Promise<Scope> {
  const [rows, units, plans] = await Promise.all([
    db.meta.where('key').anyOf(SCOPE_KEYS).toArray(),
    db.units.toArray(),
    db.plans.toArray(),
  ]);
  return { meta: metaOf(rows), units, plans };
}

/** The facts of the entries dated within [from, to], from the daily roll-up. */
export async function factsBetween(db: AppDatabase, from: string, to: string): Promise<Fact[]> {
  // A roll-up row's id starts with its date: reading the primary key's range instead of the date
  // index spares the index lookups, and a live query then watches that one range instead of
  // tracking each of the thousands of keys a year returns.
  const rows = await db.daily.where(':id').between(from, `${to}|\uffff`, true, true).toArray();
  return rows.filter((row) => row.date >= from && row.date <= to).map(factOfRow);
}

/** Entries of every kind dated within [from, to] (a report lists each of its period). */
export async function entriesBetween(db: AppDatabase, from: string, to: string): Promise<LocalActivity[]> {
  return db.activities.where('date').between(from, to, true, true).toArray();
}

/** Entries of one kind dated within [from, to]. */
export async function entriesOfKind(
  db: AppDatabase,
  kind: ActivityKind,
  from: string,
  to: string,
): Promise<LocalActivity[]> {
  return db.activities.where('[kind+date]').between([kind, from], [kind, to], true, true).toArray();
}

/** Every material entry, for the stock held. */
export async function materialEntries(db: AppDatabase): Promise<LocalActivity[]> {
  return db.activities.where('[kind+date]').between(['material', Dexie.minKey], ['material', Dexie.maxKey]).toArray();
}

/** The number of entries with unsent changes. */
export { countPendingEntries };

/** The unit's newest entry of each kind, for the "log again" buttons. */
export async function lastEntries(
  db: AppDatabase,
  kinds: readonly ActivityKind[],
  unitId: string,
): Promise<LocalActivity[]> {
  const found = await Promise.all(kinds.map((kind) => findLastOfKind(db, kind, unitId)));
  return found.filter((e): e is LocalActivity => e !== undefined);
}

/** One entry by id. */
export async function getEntry(db: AppDatabase, id: string): Promise<LocalActivity | undefined> {
  return db.activities.get(id);
}
