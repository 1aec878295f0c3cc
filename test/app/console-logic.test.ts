import { describe, expect, it } from 'vitest';
import { defaultPeriod, stepPeriod } from '../../src/app/console/period-picker';
import {
  describeAssigneeCounts,
  draftFromImport,
  kindsNamedIn,
  parseBudget,
  planOfDraft,
  problemsOf,
  proposeAssignments,
  totalBudget,
} from '../../src/app/console/plan-draft';
import { buildGrid, gridMonths } from '../../src/app/console/progress-grid';
import { importPlanText } from '../../src/shared/plan-import/import-plan';
import { indexUnits, type Unit } from '../../src/shared/unit';
import { readPlan } from '../support/sources';

const province: Unit = { id: 'ht', code: '42', name: 'Tỉnh Hà Tĩnh', kind: 'province', parentId: null };
const district: Unit = { id: 'cx', code: '436', name: 'Huyện Cẩm Xuyên', kind: 'district', parentId: 'ht' };
const units: Unit[] = [
  province,
  district,
  { id: 'c1', code: '1', name: 'Xã Cẩm Thành', kind: 'commune', parentId: 'cx' },
  { id: 's1', code: '1s', name: 'Trạm truyền thanh xã Cẩm Thành', kind: 'station', parentId: 'c1' },
  { id: 'p1', code: '1p', name: 'Điểm BĐVHX Cẩm Thành', kind: 'post_office', parentId: 'c1' },
];
const plan = readPlan;
let serial = 0;
const newId = () => `task-${++serial}`;

