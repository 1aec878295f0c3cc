import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTIVITY_KINDS, type Activity, type ActivityKind } from '../../src/shared/activity';
import type { Assignment, Plan, Target, Task } from '../../src/shared/plan';
import { addDays } from '../../src/shared/period';
import {
  computeReport,
  type Fact,
  factOf,
  factsOf,
  isLate,
  materialStock,
  type ReportInput,
  type SyncStatus,
} from '../../src/shared/report';
import type { Unit } from '../../src/shared/unit';

const SEED = Number(process.env.FC_SEED ?? Date.now() % 2_147_483_647);
console.log(`report.test.ts fast-check seed: ${SEED} (rerun with FC_SEED=${SEED})`);

const u = (id: string, parentId: string | null, kind: Unit['kind'], name = id): Unit => ({
  id,
  code: id,
  name,
  kind,
  parentId,
});
// Tỉnh > huyện > 2 xã (one with its loudspeaker station and post-office point); tỉnh > xã without a district.
const UNITS: Unit[] = [
  u('p', null, 'province', 'Tỉnh Hà Tĩnh'),
  u('d', 'p', 'district', 'Huyện Cẩm Xuyên'),
  u('c1', 'd', 'commune', 'Xã Cẩm Hòa'),
  u('s1', 'c1', 'station', 'Trạm truyền thanh xã Cẩm Hòa'),
  u('po1', 'c1', 'post_office', 'Điểm BĐ-VHX Cẩm Hòa'),
  u('c2', 'd', 'commune', 'Xã Cẩm Bình'),
  u('c3', 'p', 'commune', 'Xã Thạch Hà'),
];

let nextId = 1;
function act(
  unitId: string,
  kind: ActivityKind,
  date: string,
  figures: Activity['figures'] = {},
  extra: Partial<Activity> = {},
): Activity {
  const n = String(nextId++).padStart(12, '0');
  return {
    id: `0190a1b2-c3d4-7e5f-8a9b-${n}`,
    unitId,
    kind,
    date,
    taskId: null,
    title: `${kind} ${date}`,
    figures,
    deviceId: 'dev',
    createdAt: `${date}T02:00:00Z`,
    version: 1,
    voided: false,
    receivedAt: `${date}T03:00:00Z`,
    ...extra,
  };
}

const ACTIVITIES: Activity[] = [
  act('s1', 'broadcast', '2021-07-01', { sessions: 2, minutes: 30 }, { taskId: 't-loa' }),
  act('s1', 'broadcast', '2021-08-01', { source: 'relay' }, { taskId: 't-loa' }),
  act('s1', 'broadcast', '2021-09-01', { minutes: 10 }, { taskId: 't-loa' }),
  act('po1', 'material', '2021-06-20', { copies: 200, direction: 'received' }),
  act('po1', 'material', '2021-07-20', { copies: 150, direction: 'distributed' }),
  act('c2', 'article', '2021-07-10', { items: 3 }, { taskId: 't-tin' }),
  act('c3', 'training', '2021-08-10', { participants: 40 }),
  act('c3', 'article', '2021-08-11', { items: 5 }, { voided: true, voidReason: 'Nhập trùng', taskId: 't-tin' }),
  act('p', 'meeting', '2021-07-05', { participants: 100 }),
  act('c2', 'article', '2021-09-15', { items: 1 }, { taskId: 't-tin' }),
  act('c1', 'broadcast', '2021-09-14', {}, { receivedAt: '2021-09-14T18:00:00Z' }),
  act('d', 'visual', '2021-07-01', { items: 1 }),
  act('c2', 'article', '2021-06-14', { items: 7 }),
];

