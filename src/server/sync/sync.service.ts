import type { Activity } from '../../shared/activity';
import type { Plan } from '../../shared/plan';
import {
  type MutationResult,
  mutationSchema,
  PROTOCOL_VERSION,
  type SyncResponse,
  syncRequestSchema,
  tooLargeMutationSchema,
} from '../../shared/sync';
import type { Unit } from '../../shared/unit';
import { findActivitiesByIds } from '../activities/activities.repository';
import type { Caller } from '../auth/auth';
import type { AppContext } from '../http/context';
import { HttpError, issuesOf, parseOr400 } from '../http/errors';
import { MESSAGES } from '../http/messages';
import { hasNul } from '../http/nul-guard';
import { isPlanInScope, unitIdsOfPlan } from '../plans/plan-scope';
import { findPublishedPlans } from '../plans/plans.repository';
import { findUnitsByIds, unitOf } from '../units/units.repository';
import { EntryChangeBatch, type EntryChange, retryOnConcurrentInsert } from './apply-mutations';
import { servedActivities, servedKindsOf, servedPlan } from './served-kinds';
import { findChangesAfter } from './change-log.repository';
import { findEpoch, lockDeviceSequence, updateDeviceSyncSql } from './sync.repository';
import { findRememberedResults, rememberResultsSql } from './sync-results.repository';

const DEFAULT_PAGE = 1000;

/** The answer that makes a phone download its scope again, keeping its outbox. */
const RESET = {
  changes: { activities: [], plans: [], units: [] },
  cursor: null,
  hasMore: false,
  reset: true as const,
};

/** Handles one POST /api/v1/sync: push, then pull. */
export async function handleSync(ctx: AppContext, caller: Caller, body: unknown): Promise<SyncResponse> {
  // 2. Envelope, protocol, batch size.
  const request = parseOr400(syncRequestSchema, body);
  if (request.deviceId !== caller.deviceId) throw new HttpError(403, MESSAGES.wrongDevice);
  if (request.protocolVersion !== PROTOCOL_VERSION) {
    throw new HttpError(426, MESSAGES.protocolVersion(request.protocolVersion));
  }
  if (request.mutations.length > ctx.limits.maxMutations) {
    throw new HttpError(413, MESSAGES.tooManyMutations(ctx.limits.maxMutations));
  }
  const nowIso = ctx.now().toISOString();
  const mutations = [...request.mutations].sort((a, b) => a.seq - b.seq);

  // The entry and unit each mutation names, read once, before its own schema is checked.
  const named = mutations.map(namedBy);
  const ids = named.map((n) => n.id).filter(isUsableKey);
  const unitIds = named.map((n) => n.unitId).filter(isUsableKey);
  // What a phone pushes is nearly always new entries. Then the first attempt takes them for new
  // without looking them up (one query fewer per push): if one existed after all (the same entry
  // imported from a file, or a batch sent again under new numbers), the insert finds it, the
  // attempt is rolled back, and the batch runs again looking every entry up.
  const allNew =
    ids.length === mutations.length &&
    new Set(ids).size === ids.length &&
    mutations.every((m) => (m as { op?: unknown }).op === 'upsert' && m.baseVersion === 0);

  const served = servedKindsOf(request.kinds);
  let legacyBefore = false;
  let rescope = false;

  // 3–5. Push in one transaction.
  const { ackedThrough, results } = await retryOnConcurrentInsert(
    (attempt) =>
      ctx.db.transaction().execute(async (trx) => {
        const device = await lockDeviceSequence(trx, caller.deviceId);
        let lastSeq = device.lastSeq;
        legacyBefore = device.legacyKinds;
        // 5b. A phone moved to another unit (a merge) starts its scope again: its cursor walked the
        // old unit's changes. The flag stays until it syncs from the beginning.
        rescope = device.rescope && request.cursor !== null;
        const firstNew = lastSeq + 1;
        const remembered = await findRememberedResults(
          trx,
          caller.deviceId,
          mutations.filter((m) => m.seq <= lastSeq).map((m) => m.seq),
        );
        const optimistic = allNew && attempt === 1;
        const batch = await EntryChangeBatch.open(trx, caller, nowIso, optimistic ? [] : ids, unitIds);
        const results: MutationResult[] = [];
        for (const [i, m] of mutations.entries()) {
          const rawId = named[i]!.id;
          const id = typeof rawId === 'string' ? rawId : '';
          // 4.1 Already handled: repeat its outcome, which the phone may never have heard.
          if (m.seq <= lastSeq) {
            const first = remembered.get(m.seq) ?? results.find((r) => r.seq === m.seq && r.status !== 'duplicate');
            results.push(repeatedResult(m.seq, id, first));
            continue;
          }
          // 4.2 A gap: stop here.
          if (m.seq > lastSeq + 1) break;
          // 4.3 The mutation's own schema.
          const parsed = mutationSchema.safeParse(m);
          const tooLarge = tooLargeMutationSchema.safeParse(m);
          if (tooLarge.success) {
            // The phone could not send this change: its seq is rejected like any refused change, so
            // the device's sequence has no gap and the phone keeps the entry with the reason.
            results.push({ seq: m.seq, id, status: 'rejected', error: MESSAGES.mutationTooLarge(tooLarge.data.bytes) });
          } else if (hasNul(m)) {
            results.push({
              seq: m.seq,
              id: id.replaceAll('\u0000', ''),
              status: 'rejected',
              error: MESSAGES.nulCharacter,
            });
          } else if (!parsed.success) {
            const detail = issuesOf(parsed.error)
              .map((i) => (i.path ? `${i.path}: ${i.message}` : i.message))
              .join('; ');
            results.push({ seq: m.seq, id, status: 'rejected', error: MESSAGES.invalidMutation(detail) });
          } else {
            const change: EntryChange =
              parsed.data.op === 'upsert'
                ? { op: 'upsert', baseVersion: parsed.data.baseVersion, activity: parsed.data.activity }
                : { op: 'void', id: parsed.data.id, baseVersion: parsed.data.baseVersion, reason: parsed.data.reason };
            results.push({ seq: m.seq, ...batch.apply(change) });
          }
          // 4.8 Every handled mutation is acknowledged.
          lastSeq = m.seq;
        }
        await batch.write([
          ...rememberResultsSql(
            caller.deviceId,
            mutations[0]?.seq,
            results.filter((r) => r.seq >= firstNew),
          ),
          updateDeviceSyncSql(caller.deviceId, {
            lastSeq,
            lastSyncAt: nowIso,
            // 5a. A phone served as the first release stays marked until it downloads its scope
            // again from the start, which then brings what it was not served.
            legacyKinds: served !== null || (legacyBefore && request.cursor !== null),
            rescope,
            ...(request.pending !== undefined ? { pending: request.pending } : {}),
          }),
        ]);
        return { ackedThrough: lastSeq, results };
      }),
    allNew ? 4 : 3,
  );

  // 6–8. Pull after the commit. A phone updated since it was served as the first release starts
  // its scope again: what it was not served lies behind its cursor.
  const page =
    (served === null && legacyBefore && request.cursor !== null) || rescope
      ? RESET
      : await pullChanges(
          ctx,
          caller,
          request.cursor,
          request.limit ?? DEFAULT_PAGE,
          request.skipOwn === true ? caller.deviceId : undefined,
          served,
        );
  return { ackedThrough, results, ...page, serverTime: ctx.now().toISOString() };
}

