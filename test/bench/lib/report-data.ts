import { readFileSync } from 'node:fs';
import { type Kysely, sql } from 'kysely';
import type { Activity, ActivityKind } from '../../../src/shared/activity';
import type { Task } from '../../../src/shared/plan';
import { findPublishedPlans, insertPlanVersion } from '../../../src/server/plans/plans.repository';
import type { Database } from '../../../src/server/db/schema';
import { factDeltaOf, factKeyOf, halfMonthDeltasOf, mergeFactDeltas } from '../../../src/server/rollups/rollup-rows';
import type { FactRow } from '../../../src/server/db/schema';
import { findAllHalfMonthRows, rebuildHalfMonthRollups } from '../../../src/server/rollups/rollups.repository';
import { parseUnitCsv } from '../../../src/server/units/unit-csv';
import { findAllUnits, insertUnits } from '../../../src/server/units/units.repository';
import { VN_UNITS_CSV } from '../../support/sources';

const UNITS_CSV = VN_UNITS_CSV;

/** Prefix of the ids of the units the report bench loads. */
export const BENCH_UNIT_PREFIX = 'vn:';

/** Loads every province and commune of the 2025 CSV, once. */
export async function loadCountry(db: Kysely<Database>): Promise<void> {
  const units = parseUnitCsv(readFileSync(UNITS_CSV, 'utf8'), { idPrefix: BENCH_UNIT_PREFIX, validFrom: '2025-07-01' });
  const present = new Set((await findAllUnits(db)).map((u) => u.id));
  await insertUnits(
    db,
    units.filter((u) => !present.has(u.id)),
  );
}

/**
 * The task a generated entry links to by its kind, as the app offers only tasks that ask for the
 * entry's kind (see the plan of `ensureBenchPlan`); material, meetings and others link to none.
 */
const TASK_OF_KIND = sql`case kind when 'broadcast' then 'bench-task-0' when 'article' then 'bench-task-1'
  when 'training' then 'bench-task-2' when 'contest' then 'bench-task-3' when 'visual' then 'bench-task-4' end`;

/**
 * Brings a dataset generated before task links followed kinds (any kind linked to any of the five
 * tasks, which the app cannot produce) to the current rule; returns the entries changed. The
 * roll-ups must be rebuilt after.
 */
