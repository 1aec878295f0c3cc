import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app';
import { type OpenDatabase, openDatabase } from '../../src/server/db/database';
import { createEnrollmentCode } from '../../src/server/devices/enrollment';
import { insertUnits } from '../../src/server/units/units.repository';
import type { Activity } from '../../src/shared/activity';
import type { Plan } from '../../src/shared/plan';
import { computeReport, factsOf, type Report } from '../../src/shared/report';
import type { Unit } from '../../src/shared/unit';

/*
 * A report over data made to hit every rule, with the expected figures worked out by hand in the
 * comments beside each entry. Quý III/2024 runs 15/06–14/09 under Decree 09 and 01/07–30/09 on
 * the calendar.
 */

// Commune C used to sit under district D2; it was moved under D1 (its parentId changed), so its
// entries now count for D1 and no longer for D2.
const units: Unit[] = [
  { id: 'P', code: '42', name: 'Tỉnh Hà Tĩnh', kind: 'province', parentId: null },
  { id: 'D1', code: '436', name: 'Huyện Cẩm Xuyên', kind: 'district', parentId: 'P' },
  { id: 'D2', code: '437', name: 'Huyện Kỳ Anh', kind: 'district', parentId: 'P' },
  { id: 'A', code: '18', name: 'Xã Cẩm Thành', kind: 'commune', parentId: 'D1' },
  { id: 'B', code: '19', name: 'Thị trấn Thiên Cầm', kind: 'commune', parentId: 'D1' },
  { id: 'C', code: '20', name: 'Xã Cẩm Lạc', kind: 'commune', parentId: 'D1' },
  { id: 'sA', code: '18-TT', name: 'Trạm truyền thanh xã Cẩm Thành', kind: 'station', parentId: 'A' },
  { id: 'pA', code: '18-BĐ', name: 'Điểm BĐVHX Cẩm Thành', kind: 'post_office', parentId: 'A' },
];
// The tree before the move, as the server first knew it.
const unitsBeforeMove: Unit[] = units.map((u) => (u.id === 'C' ? { ...u, parentId: 'D2' } : u));

/** One entry of the fixture, with the time the server received it. */
let serial = 0;
function entry(
  unitId: string,
  date: string,
  kind: Activity['kind'],
  figures: Activity['figures'],
  options: { taskId?: string; voided?: boolean; receivedAt?: string } = {},
): Activity {
  serial++;
  return {
    id: `0190f000-0000-7000-8000-${String(serial).padStart(12, '0')}`,
    unitId,
    kind,
    date,
    taskId: options.taskId ?? null,
    planId: options.taskId ? 'plan-2024' : null,
    title: `Mục ${serial}`,
    figures,
    deviceId: 'device',
    createdAt: `${date}T08:00:00+07:00`,
    version: options.voided ? 2 : 1,
    voided: options.voided ?? false,
    // Received the same day, unless said otherwise.
    receivedAt: options.receivedAt ?? `${date}T17:00:00+07:00`,
  };
}

/** The entries, each commented with where it falls. */
const activities: Activity[] = [
  // 14/06: Quý II on both bases (Decree 09 closes Quý II on 14/06; calendar Quý III starts 01/07).
  entry('sA', '2024-06-14', 'broadcast', { minutes: 10 }),
  // 15/06: first day of Decree 09 Quý III; still June on the calendar.
  entry('sA', '2024-06-15', 'broadcast', { minutes: 20 }, { taskId: 'T2' }),
  entry('sA', '2024-07-20', 'broadcast', { minutes: 5, source: 'relay' }),
  // 14/09: last day of Decree 09 Quý III; inside calendar Quý III too.
  entry('sA', '2024-09-14', 'broadcast', { minutes: 30 }, { taskId: 'T2' }),
  // 15/09: Decree 09 Quý IV; calendar Quý III.
  entry('sA', '2024-09-15', 'broadcast', { minutes: 40 }),
  entry('A', '2024-07-10', 'training', { participants: 35 }, { taskId: 'T1' }),
  // Voided: the 53 that should have been 35 counts nothing anywhere.
  entry('A', '2024-07-11', 'training', { participants: 53 }, { taskId: 'T1', voided: true }),
  entry('pA', '2024-07-01', 'material', { copies: 300, direction: 'received' }),
  entry('pA', '2024-07-05', 'material', { copies: 40, direction: 'distributed' }),
  // C, since moved under D1.
  entry('C', '2024-08-01', 'article', { items: 4 }),
  // Done on 13/09, received on 20/09: late for Decree 09 Quý III (closed 14/09); on time for
  // the calendar quarter (closes 30/09).
  entry('B', '2024-09-13', 'visual', { items: 2 }, { receivedAt: '2024-09-20T10:00:00+07:00' }),
];

