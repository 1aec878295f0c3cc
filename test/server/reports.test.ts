import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Activity, ActivityInput } from '../../src/shared/activity';
import type { Plan } from '../../src/shared/plan';
import { PERIOD_BASES, parsePeriodCode } from '../../src/shared/period';
import { computeReport, factsOf, type SyncStatus } from '../../src/shared/report';
import type { Unit } from '../../src/shared/unit';
import { findAllActivities } from '../../src/server/activities/activities.repository';
import { factDeltaOf, factKeyOf, halfMonthDeltasOf, mergeFactDeltas } from '../../src/server/rollups/rollup-rows';
import { insertPlanVersion } from '../../src/server/plans/plans.repository';
import { insertUnits } from '../../src/server/units/units.repository';
import {
  findAllFactRows,
  findAllHalfMonthRows,
  rebuildHalfMonthRollups,
} from '../../src/server/rollups/rollups.repository';
import {
  backends,
  enroll,
  newActivity,
  type openTestDatabase,
  openTestServer,
  syncAs,
  type TestClock,
  type TestDevice,
  type Tree,
  upsert,
  voidOf,
} from './helpers';

/** A small deterministic generator (mulberry32) so a failing run can be replayed from its seed. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PERIODS = [
  '2021-M01',
  '2021-M07',
  '2021-M12',
  '2021-Q1',
  '2021-Q3',
  '2021-Q4',
  '2021-H1',
  '2021-H2',
  '2021-9M',
  '2021',
];

describe.each(backends())('reports and the daily roll-up on %s', (backend) => {
  let app: FastifyInstance;
  let clock: TestClock;
  let close: () => Promise<void>;
  let db: Awaited<ReturnType<typeof openTestDatabase>>['db'];
  let tree: Tree;
  let supervisor: TestDevice;
  const seed = Number(process.env.SEED ?? Date.now() % 1_000_000);

  beforeAll(async () => {
    ({ db, app, clock, tree, close } = await openTestServer(backend));
    supervisor = await enroll(app, db, tree.province, 'supervisor');
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/plans',
      headers: supervisor.headers,
      payload: {
        unitId: tree.district,
        number: '152/KH-UBND',
        title: 'Kế hoạch tuyên truyền CCHC huyện Cẩm Xuyên năm 2021',
        issuer: 'UBND huyện Cẩm Xuyên',
        year: 2021,
        issuedOn: '2021-01-20',
        tasks: [
          {
            ordinal: '5',
            title: 'Tuyên truyền trên hệ thống Trạm truyền thanh cơ sở',
            target: { count: 1, per: 'month', atLeast: true },
            kinds: ['broadcast'],
          },
          {
            ordinal: '3',
            title: 'Tuyên truyền trên Trang TTĐT cấp xã',
            target: { count: 4, per: 'quarter', atLeast: true },
            kinds: ['article'],
          },
          {
            ordinal: '8',
            title: 'Cuộc thi tìm hiểu CCHC',
            window: { from: '2021-06-15', to: '2021-09-14' },
            kinds: ['contest'],
          },
          {
            ordinal: '9',
            title: 'Tập huấn CCHC',
            target: { count: 2, per: 'year', atLeast: true },
            kinds: ['training'],
          },
          { ordinal: '10', title: 'Pa nô, áp phích', deadline: '2021-10-31', kinds: ['visual'] },
          {
            ordinal: '11',
            title: 'Tài liệu tại điểm BĐ-VH',
            target: { count: 1, per: 'week', atLeast: true },
            kinds: ['material'],
          },
        ],
        assignments: [
          { taskId: '5', unitId: tree.district, unitKind: 'station' },
          { taskId: '3', unitId: tree.district, unitKind: 'commune' },
          { taskId: '8', unitId: tree.commune },
          { taskId: '9', unitId: tree.district, unitKind: 'commune' },
          { taskId: '10', unitId: tree.province, unitKind: 'commune' },
          { taskId: '11', unitId: tree.district, unitKind: 'post_office' },
        ],
      },
    });
    expect(created.statusCode).toBe(200);
    const planId = created.json().plan.id as string;
    const published = await app.inject({
      method: 'POST',
      url: `/api/v1/plans/${planId}/publish`,
      headers: supervisor.headers,
    });
    expect(published.statusCode).toBe(200);
  });
  afterAll(async () => {
    await close?.();
  });

  it(`keeps the roll-up equal to a recount after random pushes, edits and voids (seed ${seed})`, async () => {
    console.log(`reports/roll-up seed: ${seed} (replay with SEED=${seed})`);
    const rnd = random(seed);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
    const plan = ((await app.inject({ url: '/api/v1/plans', headers: supervisor.headers })).json().plans as Plan[])[0]!;
    const units = [tree.commune, tree.station, tree.postOffice, tree.neighbour, tree.neighbourStation, tree.farCommune];
    const phones = new Map<string, TestDevice>();
    for (const unit of units) phones.set(unit, await enroll(app, db, unit));
    const known: { activity: ActivityInput; version: number; voided: boolean }[] = [];
    const makeEntry = (unitId: string): ActivityInput => {
      const kind = pick(['broadcast', 'article', 'material', 'training', 'contest', 'visual'] as const);
      const month = 1 + Math.floor(rnd() * 12);
      const day = pick([1, 5, 14, 15, 16, 28]);
      const date = `2021-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
      const figures: ActivityInput['figures'] =
        kind === 'broadcast'
          ? { sessions: 1 + Math.floor(rnd() * 3), minutes: Math.floor(rnd() * 60) / 2, source: pick(['own', 'relay']) }
          : kind === 'material'
            ? { copies: 1 + Math.floor(rnd() * 300), direction: pick(['received', 'distributed']) }
            : kind === 'training' || kind === 'contest'
              ? { participants: Math.floor(rnd() * 80) }
              : rnd() < 0.5
                ? {}
                : { items: 1 + Math.floor(rnd() * 3) };
      const task = plan.tasks.find((t) => t.kinds.includes(kind));
      return newActivity(unitId, {
        kind,
        date,
        figures,
        ...(task && rnd() < 0.7 ? { taskId: task.id, planId: plan.id } : {}),
      });
    };
    for (let round = 0; round < 12; round++) {
      // Some entries reach the server long after their date: they count as late.
      clock.set(`2021-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-1${Math.floor(rnd() * 9)}T10:00:00Z`);
      for (const [unitId, phone] of phones) {
        const mutations: unknown[] = [];
        const count = Math.floor(rnd() * 6);
        for (let i = 0; i < count; i++) {
          const roll = rnd();
          const mine = known.filter((k) => k.activity.unitId === unitId && !k.voided);
          phone.seq++;
          if (roll < 0.6 || mine.length === 0) {
            const activity = makeEntry(unitId);
            known.push({ activity, version: 1, voided: false });
            mutations.push(upsert(phone.seq, activity));
          } else if (roll < 0.85) {
            const target = pick(mine);
            const edited = { ...makeEntry(unitId), id: target.activity.id };
            target.activity = edited;
            mutations.push(upsert(phone.seq, edited, target.version));
            target.version++;
          } else {
            const target = pick(mine);
            mutations.push(voidOf(phone.seq, target.activity.id, target.version));
            target.version++;
            target.voided = true;
          }
        }
        const res = await syncAs(app, phone, mutations, { pending: Math.floor(rnd() * 4) });
        expect(res.status).toBe(200);
        expect(res.body.results.every((r) => r.status === 'applied')).toBe(true);
      }
    }
    const activities = await findAllActivities(db);
    expect(activities.length).toBe(known.length);
    const recount = mergeFactDeltas(activities.flatMap((a) => factDeltaOf(a, 1) ?? []));
    const key = (rows: { unit_id: string }[]) =>
      rows
        .map((r) => JSON.stringify(r, Object.keys(r).sort()))
        .sort()
        .join('\n');
    const stored = (await findAllFactRows(db)).map((r) => ({ ...r }));
    expect(key(stored)).toBe(key(recount));
    expect(new Set(stored.map(factKeyOf)).size).toBe(stored.length);
    // The half-month roll-ups, kept in the same transactions, equal the recount summed per half-month.
    const halves = halfMonthDeltasOf(recount);
    const storedHalves = await findAllHalfMonthRows(db);
    expect(storedHalves.facts.length).toBeGreaterThan(0);
    expect(storedHalves.tasks.length).toBeGreaterThan(0);
    expect(key(storedHalves.facts)).toBe(key(halves.facts));
    expect(key(storedHalves.tasks)).toBe(key(halves.tasks));
    // And a rebuild from the daily roll-up alone gives them again.
    await rebuildHalfMonthRollups(db);
    const refilled = await findAllHalfMonthRows(db);
    expect(key(refilled.facts)).toBe(key(halves.facts));
    expect(key(refilled.tasks)).toBe(key(halves.tasks));
  });

  it('answers every period code on both bases exactly as the shared computeReport over the entries', async () => {
    clock.set('2021-12-20T03:00:00Z');
    const activities: Activity[] = await findAllActivities(db);
    expect(activities.length).toBeGreaterThan(10);
    const allUnits = (await app.inject({ url: '/api/v1/units', headers: supervisor.headers })).json().units as Unit[];
    const plans = (await app.inject({ url: '/api/v1/plans', headers: supervisor.headers })).json().plans as Plan[];
    const devices = (await app.inject({ url: '/api/v1/devices', headers: supervisor.headers })).json().devices as {
      unitId: string;
      lastSyncAt: string | null;
      pending: number;
      revokedAt: string | null;
    }[];
    const syncStatus = new Map<string, SyncStatus>();
    for (const d of devices.filter((x) => !x.revokedAt)) {
      const s = syncStatus.get(d.unitId) ?? { lastSyncAt: null, pending: 0 };
      syncStatus.set(d.unitId, {
        pending: s.pending + d.pending,
        lastSyncAt: !s.lastSyncAt || (d.lastSyncAt ?? '') > s.lastSyncAt ? d.lastSyncAt : s.lastSyncAt,
      });
    }
    for (const unitId of [tree.province, tree.district, tree.commune]) {
      for (const basis of PERIOD_BASES) {
        for (const code of PERIODS) {
          for (const asOf of ['2021-08-20', '2021-12-20']) {
            const res = await app.inject({
              url: `/api/v1/report?unitId=${encodeURIComponent(unitId)}&period=${code}&basis=${basis}&asOf=${asOf}`,
              headers: supervisor.headers,
            });
            expect(res.statusCode).toBe(200);
            const expected = computeReport({
              unitId,
              units: allUnits,
              facts: factsOf(activities),
              plans,
              period: parsePeriodCode(code)!,
              basis,
              asOf,
              syncStatus,
            });
            // The sign-off is the server's own addition (test/server/signoff.test.ts).
            const { signoff: _signoff, ...body } = res.json() as Record<string, unknown>;
            expect(body, `${unitId} ${code} ${basis} ${asOf}`).toEqual(JSON.parse(JSON.stringify(expected)));
          }
        }
      }
    }
  });

  it('counts tasks whose window or deadline cuts a half-month, and stock up to a day inside one, as the shared code does', async () => {
    // Reports read whole half-months (1st–14th, 15th–end) except where a date cuts one: a task's
    // window or deadline, and the day stock is counted to. Entries on both sides of each cut.
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/plans',
      headers: supervisor.headers,
      payload: {
        unitId: tree.district,
        title: 'Kế hoạch bổ sung năm 2021',
        year: 2021,
        tasks: [
          {
            ordinal: '1',
            title: 'Hội nghị đối thoại',
            window: { from: '2021-03-10', to: '2021-05-20' },
            kinds: ['meeting'],
          },
          { ordinal: '2', title: 'Tin bài chuyên đề', deadline: '2021-07-05', kinds: ['article'] },
          {
            ordinal: '3',
            title: 'Phát thanh chuyên đề',
            window: { from: '2021-02-03', to: '2021-11-27' },
            target: { count: 2, per: 'month', atLeast: true },
            kinds: ['broadcast'],
          },
        ],
        assignments: [
          { taskId: '1', unitId: tree.district, unitKind: 'commune' },
          { taskId: '2', unitId: tree.district, unitKind: 'commune' },
          { taskId: '3', unitId: tree.district, unitKind: 'station' },
        ],
      },
    });
    expect(created.statusCode).toBe(200);
    const plan = created.json().plan as Plan;
    expect(
      (await app.inject({ method: 'POST', url: `/api/v1/plans/${plan.id}/publish`, headers: supervisor.headers }))
        .statusCode,
    ).toBe(200);
    const taskOf = (ordinal: string) => plan.tasks.find((t) => t.ordinal === ordinal)!.id;
    const days = ['2021-02-02', '2021-02-03', '2021-03-09', '2021-03-10', '2021-03-13', '2021-05-20', '2021-05-21'];
    days.push('2021-07-01', '2021-07-05', '2021-07-06', '2021-07-14', '2021-11-27', '2021-11-28', '2021-11-30');
    const commune = await enroll(app, db, tree.commune);
    const station = await enroll(app, db, tree.station);
    const postOffice = await enroll(app, db, tree.postOffice);
    clock.set('2021-12-01T03:00:00Z');
    const entries = (unitId: string, kind: 'meeting' | 'article' | 'broadcast', ordinal: string) =>
      days.map((date) =>
        newActivity(unitId, {
          kind,
          date,
          figures: kind === 'meeting' ? { participants: 30 } : kind === 'broadcast' ? { minutes: 10 } : {},
          taskId: taskOf(ordinal),
          planId: plan.id,
        }),
      );
    const pushes: [TestDevice, ActivityInput[]][] = [
      [commune, [...entries(tree.commune, 'meeting', '1'), ...entries(tree.commune, 'article', '2')]],
      [station, entries(tree.station, 'broadcast', '3')],
      // Stock flips on each side of a cut by far more than the earlier random entries could hold.
      [
        postOffice,
        (
          [
            ['2021-03-10', 'received', 1],
            ['2021-03-13', 'distributed', 2],
            ['2021-07-05', 'received', 3],
            ['2021-07-06', 'distributed', 3],
          ] as const
        ).flatMap(([date, direction, times]) =>
          Array.from({ length: times }, () =>
            newActivity(tree.postOffice, { kind: 'material', date, figures: { copies: 1_000_000, direction } }),
          ),
        ),
      ],
    ];
    for (const [phone, list] of pushes) {
      const res = await syncAs(
        app,
        phone,
        list.map((a) => upsert(++phone.seq, a)),
      );
      expect(res.body.results.every((r) => r.status === 'applied')).toBe(true);
    }
    const activities = await findAllActivities(db);
    const allUnits = (await app.inject({ url: '/api/v1/units', headers: supervisor.headers })).json().units as Unit[];
    const plans = (await app.inject({ url: '/api/v1/plans', headers: supervisor.headers })).json().plans as Plan[];
    for (const basis of PERIOD_BASES) {
      for (const code of ['2021-M03', '2021-M05', '2021-M07', '2021-Q2', '2021-Q4', '2021-H1', '2021']) {
        for (const asOf of ['2021-01-20', '2021-03-12', '2021-05-18', '2021-07-05', '2021-12-20']) {
          const res = await app.inject({
            url: `/api/v1/report?unitId=${encodeURIComponent(tree.district)}&period=${code}&basis=${basis}&asOf=${asOf}`,
            headers: supervisor.headers,
          });
          expect(res.statusCode).toBe(200);
          const body = res.json();
          const expected = computeReport({
            unitId: tree.district,
            units: allUnits,
            facts: factsOf(activities),
            plans,
            period: parsePeriodCode(code)!,
            basis,
            asOf,
          });
          // Sync status is the devices' business, checked above; here the figures.
          const strip = (r: { byUnit: { lastSyncAt: unknown; pending: unknown }[] }) => ({
            ...r,
            byUnit: r.byUnit.map((u) => ({ ...u, lastSyncAt: null, pending: 0 })),
            signoff: undefined,
          });
          expect(strip(body), `${code} ${basis} ${asOf}`).toEqual(strip(JSON.parse(JSON.stringify(expected))));
        }
      }
    }
  });

  it('lists the entries behind a figure, scoped and paginated', async () => {
    const res = await app.inject({
      url: `/api/v1/activities?unitId=${encodeURIComponent(tree.district)}&period=2021&basis=calendar&kind=material&limit=2`,
      headers: supervisor.headers,
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const report = (
      await app.inject({
        url: `/api/v1/report?unitId=${encodeURIComponent(tree.district)}&period=2021&basis=calendar`,
        headers: supervisor.headers,
      })
    ).json();
    const materialEntries = (await findAllActivities(db)).filter(
      (a) => a.kind === 'material' && !a.voided && a.unitId !== tree.farCommune && a.date.startsWith('2021'),
    );
    expect(body.total).toBe(materialEntries.length);
    expect(body.items.length).toBe(Math.min(2, materialEntries.length));
    expect(report.totals.material ?? {}).toBeDefined();
    const stranger = await enroll(app, db, tree.farCommune);
    const denied = await app.inject({
      url: `/api/v1/activities?unitId=${encodeURIComponent(tree.district)}`,
      headers: stranger.headers,
    });
    expect(denied.statusCode).toBe(403);
  });
  it('counts a task id two plans share as the shared code does (each plan judged on its own range)', async () => {
    // Reports sum each task over the one range the progress code counts; a task id in two plans
    // (judged on two ranges) takes the per-half-month read instead.
    const plans = (await app.inject({ url: '/api/v1/plans', headers: supervisor.headers })).json().plans as Plan[];
    // The same tasks, the yearly one asked per quarter and the window moved: other ranges to count.
    const first = plans.find((p) => p.tasks.some((t) => t.target?.per === 'year'))!;
    const tasks = first.tasks.map((t) =>
      t.target?.per === 'year'
        ? { ...t, target: { ...t.target, per: 'quarter' as const } }
        : t.window
          ? { ...t, window: { from: '2021-07-20', to: '2021-10-10' } }
          : t,
    );
    await insertPlanVersion(
      db,
      { ...first, id: 'shared-task-ids', tasks, publishedAt: '2021-12-01T03:00:00.000Z' },
      '2021-12-01T03:00:00.000Z',
    );
    const activities = await findAllActivities(db);
    const allUnits = (await app.inject({ url: '/api/v1/units', headers: supervisor.headers })).json().units as Unit[];
    const published = (await app.inject({ url: '/api/v1/plans', headers: supervisor.headers })).json().plans as Plan[];
    expect(published.map((p) => p.id)).toContain('shared-task-ids');
    for (const basis of PERIOD_BASES) {
      for (const code of ['2021-Q3', '2021-9M', '2021-M08', '2021']) {
        const asOf = '2021-12-20';
        const res = await app.inject({
          url: `/api/v1/report?unitId=${encodeURIComponent(tree.district)}&period=${code}&basis=${basis}&asOf=${asOf}`,
          headers: supervisor.headers,
        });
        expect(res.statusCode).toBe(200);
        const expected = computeReport({
          unitId: tree.district,
          units: allUnits,
          facts: factsOf(activities),
          plans: published,
          period: parsePeriodCode(code)!,
          basis,
          asOf,
        });
        const body = res.json();
        expect(body.byTask.some((t: { planId: string }) => t.planId === 'shared-task-ids')).toBe(true);
        const strip = (r: { byUnit: { lastSyncAt: unknown; pending: unknown }[] }) => ({
          ...r,
          byUnit: r.byUnit.map((u) => ({ ...u, lastSyncAt: null, pending: 0 })),
          signoff: undefined,
        });
        expect(strip(body), `${code} ${basis}`).toEqual(strip(JSON.parse(JSON.stringify(expected))));
      }
    }
  });

  it("judges a plan's indicator of communes holding material from their stock before the period, as the shared code does", async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/plans',
      headers: supervisor.headers,
      payload: {
        unitId: tree.district,
        title: 'Kế hoạch cấp phát tài liệu CCHC năm 2021',
        year: 2021,
        tasks: [{ ordinal: '1', title: 'Cấp phát tài liệu CCHC', kinds: ['material'] }],
        indicators: [
          {
            id: 'chi-tieu-1',
            text: '100% xã có tài liệu tuyên truyền CCHC',
            unitKind: 'commune',
            activityKind: 'material',
            figure: null,
            every: 'quarter',
            share: 1,
            measure: 'held',
          },
        ],
      },
    });
    expect(created.statusCode).toBe(200);
    const plan = created.json().plan as Plan;
    expect(
      (await app.inject({ method: 'POST', url: `/api/v1/plans/${plan.id}/publish`, headers: supervisor.headers }))
        .statusCode,
    ).toBe(200);
    // A commune of its own (no post-office point), which received its copies in February and
    // handed them out in October.
    const communeId = `${tree.district}:cam-thang`;
    await insertUnits(db, [
      { id: communeId, code: '18679', name: 'Xã Cẩm Thăng', kind: 'commune', parentId: tree.district },
    ]);
    const phone = await enroll(app, db, communeId);
    const material = (date: string, direction: 'received' | 'distributed') =>
      newActivity(communeId, { kind: 'material', date, figures: { copies: 40, direction } });
    const res = await syncAs(app, phone, [
      upsert(++phone.seq, material('2021-02-10', 'received')),
      upsert(++phone.seq, material('2021-10-05', 'distributed')),
    ]);
    expect(res.body.results.every((r) => r.status === 'applied')).toBe(true);
    const activities = await findAllActivities(db);
    const allUnits = (await app.inject({ url: '/api/v1/units', headers: supervisor.headers })).json().units as Unit[];
    const plans = (await app.inject({ url: '/api/v1/plans', headers: supervisor.headers })).json().plans as Plan[];
    const judged = (body: { coverage: { id: string; uncovered: { unitId: string }[] }[] }) =>
      body.coverage.find((c) => c.id === `${plan.id}:chi-tieu-1`)!.uncovered.map((u) => u.unitId);
    for (const basis of PERIOD_BASES) {
      for (const code of ['2021-M07', '2021-Q3', '2021-Q4', '2021']) {
        for (const asOf of ['2021-08-01', '2021-12-20']) {
          const report = await app.inject({
            url: `/api/v1/report?unitId=${encodeURIComponent(tree.district)}&period=${code}&basis=${basis}&asOf=${asOf}`,
            headers: supervisor.headers,
          });
          expect(report.statusCode).toBe(200);
          const body = report.json();
          const expected = computeReport({
            unitId: tree.district,
            units: allUnits,
            facts: factsOf(activities),
            plans,
            period: parsePeriodCode(code)!,
            basis,
            asOf,
          });
          const strip = (r: { byUnit: { lastSyncAt: unknown; pending: unknown }[] }) => ({
            ...r,
            byUnit: r.byUnit.map((u) => ({ ...u, lastSyncAt: null, pending: 0 })),
            signoff: undefined,
          });
          expect(strip(body), `${code} ${basis} ${asOf}`).toEqual(strip(JSON.parse(JSON.stringify(expected))));
          // Cẩm Thăng holds its copies through September, none at the end of the year.
          const emptied = (code === '2021-Q4' || code === '2021') && asOf === '2021-12-20';
          expect(judged(body).includes(communeId), `${code} ${basis} ${asOf}`).toBe(emptied);
        }
      }
    }
  });
});
