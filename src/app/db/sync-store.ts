import {
  type Activity,
  entryIdOf,
  jsonBytes,
  MAX_SYNC_BATCH_BYTES,
  type OutboxMutation,
  type Plan,
  type SyncResponse,
  type Unit,
} from '../../shared/index';
import { type AppDatabase, fromServer, type LocalActivity, type Meta, readMeta, writeMeta } from './database';

/**
 * How far the outbox may go up now: up to `uptoSeq` and never past the place of a queued
 * submission of a period (SubmissionRow.uptoSeq), which goes up before the changes made after it.
 */
export async function outboxLimit(db: AppDatabase, uptoSeq = Number.POSITIVE_INFINITY): Promise<number> {
  let limit = uptoSeq;
  for (const row of await db.submissions.toArray()) {
    if (row.state === 'queued' && row.uptoSeq !== undefined) limit = Math.min(limit, row.uptoSeq);
  }
  return limit;
}

/**
 * The next mutations to send, in `seq` order, after `afterSeq` (mutations already on their way):
 * at most `limit` of them and at most `maxBytes` of JSON, but always the first one, so that a
 * mutation larger than the bound alone still goes out alone. None past `outboxLimit` (read with
 * the outbox, so a change saved after a submission is never taken before it).
 */
export async function takeOutboxBatch(
  db: AppDatabase,
  limit: number,
  afterSeq = 0,
  maxBytes = MAX_SYNC_BATCH_BYTES,
  uptoSeq = Number.POSITIVE_INFINITY,
): Promise<OutboxMutation[]> {
  const rows = await db.transaction('r', db.outbox, db.submissions, async () => {
    const upto = await outboxLimit(db, uptoSeq);
    return upto <= afterSeq ? [] : db.outbox.where('seq').between(afterSeq, upto, false, true).limit(limit).toArray();
  });
  const batch: OutboxMutation[] = [];
  let bytes = 0;
  for (const row of rows) {
    // Each mutation also costs the comma between it and the next.
    bytes += jsonBytes(row.mutation) + 1;
    if (batch.length > 0 && bytes > maxBytes) break;
    batch.push(row.mutation);
  }
  return batch;
}

/**
 * Puts a stand-in in place of a queued mutation the phone cannot send (larger than any request may
 * be, or refused with 413 on its own). The stand-in keeps the `seq`, so the server records it as
 * rejected instead of waiting at a gap, and the mutations behind it go on; the entry stays on the
 * phone and is marked rejected, with the reason, by the server's answer. Returns false when the
 * mutation is already a stand-in (or gone).
 */
export async function withholdMutation(db: AppDatabase, seq: number): Promise<boolean> {
  return db.transaction('rw', db.outbox, async () => {
    const row = await db.outbox.get(seq);
    if (!row || row.mutation.op === 'too-large') return false;
    const m = row.mutation;
    await db.outbox.put({
      ...row,
      mutation: { seq, op: 'too-large', id: entryIdOf(m), baseVersion: m.baseVersion, bytes: jsonBytes(m) },
    });
    return true;
  });
}

/**
 * Counts, for a batch starting at a given `seq`, the entries still unsent once the earlier
 * batches are acknowledged: one read of the outbox per sync instead of one per batch.
 */
export async function readPendingCounter(db: AppDatabase): Promise<(fromSeq: number) => number> {
  const lastSeqs = await db.transaction('r', db.outbox, async () => {
    const [entryIds, seqs] = await Promise.all([
      db.outbox.orderBy('entryId').keys(),
      db.outbox.orderBy('entryId').primaryKeys(),
    ]);
    const last = new Map<string, number>();
    entryIds.forEach((id, i) => {
      last.set(String(id), Math.max(last.get(String(id)) ?? 0, seqs[i]!));
    });
    return [...last.values()];
  });
  return (fromSeq) => lastSeqs.filter((seq) => seq >= fromSeq).length;
}

/** How many mutations the outbox holds (0: nothing is waiting to go up), or how many up to `uptoSeq`. */
export async function outboxSize(db: AppDatabase, uptoSeq?: number): Promise<number> {
  return uptoSeq === undefined ? db.outbox.count() : db.outbox.where('seq').belowOrEqual(uptoSeq).count();
}

/**
 * Stores what enrollment gave the phone, in one transaction: its credentials and bookkeeping
 * (`values`, a fresh sequence and cursor) and its own unit, so that a phone never holds a token
 * without the unit it logs for.
 */
export async function storeEnrollment(db: AppDatabase, values: Partial<Meta>, unit: Unit): Promise<void> {
  await db.transaction('rw', db.units, db.meta, async () => {
    await writeMeta(db, values);
    await db.units.put(unit);
  });
}