const task = (id: string, target: Target | null, title = id): Task => ({
  id,
  ordinal: id,
  title,
  products: [],
  lead: [],
  cooperating: [],
  timing: 'Thường xuyên',
  window: null,
  deadline: null,
  target,
  budgetVnd: null,
  kinds: [],
  notes: null,
});
const plan = (tasks: Task[], assignments: Assignment[]): Plan => ({
  id: 'kh-2021',
  unitId: 'p',
  number: '493/KH-UBND',
  title: 'Kế hoạch tuyên truyền CCHC năm 2021',
  issuer: 'UBND tỉnh',
  year: 2021,
  issuedOn: '2020-12-21',
  version: 1,
  status: 'published',
  publishedAt: '2020-12-21T00:00:00Z',
  tasks,
  assignments,
});
const monthly: Target = { count: 1, per: 'month', atLeast: false };
const PLAN = plan(
  [
    task('t-tin', monthly, 'Đăng tin, bài CCHC'),
    task('t-loa', monthly, 'Chuyên mục CCHC trên loa'),
    task('t-huyen', null, 'Tổ chức hội nghị'),
    task('t-nowhere', monthly),
  ],
  [
    { taskId: 't-tin', unitId: 'p', unitKind: 'commune' },
    { taskId: 't-loa', unitId: 'c1', unitKind: null },
    { taskId: 't-huyen', unitId: 'p', unitKind: 'district' },
    { taskId: 't-nowhere', unitId: 'elsewhere', unitKind: null },
  ],
);

const Q3 = { type: 'quarter', year: 2021, index: 3 } as const;
const report = (over: Partial<ReportInput> = {}) =>
  computeReport({
    unitId: 'p',
    units: UNITS,
    facts: factsOf(ACTIVITIES),
    plans: [PLAN],
    period: Q3,
    asOf: '2021-09-20',
    ...over,
  });

describe('facts', () => {
  it('factOf turns an entry into what it adds, with its local day of receipt', () => {
    expect(factOf(ACTIVITIES[10]!)).toEqual({
      unitId: 'c1',
      date: '2021-09-14',
      kind: 'broadcast',
      taskId: null,
      receivedOn: '2021-09-15',
      entries: 1,
      count: 1,
      figures: { sessions: 1, minutes: 0, ownSessions: 1 },
    });
    expect(factOf(ACTIVITIES[0]!)).toMatchObject({ taskId: 't-loa', count: 2, receivedOn: '2021-07-01' });
    expect(factOf(ACTIVITIES[3]!)?.figures).toEqual({ copiesReceived: 200 });
  });

  it('a voided entry has no fact', () => {
    expect(factOf(ACTIVITIES[7]!)).toBeNull();
    expect(factsOf(ACTIVITIES)).toHaveLength(ACTIVITIES.length - 1);
  });

  it('an entry is late when received after the period closed, in Vietnam time', () => {
    const range = { from: '2021-06-15', to: '2021-09-14' };
    expect(isLate({ receivedOn: '2021-09-14' }, range)).toBe(false);
    expect(isLate(factOf(ACTIVITIES[10]!)!, range)).toBe(true);
    expect(isLate(factOf(act('c1', 'article', '2021-09-14', {}, { receivedAt: '2021-09-14T16:59:59Z' }))!, range)).toBe(
      false,
    );
  });
});

describe('computeReport totals', () => {
  const r = report();

  it('names the period in Vietnamese with its decree 09 dates', () => {
    expect(r.period).toEqual({
      code: '2021-Q3',
      basis: 'decree09',
      from: '2021-06-15',
      to: '2021-09-14',
      label: 'Quý III/2021',
    });
    expect(report({ basis: 'calendar' }).period).toMatchObject({ from: '2021-07-01', to: '2021-09-30' });
    expect(r.unit.id).toBe('p');
  });

  it('sums each kind and figure over the subtree, material split by direction, voided and out-of-period left out', () => {
    expect(r.totals).toEqual({
      broadcast: { sessions: 5, minutes: 40, ownSessions: 4, relaySessions: 1 },
      material: { copiesReceived: 200, copiesDistributed: 150 },
      article: { items: 3 },
      training: { sessions: 1, participants: 40 },
      meeting: { sessions: 1, participants: 100 },
      visual: { items: 1 },
    });
    expect(r.entries).toBe(10);
    expect(r.late).toBe(1);
  });

  it('counts a voided entry for nothing anywhere', () => {
    const withoutVoided = report({ facts: factsOf(ACTIVITIES.filter((a) => !a.voided)) });
    expect(withoutVoided).toEqual(r);
    const allVoided = report({ facts: factsOf(ACTIVITIES.map((a) => ({ ...a, voided: true }))) });
    expect(allVoided.totals).toEqual({});
    expect(allVoided.entries).toBe(0);
    expect(allVoided.byUnit.every((row) => row.entries === 0)).toBe(true);
  });

  it('ignores facts of units outside the subtree', () => {
    const stranger = factOf(act('other-province-commune', 'article', '2021-07-01', { items: 9 }))!;
    expect(report({ facts: [...factsOf(ACTIVITIES), stranger] }).totals).toEqual(r.totals);
    expect(report({ unitId: 'd' }).totals.meeting).toBeUndefined();
  });

  it('refuses an unknown unit with a Vietnamese message', () => {
    expect(() => report({ unitId: 'nope' })).toThrow('Không tìm thấy đơn vị nope.');
  });
});

