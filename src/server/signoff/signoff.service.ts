import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { vietnamDateOf } from '../../shared/format';
import type { HistoryItem } from '../../shared/history';
import type { Plan } from '../../shared/plan';
import {
  type DateRange,
  formatPeriodCode,
  parsePeriodCode,
  periodLabel,
  periodRange,
  setsDueDate,
} from '../../shared/period';
import type { Fact } from '../../shared/report';
import {
  computeSignoff,
  reportingUnits,
  type SignoffSummary,
  type SubmitRequest,
  type Submission,
} from '../../shared/signoff';
import type { Unit } from '../../shared/unit';
import type { Caller } from '../auth/auth';
import type { Database, UnitRow } from '../db/schema';
import { HttpError } from '../http/errors';
import { isPlanInScope } from '../plans/plan-scope';
import { MESSAGES } from '../http/messages';
import type { ReportQuery } from '../reports/report.service';
import { buildReport } from '../reports/report.service';
import { findUnitById, findUnitsByIds } from '../units/units.repository';
import {
  decideSubmission,
  findChangedAfter,
  findPeriodEvents,
  findPeriodSubmissions,
  findSubmission,
  insertNudges,
  insertSubmission,
} from './signoff.repository';

/**
 * A unit submits its period: the figures of the unit's subtree for the period are kept as they
 * stand at receipt. Idempotent by the phone's id: the same submission sent again (its answer was
 * lost) answers what the first did and records nothing more.
 */
export async function submitPeriod(
  db: Kysely<Database>,
  caller: Caller,
  request: SubmitRequest,
  now: Date,
): Promise<Submission> {
  const known = await findSubmission(db, request.id);
  if (known) {
    if (known.unitId !== request.unitId || known.period !== request.period || known.basis !== request.basis)
      throw new HttpError(409, MESSAGES.submissionIdTaken);
    return known;
  }
  if (request.unitId !== caller.unitId) throw new HttpError(403, MESSAGES.submitOwnUnitOnly);
  const period = parsePeriodCode(request.period)!;
  const report = await buildReport(db, {
    unitId: request.unitId,
    period,
    basis: request.basis,
    asOf: vietnamDateOf(now),
  });
  const submission = {
    id: request.id,
    unitId: request.unitId,
    period: formatPeriodCode(period),
    basis: request.basis,
    submittedAt: now.toISOString(),
    deviceSubmittedAt: request.submittedAt,
    deviceId: caller.deviceId,
    note: request.note || null,
    snapshot: { totals: report.totals, entries: report.entries },
  };
  try {
    await db.transaction().execute((trx) => insertSubmission(trx, submission));
  } catch (error) {
    // The same id sent twice at once: the first one in stands.
    const raced = await findSubmission(db, request.id);
    if (raced) return raced;
    throw error;
  }
  return (await findSubmission(db, request.id))!;
}

/**
 * A supervisor approves or returns a unit's submission: only one of a unit below its own, only
 * the unit's latest submission of the period, and only once (the same decision again answers as
 * the first did).
 */
export async function decidePeriod(
  db: Kysely<Database>,
  caller: Caller,
  id: string,
  decision: { status: 'approved' | 'returned'; comment: string | null },
  now: Date,
): Promise<Submission> {
  const submission = await findSubmission(db, id);
  if (!submission) throw new HttpError(404, MESSAGES.submissionNotFound);
  const unit = await findUnitById(db, submission.unitId);
  if (!unit?.path.startsWith(caller.scopePath) || unit.id === caller.unitId)
    throw new HttpError(403, MESSAGES.decideBelowOnly);
  if (submission.status !== 'submitted') {
    if (submission.status === decision.status) return submission;
    throw new HttpError(
      409,
      MESSAGES.submissionDecided(submission.status === 'approved' ? 'được duyệt' : 'bị trả lại'),
    );
  }
  const all = await findPeriodSubmissions(db, unit.path, submission.period, submission.basis);
  const latest = all.filter((s) => s.unitId === submission.unitId).at(-1);
  if (latest && latest.id !== submission.id) throw new HttpError(409, MESSAGES.submissionSuperseded);
  await db
    .transaction()
    .execute((trx) =>
      decideSubmission(trx, submission, { ...decision, deviceId: caller.deviceId, at: now.toISOString() }),
    );
  return (await findSubmission(db, id))!;
}