/** The entry id and unit a mutation names, whatever their types (its schema is checked later). */
function namedBy(mutation: object): { id: unknown; unitId: unknown } {
  const loose = mutation as { id?: unknown; activity?: { id?: unknown; unitId?: unknown } };
  return { id: loose.activity?.id ?? loose.id, unitId: loose.activity?.unitId };
}

/** A key worth looking up: a string of a sane length without NUL (the rest is refused later). */
function isUsableKey(key: unknown): key is string {
  return typeof key === 'string' && key.length <= 64 && !key.includes('\u0000');
}

// A seq handled before answers as it did then, except that an applied change is now a duplicate.
function repeatedResult(seq: number, id: string, first: MutationResult | undefined): MutationResult {
  if (!first) return { seq, id, status: 'duplicate' };
  if (first.status === 'rejected' || first.status === 'conflict') return { ...first, seq };
  return { seq, id: first.id, status: 'duplicate', ...(first.version !== undefined ? { version: first.version } : {}) };
}

/** A page of changes after a cursor, or a reset for an unusable cursor. */
async function pullChanges(
  ctx: AppContext,
  caller: Caller,
  cursor: string | null,
  limit: number,
  skipDeviceId?: string,
  served: ReadonlySet<string> | null = null,
): Promise<Pick<SyncResponse, 'changes' | 'cursor' | 'hasMore' | 'reset'>> {
  const epoch = await findEpoch(ctx.db);
  // 6. Parse the cursor; one of another database, or from beyond this one's transactions, is unusable.
  const reset = RESET;
  let after = { xid: '0', id: '0' };
  if (cursor !== null) {
    const match = /^([A-Za-z0-9]{1,16})\.(\d{1,20})\.(\d{1,20})$/.exec(cursor);
    if (match === null || match[1] !== epoch) return reset;
    after = { xid: match[2]!, id: match[3]! };
  }
  // 7. Finished transactions only, after the cursor.
  const found = await findChangesAfter(ctx.db, after, caller.scopePath, limit, skipDeviceId);
  if (cursor !== null && BigInt(after.xid) >= BigInt(found.nextXid)) return reset;
  const { rows: page, last, hasMore } = found;
  const next = last ?? after;

  // 8. Whole records of the scope, once each.
  // The cursor still moves past the asking device's own changes, which the page leaves out.
  const idsOf = (entity: string) => [...new Set(page.filter((r) => r.entity === entity).map((r) => r.entityId))];
  const activities: Activity[] = servedActivities(await findActivitiesByIds(ctx.db, idsOf('activity')), served).sort(
    (a, b) => a.id.localeCompare(b.id),
  );
  const units: Unit[] = (await findUnitsByIds(ctx.db, idsOf('unit'))).map(unitOf);
  let plans: Plan[] = await findPublishedPlans(ctx.db, idsOf('plan'));
  if (plans.length > 0) {
    const pathOf = new Map(
      (await findUnitsByIds(ctx.db, plans.flatMap(unitIdsOfPlan))).map((u) => [u.id, u.path] as const),
    );
    plans = plans.filter((plan) => isPlanInScope(plan, caller.scopePath, pathOf)).map((p) => servedPlan(p, served));
  }
  return {
    changes: { activities, plans, units },
    cursor: `${epoch}.${next.xid}.${next.id}`,
    hasMore,
  };
}