export async function relinkTasksByKind(db: Kysely<Database>): Promise<number> {
  const result = await sql`
    update activities set task_id = ${TASK_OF_KIND}
    where task_id like 'bench-task-%' and task_id is distinct from ${TASK_OF_KIND}`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * Adds entries `from`..`to` (1-based numbers) spread round-robin over every commune of the country
 * and evenly over the two reporting years from 15/12/2024 (`total` entries in all), written straight into the activities table by
 * generate_series. Kinds, figures and task links (a third of the entries of the five kinds a task asks for) follow a commune's usual mix; about 1 in 50 is
 * voided. The roll-up is filled afterwards by `rebuildFacts`.
 */
export async function insertActivities(db: Kysely<Database>, from: number, to: number, total: number): Promise<void> {
  await sql`
    with communes as (
      select array_agg(id order by id) as ids, count(*)::bigint as n
      from units where kind = 'commune' and id like ${`${BENCH_UNIT_PREFIX}%`}
    ),
    g as (
      select s, (s * 2654435761) % 100 as r, (s * 40503) % 9973 as q
      from generate_series(${from}::bigint, ${to}::bigint) s
    ),
    rows as (
      select g.s, g.r, g.q, c.ids[(g.s % c.n) + 1] as unit_id,
        (date '2024-12-15' + ((g.s - 1) * 730 / ${total}::bigint)::int) as day,
        case when g.r < 50 then 'broadcast' when g.r < 65 then 'material' when g.r < 77 then 'article'
             when g.r < 85 then 'visual' when g.r < 91 then 'meeting' when g.r < 96 then 'training'
             when g.r < 98 then 'contest' else 'other' end as kind
      from g cross join communes c
    )
    insert into activities (id, unit_id, kind, date, task_id, plan_id, title, topics, figures, note, location,
      device_id, created_at, received_at, version, voided, void_reason, updated_at)
    select
      (md5('bench' || s)::uuid)::text, unit_id, kind, to_char(day, 'YYYY-MM-DD'),
      case when q % 3 = 0 then ${TASK_OF_KIND} end, null,
      'Tuyên truyền cải cách hành chính', null,
      case kind
        when 'broadcast' then jsonb_build_object('minutes', 5 + (q % 4) * 5, 'source', case when q % 10 < 7 then 'own' else 'relay' end)
        when 'material' then jsonb_build_object('copies', 10 + (q % 20) * 10, 'direction', case when q % 10 < 4 then 'received' else 'distributed' end)
        when 'meeting' then jsonb_build_object('participants', 20 + q % 180)
        when 'training' then jsonb_build_object('participants', 20 + q % 180)
        when 'contest' then jsonb_build_object('participants', 20 + q % 180)
        else '{}'::jsonb end,
      null, null, 'bench-device',
      to_char(day, 'YYYY-MM-DD') || 'T01:00:00.000Z',
      to_char(day + (q % 3)::int, 'YYYY-MM-DD') || 'T03:00:00.000Z',
      case when q % 50 = 7 then 2 else 1 end, q % 50 = 7, case when q % 50 = 7 then 'Nhập trùng' end,
      to_char(day + (q % 3)::int, 'YYYY-MM-DD') || 'T03:00:00.000Z'
    from rows
  `.execute(db);
}

/**
 * Recomputes the daily roll-up from every entry, with the same rules as the write path: one row
 * per unit, date, kind, task and day of receipt (Vietnam time); voided entries add nothing. The
 * half-month roll-ups reports read are then refilled from it, as the migration does.
 */
export async function rebuildFacts(db: Kysely<Database>): Promise<void> {
  await sql`truncate facts`.execute(db);
  await sql`
    insert into facts (unit_id, date, kind, task_id, received_on, entries, count, sessions, minutes, own_sessions,
      relay_sessions, participants, copies_received, copies_distributed, items)
    select unit_id, date, kind, coalesce(task_id, ''),
      to_char((received_at::timestamptz at time zone 'Asia/Ho_Chi_Minh'), 'YYYY-MM-DD'),
      count(*),
      sum(case when kind in ('broadcast', 'training', 'meeting', 'contest') then coalesce((figures->>'sessions')::float8, 1)
               when kind = 'material' then 1 else coalesce((figures->>'items')::float8, 1) end),
      sum(case when kind in ('broadcast', 'training', 'meeting', 'contest') then coalesce((figures->>'sessions')::float8, 1) else 0 end),
      sum(case when kind = 'broadcast' then coalesce((figures->>'minutes')::float8, 0) else 0 end),
      sum(case when kind = 'broadcast' and figures->>'source' is distinct from 'relay' then coalesce((figures->>'sessions')::float8, 1) else 0 end),
      sum(case when kind = 'broadcast' and figures->>'source' = 'relay' then coalesce((figures->>'sessions')::float8, 1) else 0 end),
      sum(case when kind in ('training', 'meeting', 'contest') then coalesce((figures->>'participants')::float8, 0) else 0 end),
      sum(case when kind = 'material' and figures->>'direction' = 'received' then coalesce((figures->>'copies')::float8, 0) else 0 end),
      sum(case when kind = 'material' and figures->>'direction' is distinct from 'received' then coalesce((figures->>'copies')::float8, 0) else 0 end),
      sum(case when kind in ('article', 'visual', 'other') then coalesce((figures->>'items')::float8, 1) else 0 end)
    from activities where not voided
    group by 1, 2, 3, 4, 5
  `.execute(db);
  await rebuildHalfMonthRollups(db);
}

/**
 * Checks the generated roll-up against the server's own fact rules for the entries of a few
 * communes; returns the number of roll-up rows compared. Throws on the first difference.
 */
export async function checkFactsAgainstWritePath(db: Kysely<Database>, unitIds: string[]): Promise<number> {
  let compared = 0;
  for (const unitId of unitIds) {
    const rows = await db.selectFrom('activities').selectAll().where('unit_id', '=', unitId).execute();
    const deltas = rows
      .map((r) =>
        factDeltaOf(
          {
            id: r.id,
            unitId: r.unit_id,
            kind: r.kind,
            date: r.date,
            taskId: r.task_id,
            planId: r.plan_id,
            title: r.title,
            figures: r.figures,
            deviceId: r.device_id,
            createdAt: r.created_at,
            receivedAt: r.received_at,
            version: r.version,
            voided: r.voided,
          } as Activity,
          1,
        ),
      )
      .filter((d) => d !== null);
    const expected = new Map(mergeFactDeltas(deltas).map((d) => [factKeyOf(d), d]));
    const stored = (await db.selectFrom('facts').selectAll().where('unit_id', '=', unitId).execute()) as FactRow[];
    if (stored.length !== expected.size) {
      throw new Error(`roll-up of ${unitId}: ${stored.length} rows stored, ${expected.size} expected`);
    }
    for (const row of stored) {
      const want = expected.get(factKeyOf(row));
      if (!want) throw new Error(`roll-up of ${unitId}: unexpected row ${factKeyOf(row)}`);
      for (const [key, value] of Object.entries(want)) {
        const got = row[key as keyof typeof row];
        if (typeof value === 'number' ? Number(got) !== value : got !== value) {
          throw new Error(`roll-up of ${unitId} ${factKeyOf(row)}: ${key} is ${got}, the write path gives ${value}`);
        }
      }
      compared++;
    }
    // The half-month roll-ups against the write path's half-month deltas of the same entries.
    const halves = halfMonthDeltasOf([...expected.values()]);
    const storedHalves = await findAllHalfMonthRows(db, unitId);
    for (const part of ['facts', 'tasks'] as const) {
      const canonical = (rows: readonly object[]) =>
        rows
          .map((r) =>
            JSON.stringify(
              Object.entries(r)
                .map(([k, v]) => [k, typeof v === 'string' && !Number.isNaN(Number(v)) && k !== 'date' ? Number(v) : v])
                .sort(),
            ),
          )
          .sort()
          .join('\n');
      if (canonical(storedHalves[part]) !== canonical(halves[part])) {
        throw new Error(`half-month ${part} roll-up of ${unitId} differs from the write path's`);
      }
      compared += halves[part].length;
    }
  }
  return compared;
}

/**
 * Publishes (once) a plan of the province for 2025 whose five tasks are the ones the generated
 * entries link to ('bench-task-0'..'4'), each assigned to every commune of the province: rate
 * targets per month, quarter and year, a window and a deadline that both cut a half-month, so a
 * report also computes progress against targets for every commune.
 */
export async function ensureBenchPlan(db: Kysely<Database>, provinceId: string): Promise<void> {
  const id = `bench-plan-2025-${provinceId}`;
  if ((await findPublishedPlans(db, [id])).length > 0) return;
  const task = (n: number, title: string, kind: ActivityKind, schedule: Partial<Task>): Task => ({
    id: `bench-task-${n}`,
    ordinal: String(n + 1),
    title,
    products: [],
    lead: [],
    cooperating: [],
    timing: '',
    window: null,
    deadline: null,
    target: null,
    budgetVnd: null,
    kinds: [kind],
    notes: null,
    ...schedule,
  });
  const tasks = [
    task(0, 'Phát thanh chuyên mục CCHC trên loa', 'broadcast', { target: { count: 4, per: 'month', atLeast: true } }),
    task(1, 'Tin, bài về CCHC trên trang TTĐT', 'article', { target: { count: 1, per: 'quarter', atLeast: true } }),
    task(2, 'Tập huấn nghiệp vụ CCHC', 'training', { target: { count: 2, per: 'year', atLeast: true } }),
    task(3, 'Cuộc thi tìm hiểu CCHC', 'contest', { window: { from: '2025-06-20', to: '2025-09-10' } }),
    task(4, 'Pa nô, áp phích CCHC', 'visual', { deadline: '2025-10-20' }),
  ];
  await insertPlanVersion(
    db,
    {
      id,
      unitId: provinceId,
      number: '01/KH-UBND',
      title: 'Kế hoạch tuyên truyền CCHC năm 2025',
      issuer: null,
      year: 2025,
      issuedOn: '2025-01-10',
      version: 1,
      status: 'published',
      publishedAt: '2025-01-10T03:00:00.000Z',
      tasks,
      assignments: tasks.map((t) => ({ taskId: t.id, unitId: provinceId, unitKind: 'commune' as const })),
    },
    new Date().toISOString(),
  );
}