describe('assignment proposals from the plan words', () => {
  it('reads kinds of unit the way plans write them', () => {
    expect(kindsNamedIn('UBND cấp xã')).toEqual(['commune']);
    expect(kindsNamedIn('UBND các xã, thị trấn')).toEqual(['commune']);
    expect(kindsNamedIn('UBND các xã, phường, thị trấn')).toEqual(['commune']);
    expect(kindsNamedIn('Trạm truyền thanh cơ sở')).toEqual(['station']);
    expect(kindsNamedIn('Điểm bưu điện văn hóa xã')).toEqual(['post_office']);
    expect(kindsNamedIn('Sở Thông tin và Truyền thông')).toEqual([]);
  });

  it('proposes every commune, every station, every post office for the Cẩm Xuyên appendix', () => {
    const draft = draftFromImport(importPlanText(plan('cam-xuyen-district-2021.txt')), district, units, newId);
    const kindsOf = (ordinal: string) => {
      const task = draft.tasks.find((t) => t.ordinal === ordinal)!;
      return draft.assignments.filter((a) => a.taskId === task.id).map((a) => `${a.unitId}:${a.unitKind}`);
    };
    // "Tuyên truyền trên hệ thống Trạm truyền thanh cơ sở", lead "UBND cấp xã": the stations log it.
    expect(kindsOf('5')).toEqual(['cx:station']);
    // "Tuyên truyền tại các Điểm bưu điện văn hóa xã": the post-office points.
    expect(kindsOf('4')).toEqual(['cx:post_office']);
    // "Trang TTĐT cấp xã" with "UBND các xã, thị trấn" leading: every commune.
    expect(kindsOf('3')).toEqual(['cx:commune']);
    // A task of the district's own offices proposes nobody below (the officer assigns it).
    expect(kindsOf('2')).toEqual([]);
  });

  it('assigns the lead units only; cooperating units are proposed when asked for', () => {
    const task = { id: 't', title: 'Khảo sát mức độ hài lòng', lead: ['Sở Nội vụ'], cooperating: ['UBND cấp xã'] };
    expect(proposeAssignments(task, district, units)).toEqual([]);
    expect(proposeAssignments(task, district, units, { from: 'cooperating' })).toEqual([
      { taskId: 't', unitId: 'cx', unitKind: 'commune' },
    ]);
    const led = { ...task, lead: ['UBND cấp xã'], cooperating: ['Sở Nội vụ'] };
    expect(proposeAssignments(led, district, units)).toEqual([{ taskId: 't', unitId: 'cx', unitKind: 'commune' }]);
  });

  it('assigns the agencies a plan names as it abbreviates them, where the tree has them', () => {
    const withAgencies: Unit[] = [
      province,
      { id: 'dai', code: '', name: 'Đài Phát thanh và Truyền hình Hà Tĩnh', kind: 'agency', parentId: 'ht' },
      { id: 'bao', code: '', name: 'Báo Hà Tĩnh', kind: 'agency', parentId: 'ht' },
      { id: 'stt', code: '', name: 'Sở Thông tin và Truyền thông', kind: 'agency', parentId: 'ht' },
    ];
    const task = (lead: string[]) => ({ id: 't', title: 'Chuyên mục CCHC', lead, cooperating: [] });
    const ids = (lead: string[]) => proposeAssignments(task(lead), province, withAgencies).map((a) => a.unitId);
    expect(ids(['Đài PTTH tỉnh'])).toEqual(['dai']);
    expect(ids(['Báo Hà Tĩnh'])).toEqual(['bao']);
    expect(ids(['Sở TT&TT'])).toEqual(['stt']);
    expect(ids(['Sở Nội vụ'])).toEqual([]);
    // Without agencies in the tree nothing is guessed.
    expect(proposeAssignments(task(['Đài PTTH tỉnh']), province, [province])).toEqual([]);
  });

  it('proposes only units that exist in the plan year', () => {
    // Since 1/7/2025 the commune has a new successor; a 2026 plan does not go to the old one.
    const dated: Unit[] = [
      province,
      { id: 'old', code: '9', name: 'Xã Cẩm Thành', kind: 'commune', parentId: 'ht', validTo: '2025-06-30' },
      { id: 'new', code: '8', name: 'Xã Cẩm Xuyên', kind: 'commune', parentId: 'ht', validFrom: '2025-07-01' },
    ];
    const task = { id: 't', title: 'Tập huấn', lead: ['Xã Cẩm Thành'], cooperating: [] };
    expect(proposeAssignments(task, province, dated, { year: 2026 })).toEqual([]);
    expect(proposeAssignments(task, province, dated, { year: 2024 })).toEqual([
      { taskId: 't', unitId: 'old', unitKind: null },
    ]);
  });

  it('counts the units an assignment reaches in the plan year, kind by kind', () => {
    const tree: Unit[] = [
      province,
      ...[1, 2, 3].flatMap((i): Unit[] => [
        { id: `c${i}`, code: `${i}`, name: `Xã ${i}`, kind: 'commune', parentId: 'ht', validFrom: '2025-07-01' },
        { id: `s${i}`, code: `${i}s`, name: `Trạm ${i}`, kind: 'station', parentId: `c${i}`, validFrom: '2025-07-01' },
      ]),
      { id: 'old', code: '9', name: 'Xã cũ', kind: 'commune', parentId: 'ht', validTo: '2025-06-30' },
    ];
    const index = indexUnits(tree);
    const every = (unitKind: 'commune' | 'station') => ({ taskId: 't', unitId: 'ht', unitKind });
    expect(describeAssigneeCounts([every('commune'), every('station')], index, 2026)).toBe('3 xã, 3 trạm truyền thanh');
    expect(describeAssigneeCounts([every('commune')], index, 2024)).toBe('1 xã');
    // A unit named alone and also reached by a kind is counted once.
    expect(describeAssigneeCounts([every('commune'), { taskId: 't', unitId: 'c1', unitKind: null }], index, 2026)).toBe(
      '3 xã',
    );
    expect(describeAssigneeCounts([], index, 2026)).toBe('');
  });

  it('names a unit of the tree when the plan names it exactly', () => {
    const found = proposeAssignments(
      { id: 't', title: 'Tập huấn', lead: ['Xã Cẩm Thành'], cooperating: [] },
      district,
      units,
    );
    expect(found).toEqual([{ taskId: 't', unitId: 'c1', unitKind: null }]);
  });
});