describe('byUnit', () => {
  const sync = new Map<string, SyncStatus>([
    ['p', { lastSyncAt: '2021-09-18T00:00:00Z', pending: 5 }],
    ['s1', { lastSyncAt: '2021-09-19T10:00:00Z', pending: 2 }],
    ['c2', { lastSyncAt: '2021-09-20T01:00:00Z', pending: 1 }],
    // Same day, written with the Vietnam offset: 07:30+07:00 is 00:30Z, earlier than c2's.
    ['po1', { lastSyncAt: '2021-09-20T07:30:00+07:00', pending: 0 }],
    ['c3', { lastSyncAt: null, pending: 0 }],
  ]);
  const r = report({ syncStatus: sync });

  it("has the unit's own row first when it logged, then one row per direct child with subtree totals", () => {
    expect(r.byUnit.map((row) => row.unitId)).toEqual(['p', 'd', 'c3']);
    const [own, district, commune] = r.byUnit;
    expect(own).toMatchObject({ name: 'Tỉnh Hà Tĩnh', kind: 'province', entries: 1, late: 0 });
    expect(own!.totals).toEqual({ meeting: { sessions: 1, participants: 100 } });
    expect(district).toMatchObject({ name: 'Huyện Cẩm Xuyên', kind: 'district', entries: 8, late: 1 });
    expect(district!.totals).toEqual({
      broadcast: { sessions: 5, minutes: 40, ownSessions: 4, relaySessions: 1 },
      material: { copiesReceived: 200, copiesDistributed: 150 },
      article: { items: 3 },
      visual: { items: 1 },
    });
    expect(commune).toMatchObject({
      unitId: 'c3',
      entries: 1,
      totals: { training: { sessions: 1, participants: 40 } },
    });
  });

  it('rolls up sync status: latest last sync of the subtree, pending summed; own row only its own', () => {
    expect(r.byUnit[0]).toMatchObject({ lastSyncAt: '2021-09-18T00:00:00Z', pending: 5 });
    expect(r.byUnit[1]).toMatchObject({ lastSyncAt: '2021-09-20T01:00:00Z', pending: 3 });
    expect(r.byUnit[2]).toMatchObject({ lastSyncAt: null, pending: 0 });
    expect(report().byUnit[1]).toMatchObject({ lastSyncAt: null, pending: 0 });
  });

  it('leaves out the own row when the unit logged nothing, but keeps a row for a silent child', () => {
    const c1 = report({ unitId: 'c1', facts: factsOf(ACTIVITIES.filter((a) => a.unitId !== 'c1')) });
    expect(c1.byUnit.map((row) => row.unitId)).toEqual(['s1', 'po1']);
    const c2 = report({ unitId: 'd', facts: [] });
    expect(c2.byUnit.map((row) => [row.unitId, row.entries, row.totals])).toEqual([
      ['c1', 0, {}],
      ['c2', 0, {}],
    ]);
    expect(report({ unitId: 'c1' }).byUnit.map((row) => row.unitId)).toEqual(['c1', 's1', 'po1']);
  });

  it('byUnit rows add up to the report totals', () => {
    const entries = r.byUnit.reduce((sum, row) => sum + row.entries, 0);
    expect(entries).toBe(r.entries);
    const sessions = r.byUnit.reduce((sum, row) => sum + (row.totals.broadcast?.sessions ?? 0), 0);
    expect(sessions).toBe(r.totals.broadcast?.sessions);
  });
});