/** The plan: T1 assigned to every commune of D1 (a kind of unit), T2 to every station of D1. */
const plan: Plan = {
  id: 'plan-2024',
  unitId: 'D1',
  number: '15/KH-UBND',
  title: 'Kế hoạch tuyên truyền CCHC năm 2024',
  issuer: 'UBND huyện Cẩm Xuyên',
  year: 2024,
  issuedOn: '2024-01-15',
  version: 1,
  status: 'published',
  publishedAt: '2024-01-15T02:00:00Z',
  tasks: [
    task('T1', '1', 'Tập huấn dịch vụ công trực tuyến', { count: 1, per: 'quarter', atLeast: true }, ['training']),
    task('T2', '2', 'Tuyên truyền trên hệ thống trạm truyền thanh cơ sở', { count: 4, per: 'month', atLeast: false }, [
      'broadcast',
    ]),
  ],
  assignments: [
    { taskId: 'T1', unitId: 'D1', unitKind: 'commune' },
    { taskId: 'T2', unitId: 'D1', unitKind: 'station' },
  ],
};

function task(
  id: string,
  ordinal: string,
  title: string,
  target: Plan['tasks'][number]['target'],
  kinds: Plan['tasks'][number]['kinds'],
) {
  return {
    id,
    ordinal,
    title,
    products: [],
    lead: ['UBND các xã, thị trấn'],
    cooperating: [],
    timing: 'Thường xuyên trong năm 2024',
    window: null,
    deadline: null,
    target,
    budgetVnd: null,
    kinds,
    notes: null,
  };
}

/** What the report of D1 must say on each basis, worked out by hand. */
const expected = {
  decree09: {
    // Broadcasts 15/06 (20), 20/07 (5, relay), 14/09 (30): 3 sessions, 55 minutes.
    totals: {
      broadcast: { sessions: 3, minutes: 55, ownSessions: 2, relaySessions: 1 },
      training: { sessions: 1, participants: 35 },
      material: { copiesReceived: 300, copiesDistributed: 40 },
      article: { items: 4 },
      visual: { items: 2 },
    },
    // A: 3 broadcasts + 1 class + 2 material; B: 1; C: 1.
    entries: 8,
    late: 1,
    byUnit: { A: { entries: 6, late: 0 }, B: { entries: 1, late: 1 }, C: { entries: 1, late: 0 } },
    // T1: A done (1 class), B and C none and the quarter is over → overdue; 3 assignees × 1.
    t1: { actual: 1, total: 3, status: 'overdue', done: 1, overdue: 2 },
    // T2: sA only; 4 a month × 3 Decree months = 12; linked broadcasts 15/06 and 14/09 = 2.
    t2: { actual: 2, total: 12, assignees: 1 },
    // A's station aired in each Decree month (15/06, 20/07, 14/09); B and C never.
    stationCoverage: { covered: 1, eligible: 3, uncovered: ['Thị trấn Thiên Cầm', 'Xã Cẩm Lạc'] },
    // 300 received − 40 handed out = 260 held.
    postOfficeCoverage: { covered: 1, eligible: 1 },
  },
  calendar: {
    // Broadcasts 20/07 (5, relay), 14/09 (30), 15/09 (40): 3 sessions, 75 minutes.
    totals: {
      broadcast: { sessions: 3, minutes: 75, ownSessions: 2, relaySessions: 1 },
      training: { sessions: 1, participants: 35 },
      material: { copiesReceived: 300, copiesDistributed: 40 },
      article: { items: 4 },
      visual: { items: 2 },
    },
    entries: 8,
    late: 0,
    byUnit: { A: { entries: 6, late: 0 }, B: { entries: 1, late: 0 }, C: { entries: 1, late: 0 } },
    t1: { actual: 1, total: 3, status: 'overdue', done: 1, overdue: 2 },
    // Only 14/09 is both linked to T2 and inside the calendar quarter.
    t2: { actual: 1, total: 12, assignees: 1 },
    // No broadcast in calendar August: A is not covered either.
    stationCoverage: { covered: 0, eligible: 3, uncovered: ['Xã Cẩm Thành', 'Thị trấn Thiên Cầm', 'Xã Cẩm Lạc'] },
    postOfficeCoverage: { covered: 1, eligible: 1 },
  },
} as const;

