import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ConsoleContext } from '../../src/app/console/console-app';
import { PlansScreen } from '../../src/app/console/plans-screen';
import type { ConsoleApi } from '../../src/app/sync/console-api';
import type { Plan, PlanInput } from '../../src/shared/plan';
import type { Unit } from '../../src/shared/unit';
import { mount, unmountAll, until } from './support/render';

// Issue 13 item 1: a plan is mostly the same from year to year. The officer carries it into the
// next year from the plan list, reviews the draft, and saves it as a new plan.
const province: Unit = {
  id: 'new:42',
  code: '42',
  name: 'Tỉnh Hà Tĩnh',
  kind: 'province',
  parentId: null,
  validFrom: '2025-07-01',
};
const units: Unit[] = [
  province,
  { id: 'new:1', code: '1', name: 'Xã Cẩm Xuyên', kind: 'commune', parentId: 'new:42', validFrom: '2025-07-01' },
];
const plan: Plan = {
  id: 'p2026',
  unitId: 'new:42',
  number: '12/KH-UBND',
  title: 'Kế hoạch tuyên truyền CCHC năm 2026',
  issuer: 'UBND tỉnh Hà Tĩnh',
  year: 2026,
  issuedOn: '2026-01-15',
  version: 2,
  status: 'published',
  publishedAt: '2026-01-20T02:00:00.000Z',
  tasks: [
    {
      id: 't5',
      ordinal: '5',
      title: 'Phát thanh CCHC trên loa truyền thanh cơ sở',
      products: [],
      lead: [],
      cooperating: [],
      timing: 'Thường xuyên năm 2026',
      window: { from: '2026-01-01', to: '2026-12-31' },
      deadline: null,
      target: { count: 8, per: 'month', atLeast: true },
      budgetVnd: 36_000_000,
      kinds: ['broadcast'],
      notes: null,
    },
  ],
  assignments: [{ taskId: 't5', unitId: 'new:42', unitKind: 'station' }],
};

afterEach(unmountAll);

function button(root: HTMLElement, text: string): HTMLButtonElement | undefined {
  return [...root.querySelectorAll('button')].find((b) => b.textContent?.includes(text));
}

describe('carrying a plan into the next year from the console', () => {
  it('opens a draft of next year with the same tasks, and saves it as a new plan', async () => {
    const created: PlanInput[] = [];
    const api = {
      listPlans: vi.fn(async () => [plan]),
      createPlan: vi.fn(async (input: PlanInput) => {
        created.push(input);
        return { ...plan, ...input, id: 'p2027', version: 1, status: 'draft', publishedAt: null } as Plan;
      }),
    } as unknown as ConsoleApi;
    const ctx: ConsoleContext = { api, root: province, units, today: '2026-12-05' };
    vi.stubGlobal('confirm', () => true);
    const root = mount(<PlansScreen ctx={ctx} />);
    await until(() => button(root, 'Mang sang năm 2027') !== undefined, 'the carry button');
    button(root, 'Mang sang năm 2027')!.click();
    await until(() => root.textContent!.includes('Bản nháp năm 2027'), 'the carried draft');
    button(root, 'Lưu bản nháp')!.click();
    await until(() => created.length === 1, 'a new plan saved');
    const [input] = created;
    expect(input).toMatchObject({ title: 'Kế hoạch tuyên truyền CCHC năm 2027', year: 2027, number: null });
    expect(input!.tasks[0]).toMatchObject({
      timing: 'Thường xuyên năm 2027',
      window: { from: '2027-01-01', to: '2027-12-31' },
      target: { count: 8, per: 'month', atLeast: true },
      budgetVnd: 36_000_000,
    });
    expect(input!.assignments).toHaveLength(1);
    // A new plan, not a revision of the one it came from.
    expect((api as unknown as { updatePlan?: unknown }).updatePlan).toBeUndefined();
  });
});
