import { describe, expect, it } from 'vitest';
import {
  type AppDatabase,
  type LocalActivity,
  listEntries,
  openAppDatabase,
  saveEntry,
  voidEntry,
  writeMeta,
} from '../../src/app/db/database';
import { factOfEntry } from '../../src/app/db/daily';
import { listNewestEntries } from '../../src/app/db/log-reads';
import { factsBetween } from '../../src/app/db/queries';
import { assignedTasks } from '../../src/app/pages/assigned-tasks';
import type { ActivityKind } from '../../src/shared/activity';
import { type PeriodBasis, type PeriodType, periodContaining, periodRange } from '../../src/shared/period';
import type { Plan, Task } from '../../src/shared/plan';
import { activeRangeOf } from '../../src/shared/progress';
import { computeReport, type Fact } from '../../src/shared/report';
import type { Unit } from '../../src/shared/unit';

function randomFrom(seed: number) {
  let state = seed || 1;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

const KINDS: ActivityKind[] = ['broadcast', 'article', 'material', 'visual', 'training', 'meeting', 'contest', 'other'];
const TASK_OF_KIND: Partial<Record<ActivityKind, string>> = {
  broadcast: 't-broadcast',
  material: 't-material',
  training: 't-training',
  meeting: 't-meeting',
};

function figuresOf(kind: ActivityKind, random: () => number): LocalActivity['figures'] {
  if (kind === 'material')
    return { copies: 1 + Math.floor(random() * 100), direction: random() < 0.3 ? 'received' : 'distributed' };
  if (kind === 'broadcast')
    return { sessions: 1 + Math.floor(random() * 2), minutes: 10, source: random() < 0.8 ? 'own' : 'relay' };
  if (kind === 'training' || kind === 'meeting' || kind === 'contest')
    return { sessions: 1, participants: Math.floor(random() * 60) };
  return { items: 1 + Math.floor(random() * 3) };
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * `count` entries over the 400 days up to `end`: several per day, created at random times (so a
 * day's order by creation differs from its order by id), a third linked to their kind's task,
 * some voided, some pending. Written in chunks through the app's database, roll-up and all.
 */
async function seed(db: AppDatabase, count: number, end: string, random: () => number): Promise<void> {
  const endMs = Date.parse(`${end}T00:00:00Z`);
  for (let start = 0; start < count; start += 2_000) {
    const rows: LocalActivity[] = [];
    for (let i = start; i < Math.min(count, start + 2_000); i++) {
      const kind = KINDS[Math.floor(random() * KINDS.length)]!;
      const taskId = TASK_OF_KIND[kind] && random() < 0.34 ? TASK_OF_KIND[kind]! : null;
      const created = new Date(endMs - Math.floor(random() * 400 * 86_400_000)).toISOString();
      const synced = random() < 0.8;
      rows.push({
        id: `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`,
        unitId: random() < 0.9 ? 'c1' : 's1',
        deviceId: 'dev',
        kind,
        date: isoDay(endMs - Math.floor(random() * 400) * 86_400_000),
        title: `Mục ${i}`,
        figures: figuresOf(kind, random),
        ...(taskId ? { taskId, planId: 'p1' } : {}),
        createdAt: created,
        voided: random() < 0.03,
        voidReason: null,
        receivedAt: synced ? created : null,
        syncState: synced ? 'synced' : 'pending',
        serverVersion: synced ? 1 : 0,
        error: null,
        conflictWith: null,
      });
    }
    await db.activities.bulkPut(rows);
  }
}

function task(id: string, kinds: ActivityKind[], target: Task['target'], window: Task['window']): Task {
  return {
    id,
    ordinal: id,
    title: `Nhiệm vụ ${id}`,
    products: [],
    lead: [],
    cooperating: [],
    timing: '',
    window,
    deadline: null,
    target,
    budgetVnd: null,
    kinds,
    notes: null,
  };
}

const UNITS: Unit[] = [
  { id: 'd1', code: '446', name: 'Huyện Cẩm Xuyên', kind: 'district', parentId: null },
  { id: 'c1', code: '18673', name: 'Thị trấn Cẩm Xuyên', kind: 'commune', parentId: 'd1' },
  { id: 's1', code: 'S18673', name: 'Đài truyền thanh Cẩm Xuyên', kind: 'station', parentId: 'c1' },
];

function planOf(year: number): Plan {
  return {
    id: 'p1',
    unitId: 'd1',
    number: null,
    title: 'Kế hoạch',
    issuer: null,
    year,
    issuedOn: null,
    version: 1,
    status: 'published',
    publishedAt: null,
    tasks: [
      task('t-training', ['training'], { count: 2, per: 'month', atLeast: true }, null),
      task('t-broadcast', ['broadcast'], { count: 3, per: 'week', atLeast: true }, null),
      // A window target counts from the window's start, before most periods: home reads wider.
      task(
        't-material',
        ['material'],
        { count: 500, per: 'window', atLeast: true },
        {
          from: `${year - 1}-12-15`,
          to: `${year}-11-30`,
        },
      ),
      task('t-meeting', ['meeting'], { count: 4, per: 'year', atLeast: true }, null),
    ],
    assignments: ['t-training', 't-broadcast', 't-material', 't-meeting'].map((taskId) => ({
      taskId,
      unitId: 'd1',
      unitKind: 'commune' as const,
    })),
  };
}

/** What home shows of a report: per task, the figures on its card; and the totals by kind. */
function shownOnHome(facts: Fact[], plans: Plan[], type: PeriodType, basis: PeriodBasis, asOf: string) {
  const period = periodContaining(asOf, type, basis);
  const report = computeReport({ unitId: 'c1', units: UNITS, facts, plans, period, basis, asOf });
  return {
    entries: report.entries,
    totals: report.totals,
    tasks: report.byTask.map((r) => ({ id: r.taskId, actual: r.actual, total: r.total, due: r.due, status: r.status })),
  };
}

/** The dates home reads for a period (as HomePage does: window targets reach back to their start). */
function homeRange(plans: Plan[], type: PeriodType, basis: PeriodBasis, asOf: string) {
  const range = periodRange(periodContaining(asOf, type, basis), basis);
  let from = range.from;
  for (const { task, planId } of assignedTasks(plans, UNITS, 'c1')) {
    if (task.target && task.target.per !== 'window') continue;
    const plan = plans.find((p) => p.id === planId)!;
    const active = activeRangeOf(task, plan.year, basis);
    if (active.from < from && active.to >= range.from) from = active.from;
  }
  return { from, to: range.to };
}

/** A phone database of its own holding `count` seeded entries; prints the seed (TEST_SEED replays it). */
async function seededDatabase(label: string, name: string, count: number, end: string): Promise<AppDatabase> {
  const seedNo = Number(process.env.TEST_SEED ?? Date.now() % 1_000_000);
  console.log(`${label} seed ${seedNo}`);
  const db = openAppDatabase(`${name}-${seedNo}-${Date.now()}`);
  await writeMeta(db, { deviceId: 'dev', unitId: 'c1', token: 't'.repeat(32) });
  await seed(db, count, end, randomFrom(seedNo));
  return db;
}

describe('home and the log with 20,000 local entries read only what they show', () => {
  it('home’s figures from the daily roll-up equal those counted from every entry (seeded)', async () => {
    const asOf = '2025-10-20';
    const db = await seededDatabase('large reads', 'large-home', 20_000, asOf);
    // A few changes through the app after the bulk load: an edit moving an entry, a void.
    const some = (await db.activities.limit(50).toArray()).filter((e) => !e.voided);
    await saveEntry(db, { ...some[0]!, date: '2025-10-01', figures: { ...some[0]!.figures } });
    await voidEntry(db, some[1]!.id, 'Nhầm');
    expect(await db.activities.count()).toBe(20_000);

    const plans = [planOf(2025)];
    const everyEntry = (await db.activities.toArray()).map(factOfEntry).filter((f): f is Fact => f !== null);
    let nonEmptyTasks = 0;
    for (const basis of ['decree09', 'calendar'] as const) {
      for (const type of ['month', 'quarter', 'half', 'nine_months', 'year'] as const) {
        const { from, to } = homeRange(plans, type, basis, asOf);
        const fromRollup = shownOnHome(await factsBetween(db, from, to), plans, type, basis, asOf);
        const counted = shownOnHome(everyEntry, plans, type, basis, asOf);
        expect(fromRollup, `${type} on ${basis}`).toEqual(counted);
        nonEmptyTasks += counted.tasks.filter((t) => t.actual > 0).length;
        expect(counted.entries).toBeGreaterThan(0);
      }
    }
    // The comparison covered tasks with work done, not only empty cards.
    expect(nonEmptyTasks).toBeGreaterThan(20);
    // The year's roll-up is far fewer rows than the year's entries.
    const year = homeRange(plans, 'year', 'decree09', asOf);
    expect((await factsBetween(db, year.from, year.to)).length).toBeLessThan(
      (await db.activities.where('date').between(year.from, year.to, true, true).count()) / 2,
    );
    await db.delete();
  }, 120_000);

  it('the log’s newest page is the head of every entry sorted, with the count of the rest (seeded)', async () => {
    const db = await seededDatabase('log page', 'large-log', 3_000, '2025-10-20');
    const filters = [
      { from: '2025-01-01', to: '2025-12-31' },
      { from: '2025-10-01', to: '2025-10-31' },
      { from: '2025-01-01', to: '2025-12-31', kind: 'broadcast' as const },
      { from: '2024-12-15', to: '2025-06-14', taskId: 't-material' },
      { from: '2024-12-15', to: '2025-06-14', kind: 'training' as const, taskId: 't-training' },
      { from: '2030-01-01', to: '2030-12-31' },
    ];
    for (const filter of filters) {
      const all = await listEntries(db, filter);
      for (const limit of [1, 7, 200, 400, all.length, all.length + 1]) {
        const page = await listNewestEntries(db, filter, limit);
        expect(page.total, JSON.stringify(filter)).toBe(all.length);
        expect(
          page.entries.map((e) => e.id),
          `${JSON.stringify(filter)} limit ${limit}`,
        ).toEqual(all.slice(0, limit).map((e) => e.id));
      }
    }
    // Ties within a day are by creation time, which differs from the ids' order here.
    const year = await listEntries(db, filters[0]!);
    const perDay = new Map<string, LocalActivity[]>();
    for (const e of year) perDay.set(e.date, [...(perDay.get(e.date) ?? []), e]);
    const sameDay = [...perDay.values()].sort((a, b) => b.length - a.length)[0]!;
    expect(sameDay.length).toBeGreaterThan(3);
    expect(sameDay.map((e) => e.id)).not.toEqual([...sameDay.map((e) => e.id)].sort().reverse());
    await db.delete();
  }, 60_000);
});