/** Checks a report of D1 against the hand-computed figures; shared with the server check. */
function expectMatchesHand(
  report: Pick<Report, 'totals' | 'entries' | 'late' | 'byUnit' | 'byTask' | 'coverage'>,
  basis: keyof typeof expected,
): void {
  const want = expected[basis];
  expect(report.totals).toEqual(want.totals);
  expect(report.entries).toBe(want.entries);
  expect(report.late).toBe(want.late);
  const rows = Object.fromEntries(report.byUnit.map((r) => [r.unitId, { entries: r.entries, late: r.late }]));
  expect(rows).toEqual(want.byUnit);
  const t1 = report.byTask.find((t) => t.taskId === 'T1')!;
  expect({
    actual: t1.actual,
    total: t1.total,
    status: t1.status,
    done: t1.assigneesByStatus.done,
    overdue: t1.assigneesByStatus.overdue,
  }).toEqual(want.t1);
  const t2 = report.byTask.find((t) => t.taskId === 'T2')!;
  expect({ actual: t2.actual, total: t2.total, assignees: t2.assignees }).toEqual(want.t2);
  const station = report.coverage.find((c) => c.id === 'station_broadcast_monthly')!;
  expect({
    covered: station.covered,
    eligible: station.eligible,
    uncovered: station.uncovered.map((u) => u.name).sort(),
  }).toEqual({ ...want.stationCoverage, uncovered: [...want.stationCoverage.uncovered].sort() });
  const post = report.coverage.find((c) => c.id === 'post_office_holds_material')!;
  expect({ covered: post.covered, eligible: post.eligible }).toEqual(want.postOfficeCoverage);
}

const Q3 = { type: 'quarter', year: 2024, index: 3 } as const;

function reportOf(unitId: string, basis: 'decree09' | 'calendar', tree: Unit[] = units): Report {
  return computeReport({
    unitId,
    units: tree,
    facts: factsOf(activities),
    plans: [plan],
    period: Q3,
    basis,
    asOf: '2024-10-01',
  });
}

describe('report rules (shared computeReport, figures by hand)', () => {
  it('Decree 09 Quý III/2024: 15/06 in, 14/06 and 15/09 out, voided out, late entry counted and marked', () => {
    const report = reportOf('D1', 'decree09');
    expect(report.period).toMatchObject({ from: '2024-06-15', to: '2024-09-14', label: 'Quý III/2024' });
    expectMatchesHand(report, 'decree09');
  });

  it('calendar Quý III/2024: 15/06 out, 15/09 in, the 20/09 receipt is not late', () => {
    const report = reportOf('D1', 'calendar');
    expect(report.period).toMatchObject({ from: '2024-07-01', to: '2024-09-30' });
    expectMatchesHand(report, 'calendar');
  });

  it('a moved commune counts under its new district only', () => {
    const d2 = reportOf('D2', 'decree09');
    expect(d2.entries).toBe(0);
    expect(d2.byUnit.map((r) => r.unitId)).toEqual([]);
    const before = reportOf('D2', 'decree09', unitsBeforeMove);
    expect(before.entries).toBe(1);
    expect(before.totals.article).toEqual({ items: 4 });
    const d1Before = reportOf('D1', 'decree09', unitsBeforeMove);
    expect(d1Before.entries).toBe(7);
    // The province sees all of it either way.
    expect(reportOf('P', 'decree09').entries).toBe(8);
  });
});

