import type { Kysely, Transaction } from 'kysely';
import type { Database, FactRow } from '../db/schema';
import { likePrefix } from '../units/units.repository';

type Db = Kysely<Database> | Transaction<Database>;

/** Roll-up rows of a subtree up to a date (later dates never change a period's report). */
export async function findFactRows(db: Db, scopePath: string, toDate: string): Promise<FactRow[]> {
  return db
    .selectFrom('facts')
    .innerJoin('units', 'units.id', 'facts.unit_id')
    .selectAll('facts')
    .where('units.path', 'like', likePrefix(scopePath))
    .where('facts.date', '<=', toDate)
    .where('facts.entries', '>', 0)
    .execute();
}

/** Every roll-up row with entries (tests compare it with a recount). */
export async function findAllFactRows(db: Db): Promise<FactRow[]> {
  return db.selectFrom('facts').selectAll().where('entries', '<>', 0).execute();
}