/**
 * Stores the device's unit tree and plans from the bootstrap answer, and the device's unit when
 * given: a phone moved by a merge (the 2025 reform) logs for its new unit from then on.
 */
export async function storeBootstrap(db: AppDatabase, units: Unit[], plans: Plan[], unitId?: string): Promise<void> {
  await db.transaction('rw', db.units, db.plans, db.meta, async () => {
    await db.units.bulkPut(units);
    await db.plans.bulkPut(plans.filter((p) => p.status === 'published'));
    if (unitId !== undefined && (await readMeta(db)).unitId !== unitId) await writeMeta(db, { unitId });
  });
}

function mergePulled(local: LocalActivity | undefined, pulled: Activity, hasQueued: boolean): LocalActivity | null {
  // The outbox wins until the server acknowledged it: keep the phone's entry untouched.
  if (hasQueued) return null;
  if (local && (local.syncState === 'conflict' || local.syncState === 'rejected')) {
    // Keep what the person must still decide on, but show the newest server record beside it.
    return local.syncState === 'conflict' ? { ...local, conflictWith: pulled } : null;
  }
  if (local && local.serverVersion > pulled.version) return null;
  return fromServer(pulled);
}

/**
 * 5a, behind a conflict (server step 4.4): a mutation still queued behind one this answer refused
 * as a conflict was built on the refused version. `rebase` gives it that version's base, so the
 * server answers it with a conflict too instead of applying it over a record the person never
 * saw; it gives undefined for a mutation the rule leaves alone. The one home of the rule on the
 * phone, used for the outbox and for the next batch already read.
 */
export function behindConflicts(sent: readonly OutboxMutation[], response: SyncResponse) {
  const sentBySeq = new Map(sent.map((m) => [m.seq, m]));
  const refused = new Map<string, number>();
  for (const result of response.results) {
    const mutation = sentBySeq.get(result.seq);
    if (result.status !== 'conflict' || !mutation || result.seq > response.ackedThrough) continue;
    const id = entryIdOf(mutation);
    refused.set(id, Math.min(mutation.baseVersion, refused.get(id) ?? mutation.baseVersion));
  }
  return {
    entryIds: [...refused.keys()],
    rebase<M extends OutboxMutation>(m: M): M | undefined {
      if (m.seq <= response.ackedThrough) return undefined;
      const base = refused.get(entryIdOf(m));
      return base !== undefined && m.baseVersion > base ? { ...m, baseVersion: base } : undefined;
    },
  };
}

/**
 * Applies one sync answer in ONE transaction: results of the pushed mutations, the outbox trimmed
 * to what the server acknowledged, the pulled records and the new cursor. Steps 5a–5e of the
 * algorithm.
 */
