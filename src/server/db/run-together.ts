import { type RawBuilder, sql, type Transaction } from 'kysely';
import type { Database } from './schema';

/**
 * Runs writing statements as one (each a data-modifying WITH query; all see the same snapshot, so
 * no two may touch the same row): one round trip instead of one per table. Returns how many rows
 * `counted` returned (0 without it).
 */
export async function runTogether(
  trx: Transaction<Database>,
  counted: RawBuilder<unknown> | null,
  statements: readonly RawBuilder<unknown>[],
): Promise<number> {
  const all = counted ? [counted, ...statements] : statements;
  if (all.length === 0) return 0;
  const parts = all.map((s, i) => sql`${sql.id(`w${i}`)} as (${s})`);
  // Marked for a prepared statement (see database.ts): a sync's push runs one of a few texts.
  const result = await sql<{ n: number }>`/* prepare */ with ${sql.join(parts, sql`, `)}
    select ${counted ? sql`(select count(*) from w0)::int` : sql`0`} as n`.execute(trx);
  return Number(result.rows[0]?.n ?? 0);
}