describe('byTask', () => {
  const r = report();
  const row = (id: string) => r.byTask.find((t) => t.taskId === id);

  it('has a row per task assigned in the subtree, none for a task assigned elsewhere', () => {
    expect(r.byTask.map((t) => t.taskId)).toEqual(['t-tin', 't-loa', 't-huyen']);
    expect(row('t-nowhere')).toBeUndefined();
  });

  it('an assignment to a kind of unit counts every such unit; a voided entry counts nothing', () => {
    // Three communes, one a month each over the quarter; only Cẩm Bình did (3 items in one entry).
    expect(row('t-tin')).toMatchObject({
      title: 'Đăng tin, bài CCHC',
      planId: 'kh-2021',
      target: monthly,
      assignees: 3,
      total: 9,
      due: 9,
      actual: 3,
      status: 'overdue',
      assigneesByStatus: { done: 1, on_track: 0, behind: 0, overdue: 2, not_due: 0 },
    });
  });

  it('says which dates its actual counts, for the drill-down', () => {
    expect(row('t-tin')?.counted).toEqual({ from: '2021-06-15', to: '2021-09-14' });
    const yearly = plan(
      [task('t-nam', { count: 1, per: 'year', atLeast: true })],
      [{ taskId: 't-nam', unitId: 'c2', unitKind: null }],
    );
    const inFebruary = factOf(act('c2', 'article', '2021-02-01', {}, { taskId: 't-nam' }))!;
    expect(report({ plans: [yearly], facts: [...factsOf(ACTIVITIES), inFebruary] }).byTask[0]).toMatchObject({
      actual: 1,
      status: 'done',
      counted: { from: '2020-12-15', to: '2021-09-14' },
    });
  });

  it('an assignment to a unit counts the entries of its station too', () => {
    expect(row('t-loa')).toMatchObject({ assignees: 1, total: 3, actual: 4, status: 'done' });
  });

  it('a task with no target asks one entry a year and is on track mid-year', () => {
    expect(row('t-huyen')).toMatchObject({ assignees: 1, total: 1, actual: 0, status: 'on_track' });
  });

  it('counts an entry once when two assignments cover its unit', () => {
    const twice = plan(
      [task('t-tin', monthly)],
      [
        { taskId: 't-tin', unitId: 'c2', unitKind: null },
        { taskId: 't-tin', unitId: 'd', unitKind: null },
        { taskId: 't-tin', unitId: 'd', unitKind: 'commune' },
      ],
    );
    const t = report({ plans: [twice] }).byTask[0]!;
    expect(t.assignees).toBe(3);
    expect(t.actual).toBe(3);
  });

  it('finds the assignees of a province-wide assignment in a district report made from the district subtree alone', () => {
    const districtOnly = UNITS.filter((unit) => unit.id !== 'p' && unit.id !== 'c3');
    const r2 = report({ unitId: 'd', units: districtOnly });
    expect(r2.byTask.find((t) => t.taskId === 't-tin')).toMatchObject({ assignees: 2, total: 6, actual: 3 });
    expect(r2.byTask.find((t) => t.taskId === 't-huyen')).toMatchObject({ assignees: 1 });
  });
});

