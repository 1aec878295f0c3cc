import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_UNITS, loadDemo } from '../../src/server/demo/demo';
import {
  type DueDatePlan,
  formatPeriodCode,
  parsePeriodCode,
  periodContaining,
  unitReportDueDate,
} from '../../src/shared/period';
import { buildTestApp, enroll, openTestDatabase, TestClock } from '../support/test-server';

// The demo tells the product's story in the current year: a fresh `npm start` shows a plan of
// this year with a dozen communes' entries, some ahead and some behind, a phone silent for weeks
// and a late entry, beside the real 2021 plan as a past one.
const NOW = new Date('2026-12-05T03:00:00Z');

interface ReportAnswer {
  entries: number;
  late: number;
  byUnit: { unitId: string; name: string; entries: number; lastSyncAt: string | null }[];
  byTask: {
    ordinal: string;
    title: string;
    status: string;
    actual: number;
    total: number;
    planId: string;
    budgetVnd: number | null;
    spentVnd: number;
  }[];
}

describe('the demo', () => {
  let opened: Awaited<ReturnType<typeof openTestDatabase>>;
  let loaded: Awaited<ReturnType<typeof loadDemo>>;
  let report: (unitId: string, period: string) => Promise<ReportAnswer>;
  let plans: (DueDatePlan & {
    id: string;
    unitId: string;
    status: string;
    tasks: { target: unknown }[];
  })[];

  beforeAll(async () => {
    opened = await openTestDatabase('pglite');
    loaded = await loadDemo(opened.db, NOW);
    const { app } = await buildTestApp(opened.db, new TestClock(NOW));
    const province = await enroll(app, opened.db, DEMO_UNITS.province, 'supervisor', NOW);
    report = async (unitId, period) => {
      const res = await app.inject({
        url: `/api/v1/report?unitId=${unitId}&period=${period}`,
        headers: province.headers,
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as ReportAnswer;
    };
    const res = await app.inject({ url: '/api/v1/plans', headers: province.headers });
    plans = (res.json() as { plans: typeof plans }).plans;
  }, 120_000);
  afterAll(() => opened?.close());

  it('carries the 2021 plan into this year, with targets, for the province', () => {
    expect(loaded.entries).toBeGreaterThan(1000);
    const current = plans.find((p) => p.id === loaded.planId)!;
    expect(current).toMatchObject({ year: 2026, unitId: DEMO_UNITS.province, status: 'published' });
    expect(current.tasks.filter((t) => t.target !== null).length).toBeGreaterThanOrEqual(6);
    // Its reporting schedule, as the phones read it: the quarter's report by the 15th, as Decree 09's.
    expect(current.schedule?.reports[0]).toMatchObject({
      periods: ['quarter', 'half', 'nine_months', 'year'],
      dueDay: 16,
    });
    expect(unitReportDueDate(parsePeriodCode('2026-Q3')!, 'decree09', [current])).toBe('2026-09-15');
  });

  it('gives a dozen communes a year of entries: some ahead, some behind, one silent for weeks', async () => {
    const year = await report(DEMO_UNITS.province, '2026');
    const withEntries = year.byUnit.filter((u) => u.entries > 0);
    expect(withEntries).toHaveLength(12);
    expect(withEntries[0]).toBeDefined();
    const entries = withEntries.map((u) => u.entries).sort((a, b) => a - b);
    // The busiest commune logged more than twice what the least busy did.
    expect(entries.at(-1)!).toBeGreaterThan(2 * entries[0]!);
    const silent = withEntries.filter((u) => Date.parse(u.lastSyncAt!) < NOW.getTime() - 28 * 86_400_000);
    expect(silent).toHaveLength(1);
    // The station task of the year: some communes met it, some did not.
    const quarter = formatPeriodCode(periodContaining('2026-10-01', 'quarter', 'decree09'));
    const commune = await report(DEMO_UNITS.commune, quarter);
    expect(commune.entries).toBeGreaterThan(10);
    const station = commune.byTask.find((t) => t.ordinal === '5')!;
    expect(station.actual).toBeGreaterThan(0);
    // Banners cost money: the report states it against the task's budget.
    const banners = year.byTask.find((t) => t.ordinal === '7')!;
    expect(banners).toMatchObject({ budgetVnd: 30_000_000 });
    expect(banners.spentVnd).toBeGreaterThan(1_000_000);
  });

  it('has one entry of the last closed quarter that came in late', async () => {
    const q3 = formatPeriodCode(periodContaining('2026-08-01', 'quarter', 'decree09'));
    const answer = await report(DEMO_UNITS.province, q3);
    expect(answer.late).toBe(1);
  });

  it('keeps the real 2021 plan as a past plan of the tree before 1/7/2025', async () => {
    const { db } = opened;
    const rows = await db.selectFrom('plans').select(['id', 'year', 'unit_id']).execute();
    expect(rows.find((r) => r.id === loaded.pastPlanId)).toMatchObject({ year: 2021, unit_id: DEMO_UNITS.district });
  });

  it("joins the two trees: Hà Tĩnh's 2025 lists the communes shared by the reform on their own marked lines", async () => {
    const successions = await opened.db.selectFrom('unit_successions').select('merge').execute();
    expect(successions).toHaveLength(213);
    const year = await report(DEMO_UNITS.province, '2025');
    const shared = year.byUnit.filter((u) => u.name.includes('sáp nhập một phần')).map((u) => u.name);
    expect(shared).toEqual([
      'Phường Đại Nài (sáp nhập một phần vào Phường Thành Sen, Phường Hà Huy Tập)',
      'Xã Kỳ Lợi (sáp nhập một phần vào Phường Sông Trí, Phường Vũng Áng, Phường Hoành Sơn)',
    ]);
  });
});