// The same entries pushed through the real sync endpoint, with the server's clock set to each
// entry's receive time, then the report read back over HTTP.
describe('report rules (server: POST /api/v1/sync then GET /api/v1/report)', () => {
  let database: OpenDatabase;
  let app: FastifyInstance;
  let clock = new Date('2024-01-10T02:00:00Z');
  let token = '';
  let deviceId = '';
  let seq = 0;

  const call = async (method: 'GET' | 'POST', url: string, payload?: unknown) => {
    const response = await app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };

  beforeAll(async () => {
    database = process.env.DATABASE_URL
      ? await openDatabase({ databaseUrl: process.env.DATABASE_URL, schema: `report_rules_${process.pid}` })
      : await openDatabase({ dataDir: 'memory://' });
    await insertUnits(database.db, unitsBeforeMove);
    app = await buildApp({ db: database.db, now: () => clock });
    const { code } = await createEnrollmentCode(database.db, { unitId: 'P', role: 'supervisor', now: clock });
    const enrolled = await app.inject({
      method: 'POST',
      url: '/api/v1/enroll',
      payload: { code, deviceName: 'Máy Sở' },
    });
    expect(enrolled.statusCode, enrolled.body).toBe(200);
    ({ token, deviceId } = enrolled.json());

    const { plan: draft } = await call('POST', '/api/v1/plans', { ...plan, id: undefined });
    await call('POST', `/api/v1/plans/${draft.id}/publish`);

    // Push each entry when it was received; the voided one is pushed, then voided.
    const ordered = [...activities].sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
    for (const activity of ordered) {
      clock = new Date(activity.receivedAt);
      const { version: _v, voided, voidReason: _r, receivedAt: _at, ...input } = activity;
      const mutations: unknown[] = [
        {
          seq: ++seq,
          op: 'upsert',
          baseVersion: 0,
          activity: { ...input, deviceId, planId: input.taskId ? draft.id : null },
        },
      ];
      if (voided)
        mutations.push({ seq: ++seq, op: 'void', id: activity.id, baseVersion: 1, reason: 'Nhập sai số người' });
      const result = await call('POST', '/api/v1/sync', {
        deviceId,
        protocolVersion: 1,
        mutations,
        cursor: null,
        limit: 1,
      });
      expect(result.results.map((r: { status: string }) => r.status)).toEqual(mutations.map(() => 'applied'));
    }

    // Commune C moves from D2 to D1: its parent and the path of its subtree change.
    await sql`update units set parent_id = 'D1', path = '/P/D1/C/' where id = 'C'`.execute(database.db);
    clock = new Date('2024-10-01T03:00:00Z');
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  const serverReport = (unitId: string, basis: string) =>
    call('GET', `/api/v1/report?unitId=${unitId}&period=2024-Q3&basis=${basis}&asOf=2024-10-01`);

  it('Decree 09 Quý III/2024 over HTTP matches the figures by hand', async () => {
    const report = await serverReport('D1', 'decree09');
    expect(report.period).toMatchObject({ from: '2024-06-15', to: '2024-09-14', label: 'Quý III/2024' });
    expectMatchesHand(report, 'decree09');
  });

  it('calendar Quý III/2024 over HTTP matches the figures by hand', async () => {
    expectMatchesHand(await serverReport('D1', 'calendar'), 'calendar');
  });

  it('the moved commune no longer counts for its old district; the province sees everything', async () => {
    expect((await serverReport('D2', 'decree09')).entries).toBe(0);
    expect((await serverReport('P', 'decree09')).entries).toBe(8);
  });

  it('the drill-down lists exactly the late entry behind the "late" figure', async () => {
    const late = await call('GET', '/api/v1/activities?unitId=D1&period=2024-Q3&basis=decree09&late=1');
    const items = late.items ?? late;
    expect(items.map((a: Activity) => a.date)).toEqual(['2024-09-13']);
  });
});