describe('coverage indicators', () => {
  it('a commune is covered when its loudspeakers aired CCHC in every month', () => {
    const [station] = report().coverage;
    expect(station).toMatchObject({ id: 'station_broadcast_monthly', eligible: 3, covered: 1 });
    expect(station!.share).toBeCloseTo(1 / 3);
    expect(station!.uncovered.map((x) => x.unitId)).toEqual(['c2', 'c3']);
    expect(station!.label).toBe('Xã có chuyên mục CCHC trên loa truyền thanh mỗi tháng');
  });

  it("a plan's indicator meaning a built-in one is shown once, in the plan's words", () => {
    const aired = {
      id: 'chi-tieu-1',
      text: '100% xã có chuyên mục CCHC trên loa',
      unitKind: 'commune' as const,
      activityKind: 'broadcast' as const,
      figure: null,
      every: 'month' as const,
      share: 1,
    };
    const held = {
      id: 'chi-tieu-2',
      text: '100% điểm BĐVHX có tài liệu',
      unitKind: 'post_office' as const,
      activityKind: 'material' as const,
      figure: null,
      every: 'quarter' as const,
      share: 0.9,
      measure: 'held' as const,
    };
    const before = report().coverage;
    const coverage = report({ plans: [{ ...PLAN, indicators: [aired, held] }] }).coverage;
    expect(coverage.map((c) => [c.id, c.label])).toEqual([
      [`${PLAN.id}:chi-tieu-1`, '100% xã có chuyên mục CCHC trên loa'],
      [`${PLAN.id}:chi-tieu-2`, '100% điểm BĐVHX có tài liệu'],
    ]);
    // The same communes and points as the built-in ones it stands for.
    expect(coverage.map(({ covered, eligible, uncovered }) => ({ covered, eligible, uncovered }))).toEqual(
      before.map(({ covered, eligible, uncovered }) => ({ covered, eligible, uncovered })),
    );
    // Judged otherwise (each quarter), it is another indicator: both are shown.
    const quarterly = { ...aired, every: 'quarter' as const };
    const both = report({ plans: [{ ...PLAN, indicators: [quarterly] }] }).coverage;
    expect(both.map((c) => c.id)).toEqual([
      'station_broadcast_monthly',
      'post_office_holds_material',
      `${PLAN.id}:chi-tieu-1`,
    ]);
    expect(both[2]).toMatchObject({ eligible: 3, covered: 1 });
  });

  it('a month missed uncovers the commune', () => {
    const noAugust = factsOf(ACTIVITIES.filter((a) => !(a.kind === 'broadcast' && a.date === '2021-08-01')));
    expect(report({ facts: noAugust }).coverage[0]).toMatchObject({ covered: 0 });
  });

  it('does not uncover a commune on the first days of a month it has not aired in yet', () => {
    const noSeptember = factsOf(ACTIVITIES.filter((a) => !(a.kind === 'broadcast' && a.date >= '2021-09-01')));
    // Tháng 9 began on 15/08; on 16/08 only Tháng 7 and Tháng 8 are judged.
    expect(report({ facts: noSeptember, asOf: '2021-08-16' }).coverage[0]).toMatchObject({ covered: 1 });
    expect(report({ facts: noSeptember, asOf: '2021-09-15' }).coverage[0]).toMatchObject({ covered: 0 });
    // While the first month runs, it is the one judged.
    const upTo = (day: string) => factsOf(ACTIVITIES.filter((a) => a.date <= day));
    expect(report({ facts: upTo('2021-06-20'), asOf: '2021-06-20' }).coverage[0]).toMatchObject({ covered: 0 });
    expect(report({ facts: upTo('2021-07-02'), asOf: '2021-07-02' }).coverage[0]).toMatchObject({ covered: 1 });
  });

  it('a post-office point is covered while it holds copies (received minus handed out above zero)', () => {
    const [, post] = report().coverage;
    expect(post).toMatchObject({ id: 'post_office_holds_material', eligible: 1, covered: 1, share: 1 });
    const emptied = [...ACTIVITIES, act('po1', 'material', '2021-08-01', { copies: 50, direction: 'distributed' })];
    expect(report({ facts: factsOf(emptied) }).coverage[1]).toMatchObject({ covered: 0, share: 0 });
    // Stock as it stood at the end of the period: a later delivery does not count.
    const late = [...emptied, act('po1', 'material', '2021-09-20', { copies: 10, direction: 'received' })];
    expect(report({ facts: factsOf(late), asOf: '2021-10-01' }).coverage[1]).toMatchObject({ covered: 0 });
  });

  it('has no share when no unit is eligible', () => {
    expect(report({ unitId: 'c3' }).coverage.map((c) => c.share)).toEqual([0, null]);
    expect(report({ unitId: 's1' }).coverage.map((c) => [c.eligible, c.share])).toEqual([
      [0, null],
      [0, null],
    ]);
  });

  it('materialStock nets received against handed out', () => {
    expect(materialStock(factsOf(ACTIVITIES))).toBe(50);
    expect(materialStock([])).toBe(0);
  });
});

/** Sums facts per (unit, date, kind, task, receivedOn), as the server's daily roll-up does. */
function preSum(facts: readonly Fact[]): Fact[] {
  const groups = new Map<string, Fact>();
  for (const f of facts) {
    const key = JSON.stringify([f.unitId, f.date, f.kind, f.taskId, f.receivedOn]);
    const prev = groups.get(key);
    if (!prev) {
      groups.set(key, { ...f, figures: { ...f.figures } });
      continue;
    }
    const figures: Record<string, number> = { ...prev.figures };
    for (const [name, value] of Object.entries(f.figures)) figures[name] = (figures[name] ?? 0) + value;
    groups.set(key, { ...prev, entries: prev.entries + f.entries, count: prev.count + f.count, figures });
  }
  return [...groups.values()];
}

