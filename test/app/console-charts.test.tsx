import { afterEach, describe, expect, it } from 'vitest';
import { heatLevel, taskTrends, TrendChart, UnitRanking } from '../../src/app/console/charts';
import { gridMonths } from '../../src/app/console/progress-grid';
import type { Report, TaskRow } from '../../src/shared/report';
import { mount, unmountAll } from './support/render';

// Issue 13 item 9: what an officer would rather look at than tables — each task's progress against
// its due line, the units ranked, the month grid as a heat map. Each carries its figures as text.
afterEach(unmountAll);

const row = (taskId: string, actual: number, total: number): TaskRow =>
  ({ taskId, planId: 'p', ordinal: '5', title: 'Phát thanh CCHC', target: null, due: total, total, actual }) as TaskRow;

describe('the dashboard charts', () => {
  const months = gridMonths({ from: '2026-06-15', to: '2026-09-14' }, 'decree09', '2026-12-05');
  const monthly = new Map([
    ['2026-M07', { byTask: [row('t5', 6, 8)] }],
    ['2026-M08', { byTask: [row('t5', 9, 8)] }],
    ['2026-M09', { byTask: [row('t5', 3, 8)] }],
  ]);

  it("cumulates a task's months against its due line, and says so in words", () => {
    const [trend] = taskTrends({ byTask: [row('t5', 18, 24)] }, months, monthly);
    expect(trend!.points.map((p) => [p.done, p.due])).toEqual([
      [6, 8],
      [15, 16],
      [18, 24],
    ]);
    const root = mount(<TrendChart trend={trend!} />);
    const label = root.querySelector('svg')!.getAttribute('aria-label')!;
    expect(label).toContain('5. Phát thanh CCHC: đã làm 18, phải đạt 24');
    expect(label).toContain('T7/2026: 6/8; T8/2026: 15/16; T9/2026: 18/24');
    // The done line rises: its last point is higher on the page (a smaller y) than its first.
    const d = root.querySelector('path.done-line')!.getAttribute('d')!;
    const ys = [...d.matchAll(/,([\d.]+)/g)].map((m) => Number(m[1]));
    expect(ys[2]!).toBeLessThan(ys[0]!);
  });

  it('ranks the units, the busiest first and the quietest last, each with its number', () => {
    const units = Array.from({ length: 20 }, (_, i) => ({ unitId: `u${i}`, name: `Xã ${i}`, entries: i * 3 }));
    const report = { unit: { id: 'p' }, byUnit: units } as unknown as Pick<Report, 'byUnit' | 'unit'>;
    const root = mount(<UnitRanking report={report} />);
    const items = [...root.querySelectorAll('.rank-bars li')].map((li) => li.textContent);
    expect(items[0]).toBe('Xã 1957');
    expect(items.at(-1)).toBe('Xã 00');
    expect(root.textContent).toContain('… 4 đơn vị ở giữa …');
  });

  it('shades the grid from the quietest to the busiest cell', () => {
    expect([0, 1, 5, 10, 20].map((n) => heatLevel(n, 20))).toEqual([0, 1, 1, 2, 4]);
    expect(heatLevel(3, 0)).toBe(0);
  });
});