describe('reviewing an imported plan', () => {
  it('keeps the Hà Tĩnh appendix: 22 rows (23 tasks), 1.000.000.000 đ, warnings beside the tasks they name', () => {
    const imported = importPlanText(plan('ha-tinh-province-2020.txt'));
    const draft = draftFromImport(imported, province, units, newId);
    expect(draft.tasks).toHaveLength(23);
    expect(totalBudget(draft.tasks)).toBe(1_000_000_000);
    const task11 = draft.tasks.find((t) => t.ordinal === '11')!;
    expect(task11.warnings.join(' ')).toContain('Định kỳ theo lịch Ban Tuyên giáo Tỉnh ủy');
    expect(task11.timing).toContain('Định kỳ theo lịch Ban Tuyên giáo');
    // Every importer warning is shown somewhere: beside its task or in the plan's box.
    const shown = draft.tasks.flatMap((t) => t.warnings).length + draft.warnings.length;
    expect(shown).toBe(imported.warnings.length);
    // Task 21 (stations relay the province's programmes), led by "UBND các xã, phường, thị trấn",
    // and its part with a target of its own (21b, "Nêu gương người tốt…"), go to every station.
    for (const ordinal of ['21a', '21b']) {
      const task21 = draft.tasks.find((t) => t.ordinal === ordinal)!;
      expect(draft.assignments.filter((a) => a.taskId === task21.id)).toEqual([
        { taskId: task21.id, unitId: 'ht', unitKind: 'station' },
      ]);
    }
  });

  it('refuses to save a task without a name or a window that ends before it starts, and saves the rest clean', () => {
    const draft = draftFromImport(importPlanText(plan('cam-xuyen-district-2021.txt')), district, units, newId);
    const broken = {
      ...draft,
      tasks: draft.tasks.map((t, i) =>
        i === 0 ? { ...t, title: '  ' } : i === 1 ? { ...t, window: { from: '2021-12-01', to: '2021-01-01' } } : t,
      ),
    };
    expect(problemsOf(broken)).toEqual(['nhiệm vụ 1 chưa có tên', 'nhiệm vụ 2: ngày bắt đầu sau ngày kết thúc']);
    const saved = planOfDraft(draft, 'plan-1');
    expect(saved.tasks).toHaveLength(10);
    expect(Object.keys(saved.tasks[0]!)).not.toContain('warnings');
    expect(Object.keys(saved.tasks[0]!)).not.toContain('budgetText');
    expect(Object.keys(saved.tasks[0]!)).not.toContain('source');
  });

  it('reads budgets as officers type them', () => {
    expect(parseBudget('50.000.000')).toBe(50_000_000);
    expect(parseBudget('50 000 000 đ')).toBe(50_000_000);
    expect(parseBudget('800000')).toBe(800_000);
    expect(parseBudget('')).toBeNull();
    expect(parseBudget('Theo dự trù riêng')).toBeUndefined();
  });
});

describe('periods the console opens', () => {
  it('opens the quarter just closed during reporting week (16/9 → Quý III), else the current one', () => {
    expect(defaultPeriod('2024-09-16')).toEqual({ code: '2024-Q3', basis: 'decree09' });
    expect(defaultPeriod('2024-10-30')).toEqual({ code: '2024-Q4', basis: 'decree09' });
    expect(defaultPeriod('2024-08-01')).toEqual({ code: '2024-Q3', basis: 'decree09' });
  });

  it('steps periods across years', () => {
    expect(stepPeriod({ type: 'quarter', year: 2024, index: 1 }, -1, 'decree09')).toEqual({
      type: 'quarter',
      year: 2023,
      index: 4,
    });
    expect(stepPeriod({ type: 'month', year: 2024, index: 12 }, 1, 'calendar')).toEqual({
      type: 'month',
      year: 2025,
      index: 1,
    });
  });
});

describe('the unit × month grid', () => {
  const row = (unitId: string, lastSyncAt: string | null, pending: number) => ({
    unitId,
    name: unitId,
    kind: 'commune' as const,
    totals: {},
    entries: 3,
    late: 0,
    lastSyncAt,
    pending,
  });
  it('marks who is behind, who has not synced for N days, who holds unsent entries', () => {
    const months = gridMonths({ from: '2024-06-15', to: '2024-09-14' }, 'decree09', '2024-09-16');
    expect(months.map((m) => m.code)).toEqual(['2024-M07', '2024-M08', '2024-M09']);
    // Decree 09's months do not follow the calendar: each column says which days it holds.
    expect(months.map((m) => m.span)).toEqual(['15/06–14/07', '15/07–14/08', '15/08–14/09']);
    expect(gridMonths({ from: '2024-07-01', to: '2024-09-30' }, 'calendar', '2024-09-16').map((m) => m.span)).toEqual([
      null,
      null,
      null,
    ]);
    const report = {
      byUnit: [row('a', '2024-09-15T01:00:00Z', 0), row('b', '2024-09-02T01:00:00Z', 12), row('c', null, 0)],
    };
    const monthly = new Map([
      [
        '2024-M07',
        {
          byUnit: [
            { ...row('a', null, 0), entries: 2 },
            { ...row('b', null, 0), entries: 1 },
          ],
        },
      ],
      ['2024-M08', { byUnit: [{ ...row('a', null, 0), entries: 1 }] }],
      ['2024-M09', { byUnit: [] }],
    ]);
    const grid = buildGrid(report, monthly, months, '2024-09-16', 7);
    expect(grid.map((r) => r.cells.map((c) => c.entries))).toEqual([
      [2, 1, 0],
      [1, 0, 0],
      [0, 0, 0],
    ]);
    expect(grid.map((r) => r.monthsBehind)).toEqual([1, 2, 3]);
    expect(grid.map((r) => r.isStale)).toEqual([false, true, true]);
    expect(grid[1]!.daysSinceSync).toBe(14);
    expect(grid[1]!.pending).toBe(12);
    // A longer tolerance clears the 14-day-old sync.
    expect(buildGrid(report, monthly, months, '2024-09-16', 14)[1]!.isStale).toBe(false);
  });
});