describe('the report over facts equals the report over daily roll-ups (property)', () => {
  const activityArb = fc.record({
    unitId: fc.constantFrom(...UNITS.map((x) => x.id)),
    kind: fc.constantFrom(...ACTIVITY_KINDS),
    day: fc.integer({ min: 0, max: 200 }),
    lag: fc.integer({ min: 0, max: 40 }),
    hour: fc.integer({ min: 0, max: 23 }),
    taskId: fc.constantFrom(null, 't-tin', 't-loa', 't-huyen'),
    n: fc.integer({ min: 1, max: 5 }),
    minutes: fc.integer({ min: 0, max: 60 }),
    relay: fc.boolean(),
    received: fc.boolean(),
    voided: fc.boolean(),
  });
  it('holds for any entries, period and day', () => {
    fc.assert(
      fc.property(
        fc.array(activityArb, { maxLength: 60 }),
        fc.constantFrom('p', 'd', 'c1'),
        fc.constantFrom(
          { type: 'quarter', year: 2021, index: 3 } as const,
          { type: 'month', year: 2021, index: 8 } as const,
          { type: 'half', year: 2021, index: 2 } as const,
        ),
        fc.integer({ min: 0, max: 220 }),
        (specs, unitId, period, asOfDay) => {
          const activities = specs.map((s) => {
            const date = addDays('2021-05-01', s.day);
            const figures: Activity['figures'] =
              s.kind === 'material'
                ? { copies: s.n * 10, direction: s.received ? 'received' : 'distributed' }
                : s.kind === 'broadcast'
                  ? { sessions: s.n, minutes: s.minutes, source: s.relay ? 'relay' : 'own' }
                  : { sessions: s.n, items: s.n, participants: s.minutes };
            const receivedAt = `${addDays(date, s.lag)}T${String(s.hour).padStart(2, '0')}:00:00Z`;
            return act(s.unitId, s.kind, date, figures, { taskId: s.taskId, voided: s.voided, receivedAt });
          });
          const facts = factsOf(activities);
          const input = { unitId, period, asOf: addDays('2021-05-01', asOfDay) };
          const direct = report({ ...input, facts });
          const rolled = report({ ...input, facts: preSum(facts).reverse() });
          expect(rolled).toEqual(direct);
        },
      ),
      { seed: SEED, numRuns: 150 },
    );
  });
});

describe('scale', () => {
  it('reads each fact a bounded number of times, however many units are assigned (200 communes, 25 tasks)', () => {
    const units: Unit[] = [u('P', null, 'province')];
    for (let i = 0; i < 200; i++) {
      units.push(u(`c${i}`, 'P', 'commune'), u(`s${i}`, `c${i}`, 'station'), u(`po${i}`, `c${i}`, 'post_office'));
    }
    const tasks = Array.from({ length: 25 }, (_, t) => task(`t${t}`, monthly));
    const province = plan(
      tasks,
      tasks.map((t) => ({ taskId: t.id, unitId: 'P', unitKind: 'commune' as const })),
    );
    // Every read of a fact's fields is counted: a deterministic stand-in for time on a busy machine.
    let reads = 0;
    const counted = (fact: Fact): Fact => {
      const probe = {} as Record<string, unknown>;
      for (const [key, value] of Object.entries(fact)) {
        Object.defineProperty(probe, key, {
          enumerable: true,
          get: () => {
            reads++;
            return value;
          },
        });
      }
      return probe as unknown as Fact;
    };
    const facts: Fact[] = [];
    for (let i = 0; i < 200; i++) {
      for (let d = 0; d < 90; d++) {
        const date = addDays('2021-06-15', d);
        const base = { date, receivedOn: date, entries: 1, count: 1, taskId: `t${(i + d) % 25}` };
        facts.push(counted({ ...base, unitId: `s${i}`, kind: 'broadcast', figures: { sessions: 1 } }));
        if (d % 2 === 0) facts.push(counted({ ...base, unitId: `c${i}`, kind: 'article', figures: { items: 1 } }));
        if (d % 3 === 0)
          facts.push(counted({ ...base, unitId: `po${i}`, kind: 'material', figures: { copiesReceived: 5 } }));
      }
    }
    const started = performance.now();
    const r = computeReport({ unitId: 'P', units, facts, plans: [province], period: Q3, asOf: '2021-09-20' });
    const elapsed = performance.now() - started;
    console.log(`report of 200 communes over ${facts.length} facts: ${Math.round(elapsed)} ms, ${reads} field reads`);
    expect(r.entries).toBe(facts.length);
    expect(r.byTask).toHaveLength(25);
    expect(r.byTask[0]!.assignees).toBe(200);
    expect(r.coverage.map((c) => c.share)).toEqual([1, 1]);
    // Filtering every fact once per assignee and per commune read each fact hundreds of times
    // (a minute for a 1,000-commune province); grouped by unit, a fact is read a few dozen times.
    expect(reads / facts.length).toBeLessThan(40);
  }, 30_000); // counts reads, not time: a loaded machine must not fail it
});

