import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/shared/plan';
import { carryPlan } from '../../src/shared/plan-carry';

const PLAN: Plan = {
  id: 'p2024',
  unitId: 'old:446',
  number: '152/KH-UBND',
  title: 'Kế hoạch tuyên truyền CCHC huyện năm 2024',
  issuer: 'UBND huyện Cẩm Xuyên',
  year: 2024,
  issuedOn: '2024-01-20',
  version: 3,
  status: 'published',
  publishedAt: '2024-01-25T02:00:00.000Z',
  tasks: [
    {
      id: 't1',
      ordinal: '1',
      title: 'Cuộc thi tìm hiểu CCHC năm 2024',
      products: [],
      lead: ['Phòng Nội vụ'],
      cooperating: [],
      timing: 'Quý III/2024; tổng kết trước 29/02/2024',
      window: { from: '2024-02-29', to: '2024-09-30' },
      deadline: '2024-12-15',
      target: { count: 1, per: 'month', atLeast: true },
      budgetVnd: 20_000_000,
      kinds: ['contest'],
      notes: null,
    },
  ],
  assignments: [
    { taskId: 't1', unitId: 'old:446', unitKind: 'commune' },
    { taskId: 't1', unitId: 'old:18673', unitKind: null },
    { taskId: 't1', unitId: 'new:42', unitKind: 'commune' },
  ],
};

describe('carrying a plan into another year', () => {
  let next = 0;
  const newId = () => `n${++next}`;

  it('keeps tasks, targets and budgets; moves the year in words and dates; drafts it without a number', () => {
    const carried = carryPlan(PLAN, { year: 2027, ownerId: 'old:446', exists: () => true, newId });
    expect(carried).toMatchObject({
      id: '',
      year: 2027,
      status: 'draft',
      version: 1,
      number: null,
      issuedOn: null,
      publishedAt: null,
      issuer: 'UBND huyện Cẩm Xuyên',
      title: 'Kế hoạch tuyên truyền CCHC huyện năm 2027',
    });
    const [task] = carried.tasks;
    expect(task).toMatchObject({
      title: 'Cuộc thi tìm hiểu CCHC năm 2027',
      timing: 'Quý III/2027; tổng kết trước 29/02/2027',
      // 29 February does not exist in 2027.
      window: { from: '2027-02-28', to: '2027-09-30' },
      deadline: '2027-12-15',
      target: { count: 1, per: 'month', atLeast: true },
      budgetVnd: 20_000_000,
    });
    expect(task!.id).not.toBe('t1');
    expect(carried.assignments.every((a) => a.taskId === task!.id)).toBe(true);
    // The original is untouched.
    expect(PLAN.tasks[0]!.window!.from).toBe('2024-02-29');
  });

  it('after a reorganisation, gives the plan to the new owner and moves "every commune" with it', () => {
    const carried = carryPlan(PLAN, {
      year: 2026,
      ownerId: 'new:42',
      exists: (id) => id.startsWith('new:'),
      newId,
    });
    expect(carried.unitId).toBe('new:42');
    expect(carried.issuer).toBeNull();
    // "Every commune of the district" becomes "every commune of the province"; the one named
    // commune that no longer exists is dropped; the same assignment is kept once.
    expect(carried.assignments.map(({ unitId, unitKind }) => ({ unitId, unitKind }))).toEqual([
      { unitId: 'new:42', unitKind: 'commune' },
    ]);
  });
});
