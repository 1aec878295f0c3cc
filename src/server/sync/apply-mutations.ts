import type { RawBuilder, Transaction } from 'kysely';
import type { Activity, ActivityInput } from '../../shared/activity';
import { entryIdOf, type MutationResult } from '../../shared/sync';
import { contentKey } from '../activities/activity-row';
import { type HistoryEvent, historySql } from '../activities/history.repository';
import {
  findActivitiesForUpdate,
  insertNewActivitiesSql,
  overwriteActivitiesSql,
} from '../activities/activities.repository';
import type { Caller } from '../auth/auth';
import { runTogether } from '../db/run-together';
import type { Database } from '../db/schema';
import { MESSAGES } from '../http/messages';
import { rollupChangesSql } from '../rollups/rollups.repository';
import { findPredecessorPaths } from '../units/successions.repository';
import { findUnitsByIds } from '../units/units.repository';
import { changesSql } from './change-log.repository';

/** Another transaction committed an entry this batch took for new; run the batch again. */
class ConcurrentInsertError extends Error {}

/**
 * Runs a transaction again (up to `attempts` times in all, three unless told) when it lost a race
 * to insert an entry, or took for new an entry that was not.
 */
export async function retryOnConcurrentInsert<T>(run: (attempt: number) => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run(attempt);
    } catch (error) {
      if (!(error instanceof ConcurrentInsertError) || attempt >= attempts) throw error;
    }
  }
}

/** A change to an entry, already checked against its schema. */
export type EntryChange =
  | { op: 'upsert'; baseVersion: number; activity: ActivityInput }
  | { op: 'void'; id: string; baseVersion: number; reason: string };

/** The outcome of one change, without the sequence number. */
export type ChangeOutcome = Omit<MutationResult, 'seq'>;

/**
 * An entry as stored: what the phone sent with the server's fields set. `Object.assign` rather than
 * `{ ...entry, version, … }`: V8 built the spread-then-fields form as a slow object, ~3 µs per entry
 * against ~0.2 µs, on the write path of every push.
 */
function storedAs(
  entry: ActivityInput | Activity,
  server: Pick<Activity, 'version' | 'voided' | 'voidReason'> & Partial<Activity>,
): Activity {
  return Object.assign({}, entry, server) as Activity;
}

/**
 * Applies entry changes in order inside the caller's transaction (steps 4.4–4.7 and 5 of the
 * sync algorithm): decides each outcome against the stored entry and the batch's earlier
 * changes, then writes entries, roll-up deltas and change-log rows in a few statements.
 */
export class EntryChangeBatch {
  private readonly state = new Map<string, Activity>();
  private readonly original = new Map<string, Activity | null>();
  private readonly pathOf = new Map<string, string>();
  /** Entries whose change conflicted in this batch, with the base version that change had. */
  private readonly conflicted = new Map<string, number>();
  /** Every change decided, applied or refused as a conflict, in order: the entries' history. */
  private readonly history: HistoryEvent[] = [];
  /** Paths of old units that went into the caller's scope (the 2025 reform): still its own. */
  private formerPaths: readonly string[] = [];

  private constructor(
    private readonly trx: Transaction<Database>,
    private readonly caller: Caller,
    private readonly nowIso: string,
    private readonly creation: 'create' | 'import',
  ) {}

  /** Loads (and locks) the stored entries and the units the changes name. */
  static async open(
    trx: Transaction<Database>,
    caller: Caller,
    nowIso: string,
    ids: readonly string[],
    unitIds: readonly string[],
    creation: 'create' | 'import' = 'create',
  ): Promise<EntryChangeBatch> {
    const batch = new EntryChangeBatch(trx, caller, nowIso, creation);
    const stored = await findActivitiesForUpdate(trx, ids);
    for (const activity of stored) {
      batch.state.set(activity.id, activity);
      batch.original.set(activity.id, activity);
    }
    // The device's own unit (where a phone logs nearly always) is known from its token.
    batch.pathOf.set(caller.unitId, caller.scopePath);
    const unknown = [...new Set([...unitIds, ...stored.map((a) => a.unitId)])].filter((id) => !batch.pathOf.has(id));
    const units = await findUnitsByIds(trx, unknown);
    for (const unit of units) batch.pathOf.set(unit.id, unit.path);
    // A phone moved by a merge may still send (and edit) entries of its old unit: they stay there,
    // and count under the new unit through the succession. Looked up only when a unit lies outside.
    if (units.some((unit) => !unit.path.startsWith(caller.scopePath)))
      batch.formerPaths = await findPredecessorPaths(trx, caller.scopePath);
    return batch;
  }

  /** Decides and records one change. */
  apply(change: EntryChange): ChangeOutcome {
    const id = entryIdOf(change);
    // 4.4 Behind a conflict: a change the phone queued after one of this batch that conflicted was
    // built on that refused version. It conflicts too, rather than landing on a record its author
    // never saw (the phone rebases what it still holds the same way, client step 5a).
    const refusedBase = this.conflicted.get(id);
    const current = this.state.get(id);
    if (refusedBase !== undefined && change.baseVersion > refusedBase && current && this.isInScope(current.unitId)) {
      this.recordConflict(change, current);
      return { id, status: 'conflict', version: current.version, current, error: MESSAGES.conflict };
    }
    const outcome = this.decide(change);
    if (outcome.status === 'conflict') {
      this.conflicted.set(id, change.baseVersion);
      if (current) this.recordConflict(change, current);
    }
    return outcome;
  }