describe('the tasks a period report covers', () => {
  // Issue 13 item 6: a 2026 report said "Chưa đến hạn" for every task of the 2021 and 2023 plans.
  const contest = { ...task('t-thi', { count: 1, per: 'window', atLeast: false }, 'Cuộc thi tìm hiểu CCHC') };
  const withWindow = plan(
    [{ ...contest, window: { from: '2021-07-01', to: '2021-09-10' } }, task('t-tin', monthly, 'Đăng tin, bài CCHC')],
    [
      { taskId: 't-thi', unitId: 'p', unitKind: 'commune' },
      { taskId: 't-tin', unitId: 'p', unitKind: 'commune' },
    ],
  );
  const nextYear: Plan = { ...withWindow, id: 'kh-2022', year: 2022, tasks: [task('t-2022', monthly)] };

  it('leaves out the tasks of a plan whose year is over, and those of next year', () => {
    const r = report({
      plans: [withWindow, { ...nextYear, assignments: [{ taskId: 't-2022', unitId: 'p', unitKind: 'commune' }] }],
      period: { type: 'quarter', year: 2021, index: 4 },
      asOf: '2021-12-20',
    });
    // The contest ran in the third quarter (to 10/9): not this quarter's (from 15/9, Decree 09); the
    // 2022 plan has not begun.
    expect(r.byTask.map((t) => t.taskId)).toEqual(['t-tin']);
    const later = report({ plans: [withWindow], period: { type: 'year', year: 2026, index: 1 }, asOf: '2026-12-05' });
    expect(later.byTask).toEqual([]);
  });

  it('labels a task whose time is over in the period by its result, never as not yet due', () => {
    const r = report({ plans: [withWindow], period: { type: 'year', year: 2021, index: 1 }, asOf: '2026-12-05' });
    const contestRow = r.byTask.find((t) => t.taskId === 't-thi')!;
    expect(contestRow.status).toBe('overdue');
    expect(r.byTask.every((t) => t.status !== 'not_due')).toBe(true);
  });

  it('lists plans in the order they were issued, whatever order they were stored in', () => {
    const early: Plan = { ...withWindow, id: 'zz-early', number: '444/KH-UBND', issuedOn: '2020-12-16' };
    const late: Plan = {
      ...withWindow,
      id: 'aa-late',
      number: '09/KH-UBND',
      issuedOn: '2021-01-12',
      tasks: withWindow.tasks.map((t) => ({ ...t, id: `late-${t.id}` })),
      assignments: withWindow.assignments.map((a) => ({ ...a, taskId: `late-${a.taskId}` })),
    };
    const undated: Plan = { ...late, id: '00-undated', number: null, issuedOn: null };
    for (const stored of [
      [late, undated, early],
      [undated, early, late],
    ]) {
      const r = report({ plans: stored, period: { type: 'year', year: 2021, index: 1 }, asOf: '2021-12-20' });
      expect(r.plans.map((p) => p.id)).toEqual(['zz-early', 'aa-late', '00-undated']);
      expect([...new Set(r.byTask.map((t) => t.planId))]).toEqual(['zz-early', 'aa-late', '00-undated']);
    }
  });
});
