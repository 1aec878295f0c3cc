import { type RawBuilder, sql, type Transaction } from 'kysely';
import type { MutationResult } from '../../shared/sync';
import type { Database } from '../db/schema';

/** The remembered outcomes of some of a device's seqs. */
export async function findRememberedResults(
  trx: Transaction<Database>,
  deviceId: string,
  seqs: readonly number[],
): Promise<Map<number, MutationResult>> {
  if (seqs.length === 0) return new Map();
  const wanted = new Set(seqs);
  const rows = await trx
    .selectFrom('sync_result_batches')
    .select('results')
    .where('device_id', '=', deviceId)
    .where('last_seq', '>=', Math.min(...wanted))
    .where('first_seq', '<=', Math.max(...wanted))
    .execute();
  const found = new Map<number, MutationResult>();
  for (const row of rows) {
    for (const result of JSON.parse(row.results) as MutationResult[]) {
      if (wanted.has(result.seq)) found.set(result.seq, result);
    }
  }
  return found;
}

/**
 * The statements remembering the outcomes of newly handled seqs, as one row, and forgetting the
 * pushes wholly below `keepFrom`: the phone sends its outbox from the oldest unacknowledged seq, so
 * it has heard every answer below that. For the caller to run with its other writes.
 */
export function rememberResultsSql(
  deviceId: string,
  keepFrom: number | undefined,
  results: readonly MutationResult[],
): RawBuilder<unknown>[] {
  const statements: RawBuilder<unknown>[] = [];
  if (keepFrom !== undefined) {
    statements.push(sql`delete from sync_result_batches where device_id = ${deviceId} and last_seq < ${keepFrom}`);
  }
  if (results.length > 0) {
    const seqs = results.map((r) => r.seq);
    statements.push(sql`
      insert into sync_result_batches (device_id, first_seq, last_seq, results)
      values (${deviceId}, ${Math.min(...seqs)}, ${Math.max(...seqs)}, ${JSON.stringify(results)})
      on conflict do nothing`);
  }
  return statements;
}