/** Sends a nudge to units strictly below the supervisor's own; answers how many got it. */
export async function sendNudges(
  db: Kysely<Database>,
  caller: Caller,
  unitIds: readonly string[],
  message: string,
  now: Date,
): Promise<number> {
  const ids = [...new Set(unitIds)];
  const units = await findUnitsByIds(db, ids);
  if (units.length !== ids.length) throw new HttpError(404, MESSAGES.unitNotFound);
  if (units.some((u) => !u.path.startsWith(caller.scopePath) || u.id === caller.unitId))
    throw new HttpError(403, MESSAGES.nudgeBelowOnly);
  const at = now.toISOString();
  await insertNudges(
    db,
    units.map((u) => ({
      id: randomUUID(),
      unitId: u.id,
      message,
      fromDeviceId: caller.deviceId,
      fromUnitId: caller.unitId,
      at,
    })),
  );
  return units.length;
}

/**
 * The sign-off of a report's period, from the report's own reads plus the submissions. A unit's due
 * date is the one its plans set: the published plans its phone is served (those in its scope).
 */
export async function periodSignoff(
  db: Kysely<Database>,
  input: {
    unit: UnitRow;
    ancestors: readonly UnitRow[];
    subtree: readonly UnitRow[];
    units: readonly Unit[];
    facts: readonly Fact[];
    plans: readonly Plan[];
    query: ReportQuery;
    range: DateRange;
  },
): Promise<SignoffSummary> {
  const { query } = input;
  const submissions = await findPeriodSubmissions(db, input.unit.path, formatPeriodCode(query.period), query.basis);
  const latest = new Map<string, Submission>();
  for (const s of submissions) latest.set(s.unitId, s);
  const paths = new Map(input.subtree.map((u) => [u.id, u.path]));
  const reporting = new Set(reportingUnits(input.units, input.unit.id, query.period, query.basis).map((u) => u.id));
  // The approved figures are those kept at the submission's receipt: a change received after that,
  // before the approval as well as after it, makes the current figures differ from the approved.
  const approved = [...latest.values()]
    .filter((s) => s.status === 'approved' && reporting.has(s.unitId))
    .map((s) => ({ unitId: s.unitId, path: paths.get(s.unitId)!, after: s.submittedAt }));
  const changed = await findChangedAfter(db, approved, input.range);
  // Only plans that set a day for this kind of period can move a due date; scope is checked for those.
  const dated = input.plans.filter((plan) => setsDueDate(plan, query.period));
  // A plan in a unit's scope names the unit's ancestors or its subtree: all among the report's units.
  const pathOfUnit = new Map([...input.ancestors, ...input.subtree].map((u) => [u.id, u.path] as const));
  const plansOf = (unitId: string) => {
    const path = pathOfUnit.get(unitId);
    return path ? dated.filter((plan) => isPlanInScope(plan, path, pathOfUnit)) : [];
  };
  return computeSignoff({
    units: input.units,
    reportUnitId: input.unit.id,
    period: query.period,
    basis: query.basis,
    facts: input.facts,
    submissions,
    changedAfterApproval: changed,
    plansOf,
  });
}

/**
 * An entry's history with the steps of the periods it counts in: the submissions, approvals and
 * returns of its unit or a unit above it (a commune's submission covers its station's entries)
 * for a period holding a date the entry had, merged in by time.
 */
export async function withPeriodSteps(
  db: Kysely<Database>,
  unitPath: string,
  items: readonly HistoryItem[],
): Promise<HistoryItem[]> {
  const ids = unitPath.split('/').filter((part) => part.length > 0);
  const dates = new Set(items.flatMap((i) => (i.action !== 'conflict' && i.values.date ? [i.values.date] : [])));
  if (dates.size === 0) return [...items];
  const steps = (await findPeriodEvents(db, { unitIds: ids }))
    .filter((event) => {
      const range = periodRange(parsePeriodCode(event.period)!, event.basis);
      return [...dates].some((date) => date >= range.from && date <= range.to);
    })
    .map(
      (event): HistoryItem => ({
        version: 0,
        action: event.action,
        values: {},
        deviceId: event.deviceId,
        deviceName: event.deviceName,
        receivedAt: event.at,
        period: {
          code: event.period,
          label: periodLabel(parsePeriodCode(event.period)!),
          unitName: event.unitName,
          comment: event.comment,
        },
      }),
    );
  // Stable: at the same instant the entry's change comes first (it was in the submitted figures).
  return [...items, ...steps].sort((a, b) => Date.parse(a.receivedAt) - Date.parse(b.receivedAt));
}
