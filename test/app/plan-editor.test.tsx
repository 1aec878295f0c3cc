import { afterEach, describe, expect, it } from 'vitest';
import type { Target } from '../../src/shared/plan';
import type { Unit } from '../../src/shared/unit';
import { openPlanEditor } from './support/plan-editor';
import { settle, unmountAll } from './support/render';

// Issue 13, item 4: a province officer typed 4 in the count, then chose "tháng", and the plan was
// published as "1 lần/tháng". Every order of editing a target must keep every edit, whether the
// row renders between two edits or not (leaving the count box for the select fires both changes
// before Preact renders again).

const province: Unit = { id: 'ht', code: '42', name: 'Tỉnh Hà Tĩnh', kind: 'province', parentId: null };
const units: Unit[] = [
  province,
  { id: 'c1', code: '1', name: 'Xã Cẩm Thành', kind: 'commune', parentId: 'ht' },
  { id: 's1', code: '1s', name: 'Trạm truyền thanh xã Cẩm Thành', kind: 'station', parentId: 'c1' },
];

afterEach(unmountAll);

const openEditor = () => openPlanEditor(province, units);

type Step = 'count' | 'per' | 'atLeast';

/** Opens a task's panel from its row in the list, as a click on its title does. */
function openTask(root: Element, ordinal: string): void {
  const row = [...root.querySelectorAll('tr.task-row')].find((r) => r.querySelector('td.num')?.textContent === ordinal);
  (row!.querySelector('button.row-open') as HTMLButtonElement).click();
}

/** One edit as a person makes it: type 4 and leave the box, choose "tháng", choose "Đúng" (exactly). */
function edit(panel: Element, step: Step): void {
  if (step === 'count') {
    const input = panel.querySelector('input[aria-label="Số lần"]') as HTMLInputElement;
    input.value = '4';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new Event('change', { bubbles: true }));
  } else if (step === 'per') {
    const select = panel.querySelector('select[aria-label="Mỗi"]') as HTMLSelectElement;
    select.value = 'month';
    select.dispatchEvent(new Event('change', { bubbles: true }));
  } else {
    const select = panel.querySelector('select[aria-label="Loại chỉ tiêu"]') as HTMLSelectElement;
    select.value = 'exact';
    select.dispatchEvent(new Event('change', { bubbles: true }));
  }
}

const orders: Step[][] = [
  ['count', 'per'],
  ['per', 'count'],
  ['count', 'per', 'atLeast'],
  ['count', 'atLeast', 'per'],
  ['per', 'count', 'atLeast'],
  ['per', 'atLeast', 'count'],
  ['atLeast', 'count', 'per'],
];

describe('the plan editor keeps every edit of a target', () => {
  for (const order of orders) {
    for (const rendered of [true, false]) {
      const name = `${order.join(' → ')}${rendered ? ', rendered between edits' : ', all in one tick'}`;
      it(name, async () => {
        const { root, latest, initial } = openEditor();
        await settle();
        // A task with no target yet, and one the importer read a target for.
        const noTarget = initial.tasks.find((t) => t.target === null)!;
        const withTarget = initial.tasks.find((t) => t.target !== null)!;
        expect(noTarget).toBeTruthy();
        expect(withTarget).toBeTruthy();
        for (const task of [noTarget, withTarget]) {
          openTask(root, task.ordinal);
          await settle();
          const panel = () => root.querySelector('.task-panel')!;
          expect((panel().querySelector('input.ordinal') as HTMLInputElement).value).toBe(task.ordinal);
          for (const step of order) {
            if (rendered) await settle();
            edit(panel(), step);
          }
          await settle();
          // The kind of target stays as it was unless changed; a new target starts at "at least".
          const before = task.target?.atLeast ?? true;
          const expected: Target = { count: 4, per: 'month', atLeast: order.includes('atLeast') ? false : before };
          const now = latest().tasks.find((t) => t.id === task.id)!;
          expect(now.target, `task ${task.ordinal}`).toEqual(expected);
          // What the panel shows is what the draft holds, and it reads the target back in words.
          expect((panel().querySelector('input[aria-label="Số lần"]') as HTMLInputElement).value).toBe('4');
          expect((panel().querySelector('select[aria-label="Mỗi"]') as HTMLSelectElement).value).toBe('month');
          expect(panel().querySelector('.target-read')!.textContent).toContain(
            expected.atLeast ? 'Tối thiểu 4 lần/tháng' : 'Hiểu là: 4 lần/tháng',
          );
        }
      });
    }
  }
});