  /** Keeps a refused change in the entry's history beside the version that won, with the version it was made on. */
  private recordConflict(change: EntryChange, current: Activity): void {
    const values =
      change.op === 'upsert'
        ? Object.assign({}, change.activity, { baseVersion: change.baseVersion })
        : {
            id: change.id,
            unitId: current.unitId,
            voided: true,
            voidReason: change.reason,
            baseVersion: change.baseVersion,
          };
    // The same refused change twice in one batch (a file listing an entry twice) is recorded once.
    const key = JSON.stringify(values);
    const seen = this.history.some(
      (e) => e.action === 'conflict' && e.activityId === current.id && JSON.stringify(e.values) === key,
    );
    if (seen) return;
    this.history.push({
      activityId: current.id,
      version: current.version,
      action: 'conflict',
      values,
      deviceId: this.caller.deviceId,
    });
  }

  private decide(change: EntryChange): ChangeOutcome {
    const id = entryIdOf(change);
    const current = this.state.get(id);
    // 4.5 Scope: the stored entry's unit and the new unit must both be the device's.
    if (current && !this.isInScope(current.unitId)) return { id, status: 'rejected', error: MESSAGES.otherUnit };
    if (change.op === 'upsert') {
      const unitPath = this.pathOf.get(change.activity.unitId);
      if (!unitPath) return { id, status: 'rejected', error: MESSAGES.unknownUnit };
      if (!this.isInScope(change.activity.unitId)) return { id, status: 'rejected', error: MESSAGES.otherUnit };
    }
    // 4.6 A new entry, or the same entry arriving again by another road.
    if (change.op === 'upsert' && change.baseVersion === 0) {
      if (!current) {
        this.put(
          storedAs(change.activity, { version: 1, voided: false, voidReason: null, receivedAt: this.nowIso }),
          this.creation,
        );
        return { id, status: 'applied', version: 1 };
      }
      if (contentKey(current) === contentKey(change.activity))
        return { id, status: 'duplicate', version: current.version };
      return { id, status: 'conflict', version: current.version, current, error: MESSAGES.conflict };
    }
    // 4.7 An edit or a void of a version the phone had.
    if (!current) return { id, status: 'rejected', error: MESSAGES.unknownEntry };
    if (change.baseVersion > current.version) return { id, status: 'rejected', error: MESSAGES.unknownBaseVersion };
    // Voiding what is already voided (two people voided it) changes nothing.
    if (current.voided && change.op === 'void') return { id, status: 'duplicate', version: current.version };
    // A change made on an older version, a colleague's void included, is a conflict: the person sees both.
    if (change.baseVersion < current.version) {
      return { id, status: 'conflict', version: current.version, current, error: MESSAGES.conflict };
    }
    // Edited knowing it was voided: refused, with the record the phone can go back to.
    if (current.voided)
      return { id, status: 'rejected', version: current.version, current, error: MESSAGES.editsVoided };
    const version = current.version + 1;
    if (change.op === 'void') {
      this.put(storedAs(current, { version, voided: true, voidReason: change.reason }), 'void');
    } else {
      // The first receipt time stays: an entry corrected later was still reported on time.
      this.put(
        storedAs(change.activity, { version, voided: false, voidReason: null, receivedAt: current.receivedAt }),
        'edit',
      );
    }
    return { id, status: 'applied', version };
  }

  /**
   * Step 5: writes entries, roll-up deltas (daily and half-month), change-log rows, the entries'
   * history (each change once) and the caller's `also` statements in one statement; returns the
   * changed entries.
   */
  async write(also: readonly RawBuilder<unknown>[] = []): Promise<Activity[]> {
    const changed: Activity[] = [];
    for (const [id, activity] of this.state) {
      if (this.original.get(id) !== activity) changed.push(activity);
    }
    const changes = changed.map((a) => ({
      entity: 'activity' as const,
      entityId: a.id,
      path: this.pathOf.get(a.unitId)!,
      deviceId: this.caller.deviceId,
    }));
    // An entry moved to another unit is also announced where it was, so that phones which held
    // it there learn it left (they see its new unit) instead of counting it forever.
    for (const a of changed) {
      const before = this.original.get(a.id);
      if (before && before.unitId !== a.unitId) {
        changes.push({ ...changes[0]!, entityId: a.id, path: this.pathOf.get(before.unitId)! });
      }
    }
    // New ids are inserted without overwriting: if another transaction committed the same id since
    // this batch looked (an exported file imported while the phone itself syncs), the batch is
    // retried and then sees that entry as the duplicate or conflict it is, instead of counting it twice.
    const fresh = changed.filter((a) => this.original.get(a.id) === null);
    const edited = changed.filter((a) => this.original.get(a.id) !== null);
    const statements = [...also];
    if (edited.length > 0) statements.push(overwriteActivitiesSql(edited, this.nowIso));
    statements.push(
      ...rollupChangesSql(changed.map((after) => ({ before: this.original.get(after.id) ?? null, after }))),
    );
    if (changes.length > 0) statements.push(changesSql(changes));
    if (this.history.length > 0) statements.push(historySql(this.history, this.nowIso));
    const inserted = await runTogether(
      this.trx,
      fresh.length > 0 ? insertNewActivitiesSql(fresh, this.nowIso) : null,
      statements,
    );
    if (inserted < fresh.length) throw new ConcurrentInsertError();
    return changed;
  }

  private put(activity: Activity, action: HistoryEvent['action']): void {
    if (!this.original.has(activity.id)) this.original.set(activity.id, null);
    this.state.set(activity.id, activity);
    this.history.push({
      activityId: activity.id,
      version: activity.version,
      action,
      values: activity,
      deviceId: this.caller.deviceId,
    });
  }

  private isInScope(unitId: string): boolean {
    const path = this.pathOf.get(unitId);
    if (path === undefined) return false;
    return path.startsWith(this.caller.scopePath) || this.formerPaths.some((former) => path.startsWith(former));
  }
}