export async function applySyncResponse(
  db: AppDatabase,
  sent: OutboxMutation[],
  response: SyncResponse,
): Promise<void> {
  await db.transaction('rw', [db.activities, db.outbox, db.meta, db.plans, db.units], async () => {
    // A batch is 500 mutations and a page 1,000 records: read and write the entries in bulk, then
    // apply the steps below in memory in the same order, since one IndexedDB request per entry
    // costs seconds per round on a cheap phone.
    const sentBySeq = new Map(sent.map((m) => [m.seq, m]));
    const acked = await db.outbox.where('seq').belowOrEqual(response.ackedThrough).toArray();
    const pulledList = response.reset ? [] : response.changes.activities;
    const resultIds = response.results.map((result) => {
      if (result.seq > response.ackedThrough) return undefined;
      const mutation = sentBySeq.get(result.seq);
      return result.id ?? (mutation ? entryIdOf(mutation) : undefined);
    });
    const ids = [
      ...new Set([
        ...resultIds.filter((id): id is string => !!id),
        ...acked.map((r) => r.entryId),
        ...pulledList.map((a) => a.id),
      ]),
    ];
    const entries = new Map<string, LocalActivity>();
    for (const entry of await db.activities.bulkGet(ids)) if (entry) entries.set(entry.id, entry);
    const changed = new Set<string>();
    const update = (id: string, values: Partial<LocalActivity>) => {
      const entry = entries.get(id);
      if (!entry) return;
      entries.set(id, { ...entry, ...values });
      changed.add(id);
    };
    // 5a. Results: applied/duplicate → the server's version; conflict → keep both; rejected → reason.
    response.results.forEach((result, i) => {
      const id = resultIds[i];
      if (!id) return;
      const entry = entries.get(id);
      if (!entry) return;
      if (result.status === 'applied' || result.status === 'duplicate') {
        if (typeof result.version === 'number' && result.version > entry.serverVersion) {
          // The server leaves the phone's own changes out of the pull, so the first receipt time
          // is this answer's (the late flag of the phone's own report depends on it).
          update(id, { serverVersion: result.version, receivedAt: entry.receivedAt ?? response.serverTime });
        }
      } else if (result.status === 'conflict') {
        update(id, { syncState: 'conflict', conflictWith: result.current ?? null, error: null });
      } else {
        // A rejected change of an entry the server holds comes with its record, to go back to.
        update(id, {
          syncState: 'rejected',
          error: result.error ?? 'Máy chủ không nhận mục này.',
          ...(result.current ? { conflictWith: result.current } : {}),
        });
      }
    });
    // Changes still queued behind one that conflicted (5a, behind a conflict).
    const behind = behindConflicts(sent, response);
    if (behind.entryIds.length > 0) {
      const queued = await db.outbox.where('entryId').anyOf(behind.entryIds).toArray();
      const rebased = queued.flatMap((row) => {
        const mutation = behind.rebase(row.mutation);
        return mutation ? [{ ...row, mutation }] : [];
      });
      if (rebased.length > 0) await db.outbox.bulkPut(rebased);
    }
    // 5b. Drop only the mutations the server acknowledged.
    await db.outbox.bulkDelete(acked.map((r) => r.seq));
    const stillQueued = new Set(
      (
        await db.outbox
          .where('entryId')
          .anyOf([...new Set([...acked.map((r) => r.entryId), ...pulledList.map((a) => a.id)])])
          .keys()
      ).map(String),
    );
    // An entry whose queue emptied without a problem is now synced.
    for (const id of new Set(acked.map((r) => r.entryId))) {
      if (!stillQueued.has(id) && entries.get(id)?.syncState === 'pending') update(id, { syncState: 'synced' });
    }
    // 5c. Pulled records, never over an entry with queued changes.
    for (const pulled of pulledList) {
      const merged = mergePulled(entries.get(pulled.id), pulled, stillQueued.has(pulled.id));
      if (merged) {
        entries.set(pulled.id, merged);
        changed.add(pulled.id);
      }
    }
    if (changed.size > 0) await db.activities.bulkPut([...changed].map((id) => entries.get(id)!));
    if (!response.reset) {
      const plans = response.changes.plans;
      if (plans.length > 0) {
        for (const plan of plans) {
          if (plan.status === 'published') await db.plans.put(plan);
          else await db.plans.delete(plan.id);
        }
      }
      if (response.changes.units.length > 0) await db.units.bulkPut(response.changes.units);
    }
    // 5d. The cursor, in the same transaction as the records it covers; 5e. the sync time.
    await writeMeta(db, { cursor: response.cursor, lastSyncAt: response.serverTime, lastSyncError: null });
  });
}

/** Records a failed sync, for the home screen. */
export async function recordSyncError(db: AppDatabase, message: string): Promise<void> {
  await writeMeta(db, { lastSyncError: message });
}

/** The credentials and cursor the sync client needs. */
export async function readSyncState(db: AppDatabase) {
  const meta = await readMeta(db);
  return { deviceId: meta.deviceId, token: meta.token, cursor: meta.cursor };
}

/** A lease in the database, for browsers without Web Locks: true when this holder got it. */
export async function tryTakeLease(db: AppDatabase, holder: string, ms: number, now = Date.now()): Promise<boolean> {
  return db.transaction('rw', db.meta, async () => {
    const row = await db.meta.get('syncLease');
    const lease = row?.key === 'syncLease' ? row.value : null;
    if (lease && lease.holder !== holder && lease.until > now) return false;
    await db.meta.put({ key: 'syncLease', value: { holder, until: now + ms } });
    return true;
  });
}

/**
 * Waits until no other holder's lease is in force (given back, or run out), looking every `pollMs`
 * (one read of one row: a sync holds it for a fraction of a second to a few seconds).
 */
export async function waitForLease(db: AppDatabase, pollMs = 100): Promise<void> {
  for (;;) {
    const row = await db.meta.get('syncLease');
    const lease = row?.key === 'syncLease' ? row.value : null;
    if (!lease || lease.until <= Date.now()) return;
    await new Promise((resolve) => setTimeout(resolve, Math.min(pollMs, lease.until - Date.now())));
  }
}

/** Gives a lease back. */
export async function releaseLease(db: AppDatabase, holder: string): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    const row = await db.meta.get('syncLease');
    if (row?.key === 'syncLease' && row.value?.holder === holder) await db.meta.delete('syncLease');
  });
}
