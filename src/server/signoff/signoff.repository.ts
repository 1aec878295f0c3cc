import { type Kysely, sql, type Transaction } from 'kysely';
import type { DateRange, PeriodBasis } from '../../shared/period';
import type { Totals } from '../../shared/report';
import type { Nudge, PeriodEvent, Submission, SubmissionStatus } from '../../shared/signoff';
import type { Database } from '../db/schema';
import { likePrefix } from '../units/units.repository';

type Db = Kysely<Database> | Transaction<Database>;

/** An instant column as ISO 8601 UTC with milliseconds. */
const iso = (column: string) =>
  sql<string>`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const submissionColumns = [
  's.id',
  's.unit_id',
  's.period',
  's.basis',
  's.status',
  's.device_submitted_at',
  's.device_id',
  's.note',
  's.snapshot',
  's.decided_by',
  's.comment',
] as const;

function submissionOf(row: {
  id: string;
  unit_id: string;
  period: string;
  basis: string;
  status: string;
  submitted_at: string;
  device_submitted_at: string;
  device_id: string;
  note: string | null;
  snapshot: Record<string, unknown>;
  decided_at: string | null;
  decided_by: string | null;
  comment: string | null;
}): Submission {
  return {
    id: row.id,
    unitId: row.unit_id,
    period: row.period,
    basis: row.basis as PeriodBasis,
    status: row.status as SubmissionStatus,
    submittedAt: row.submitted_at,
    deviceSubmittedAt: row.device_submitted_at,
    deviceId: row.device_id,
    note: row.note,
    decidedAt: row.decided_at,
    decidedBy: row.decided_by,
    comment: row.comment,
    snapshot: row.snapshot as Submission['snapshot'],
  };
}

function selectSubmissions(db: Db) {
  return db
    .selectFrom('period_submissions as s')
    .select([...submissionColumns, iso('s.submitted_at').as('submitted_at'), iso('s.decided_at').as('decided_at')]);
}

/** One submission by id. */
export async function findSubmission(db: Db, id: string): Promise<Submission | undefined> {
  const row = await selectSubmissions(db).where('s.id', '=', id).executeTakeFirst();
  return row && submissionOf(row);
}

/** The submissions of one unit, newest first. */
export async function findUnitSubmissions(db: Db, unitId: string, limit = 40): Promise<Submission[]> {
  const rows = await selectSubmissions(db)
    .where('s.unit_id', '=', unitId)
    .orderBy('s.seq', 'desc')
    .limit(limit)
    .execute();
  return rows.map(submissionOf);
}

/** Every submission of a period by the units of a subtree, oldest first. */
export async function findPeriodSubmissions(
  db: Db,
  scopePath: string,
  period: string,
  basis: PeriodBasis,
): Promise<Submission[]> {
  const rows = await selectSubmissions(db)
    .innerJoin('units as u', 'u.id', 's.unit_id')
    .where('u.path', 'like', likePrefix(scopePath))
    .where('s.period', '=', period)
    .where('s.basis', '=', basis)
    .orderBy('s.seq')
    .execute();
  return rows.map(submissionOf);
}

/** Records a submission and its event. */
export async function insertSubmission(
  db: Db,
  submission: Omit<Submission, 'status' | 'decidedAt' | 'decidedBy' | 'comment'>,
): Promise<void> {
  await db
    .insertInto('period_submissions')
    .values({
      id: submission.id,
      unit_id: submission.unitId,
      period: submission.period,
      basis: submission.basis,
      status: 'submitted',
      submitted_at: submission.submittedAt,
      device_submitted_at: submission.deviceSubmittedAt,
      device_id: submission.deviceId,
      note: submission.note,
      snapshot: JSON.stringify(submission.snapshot),
    })
    .execute();
  await insertEvent(db, submission, 'submit', submission.deviceId, submission.note, submission.submittedAt);
}

/** Approves or returns a submission, with its event. */
export async function decideSubmission(
  db: Db,
  submission: Submission,
  decision: { status: 'approved' | 'returned'; deviceId: string; comment: string | null; at: string },
): Promise<void> {
  await db
    .updateTable('period_submissions')
    .set({ status: decision.status, decided_at: decision.at, decided_by: decision.deviceId, comment: decision.comment })
    .where('id', '=', submission.id)
    .execute();
  await insertEvent(
    db,
    submission,
    decision.status === 'approved' ? 'approve' : 'return',
    decision.deviceId,
    decision.comment,
    decision.at,
  );
}

async function insertEvent(
  db: Db,
  submission: Pick<Submission, 'id' | 'unitId' | 'period' | 'basis'>,
  action: PeriodEvent['action'],
  deviceId: string,
  comment: string | null,
  at: string,
): Promise<void> {
  await db
    .insertInto('period_events')
    .values({
      submission_id: submission.id,
      unit_id: submission.unitId,
      period: submission.period,
      basis: submission.basis,
      action,
      device_id: deviceId,
      comment,
      at,
    })
    .execute();
}

/**
 * Period events of units whose path is in `scopePath`'s subtree (`below`) or on the chain above a
 * unit (`unitIds`), oldest first, with the names of units and devices.
 */
export async function findPeriodEvents(
  db: Db,
  where: { scopePath: string; period?: string; basis?: PeriodBasis } | { unitIds: readonly string[] },
): Promise<PeriodEvent[]> {
  let query = db
    .selectFrom('period_events as e')
    .innerJoin('units as u', 'u.id', 'e.unit_id')
    .leftJoin('devices as d', 'd.id', 'e.device_id')
    .select([
      'e.action',
      'e.submission_id',
      'e.unit_id',
      'u.name as unit_name',
      'e.period',
      'e.basis',
      'e.device_id',
      'd.name as device_name',
      'e.comment',
      iso('e.at').as('at'),
    ]);
  if ('unitIds' in where) {
    if (where.unitIds.length === 0) return [];
    query = query.where('e.unit_id', 'in', [...where.unitIds]);
  } else {
    query = query.where('u.path', 'like', likePrefix(where.scopePath));
    if (where.period) query = query.where('e.period', '=', where.period);
    if (where.basis) query = query.where('e.basis', '=', where.basis);
  }
  const rows = await query.orderBy('e.at').orderBy('e.id').execute();
  return rows.map((r) => ({
    action: r.action as PeriodEvent['action'],
    submissionId: r.submission_id,
    unitId: r.unit_id,
    unitName: r.unit_name,
    period: r.period,
    basis: r.basis as PeriodBasis,
    at: r.at,
    deviceId: r.device_id,
    deviceName: r.device_name,
    comment: r.comment,
  }));
}

/**
 * The units (of those given, with their paths) where an entry dated in the range was added,
 * changed or voided after `after[unitId]`: a change of the entry's history received later, on an
 * entry of the unit's subtree that was dated in the range at some version (so one moved out of
 * the period counts too). Refused conflicts changed nothing and do not count. One read of the
 * changes received since the earliest approval (by the index on `received_at`), grouped by unit.
 */
export async function findChangedAfter(
  db: Db,
  units: readonly { unitId: string; path: string; after: string }[],
  range: DateRange,
): Promise<Set<string>> {
  if (units.length === 0) return new Set();
  const earliest = units.reduce((min, u) => (Date.parse(u.after) < Date.parse(min) ? u.after : min), units[0]!.after);
  const rows = await sql<{ path: string; last: string }>`
    select u.path, to_char(max(h.received_at) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as last
    from activity_history h
      join activities a on a.id = h.activity_id
      join units u on u.id = a.unit_id
    where h.received_at > ${earliest}::timestamptz
      and h.action <> 'conflict'
      and exists (
        select 1 from activity_history h2
        where h2.activity_id = h.activity_id and h2.values ->> 'date' between ${range.from} and ${range.to})
    group by u.path`.execute(db);
  const changed = new Set<string>();
  for (const unit of units) {
    const after = Date.parse(unit.after);
    if (rows.rows.some((r) => r.path.startsWith(unit.path) && Date.parse(r.last) > after)) changed.add(unit.unitId);
  }
  return changed;
}

/** Records a nudge to each unit. */
export async function insertNudges(
  db: Db,
  nudges: readonly {
    id: string;
    unitId: string;
    message: string;
    fromDeviceId: string;
    fromUnitId: string;
    at: string;
  }[],
): Promise<void> {
  if (nudges.length === 0) return;
  await db
    .insertInto('nudges')
    .values(
      nudges.map((n) => ({
        id: n.id,
        unit_id: n.unitId,
        message: n.message,
        from_device_id: n.fromDeviceId,
        from_unit_id: n.fromUnitId,
        created_at: n.at,
      })),
    )
    .execute();
}

/** The nudges of a unit since an instant, newest first. */
export async function findNudges(db: Db, unitId: string, since: string, limit = 20): Promise<Nudge[]> {
  const rows = await db
    .selectFrom('nudges as n')
    .innerJoin('units as u', 'u.id', 'n.from_unit_id')
    .select(['n.id', 'n.unit_id', 'n.message', 'u.name as from_name', iso('n.created_at').as('created_at')])
    .where('n.unit_id', '=', unitId)
    .where('n.created_at', '>', since)
    .orderBy('n.created_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    unitId: r.unit_id,
    message: r.message,
    fromName: r.from_name,
    createdAt: r.created_at,
  }));
}

/** The totals kept with a submission. */
export type Snapshot = { totals: Totals; entries: number };
