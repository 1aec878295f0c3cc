import Dexie from 'dexie';
import type { ActivityKind } from '../../shared/activity';
import type { Plan } from '../../shared/plan';
import type { Unit } from '../../shared/unit';
import {
  type AppDatabase,
  countPendingEntries,
  findLastOfKind,
  type LocalActivity,
  type Meta,
  readMeta,
} from './database';

/** The device's settings with the unit tree and plans it holds. */
export interface Scope {
  meta: Meta;
  units: Unit[];
  plans: Plan[];
}

/** Reads the settings, units and plans. */
export async function loadScope(db: AppDatabase): Promise<Scope> {
  const [meta, units, plans] = await Promise.all([readMeta(db), db.units.toArray(), db.plans.toArray()]);
  return { meta, units, plans };
}

/** Entries dated within [from, to], any kind. */
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

/** The newest entry of each kind, for the "log again" buttons. */
export async function lastEntries(db: AppDatabase, kinds: readonly ActivityKind[]): Promise<LocalActivity[]> {
  const found = await Promise.all(kinds.map((kind) => findLastOfKind(db, kind)));
  return found.filter((e): e is LocalActivity => e !== undefined);
}

/** One entry by id. */
export async function getEntry(db: AppDatabase, id: string): Promise<LocalActivity | undefined> {
  return db.activities.get(id);
}
