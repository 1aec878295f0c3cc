import type { Transaction } from 'kysely';
import type { MutationResult } from '../../shared/sync';
import type { Database } from '../db/schema';

/** The remembered outcomes of some of a device's seqs. */
export async function findRememberedResults(
  trx: Transaction<Database>,
  deviceId: string,
  seqs: readonly number[],
): Promise<Map<number, MutationResult>> {
  if (seqs.length === 0) return new Map();
  const rows = await trx
    .selectFrom('sync_results')
    .select(['seq', 'result'])
    .where('device_id', '=', deviceId)
    .where('seq', 'in', [...new Set(seqs)])
    .execute();
  return new Map(rows.map((r) => [Number(r.seq), JSON.parse(r.result) as MutationResult]));
}

/**
 * Remembers the outcomes of newly handled seqs and forgets those below `keepFrom`: the phone sends
 * its outbox from the oldest unacknowledged seq, so it has heard every answer below that.
 */
export async function rememberResults(
  trx: Transaction<Database>,
  deviceId: string,
  keepFrom: number | undefined,
  results: readonly MutationResult[],
): Promise<void> {
  if (keepFrom !== undefined) {
    await trx.deleteFrom('sync_results').where('device_id', '=', deviceId).where('seq', '<', keepFrom).execute();
  }
  if (results.length === 0) return;
  await trx
    .insertInto('sync_results')
    .values(results.map((r) => ({ device_id: deviceId, seq: r.seq, result: JSON.stringify(r) })))
    .onConflict((oc) => oc.columns(['device_id', 'seq']).doNothing())
    .execute();
}
