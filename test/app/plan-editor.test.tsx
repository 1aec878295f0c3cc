import { useState } from 'preact/hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { type DraftPlan, draftFromImport } from '../../src/app/console/plan-draft';
import { PlanEditor } from '../../src/app/console/plan-editor';
import type { Target } from '../../src/shared/plan';
import { importPlanText } from '../../src/shared/plan-import/import-plan';
import type { Unit } from '../../src/shared/unit';
import { readPlan } from '../support/sources';
import { mount, settle, unmountAll } from './support/render';

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

/** Mounts the editor over the Hà Tĩnh plan; `latest()` is the draft as the screen holds it now. */
function openEditor() {
  let serial = 0;
  const initial = draftFromImport(importPlanText(readPlan('ha-tinh-province-2020.txt')), province, units);
  let latest: DraftPlan = initial;
  function Harness() {
    const [draft, setDraft] = useState(initial);
    latest = draft;
    return (
      <PlanEditor
        draft={draft}
        root={province}
        units={units}
        newId={() => `new-${++serial}`}
        onChange={(update) => setDraft((d) => update(d))}
      />
    );
  }
  const root = mount(<Harness />);
  return { root, latest: () => latest, initial };
}

type Step = 'count' | 'per' | 'atLeast';

/** One edit as a person makes it: type 4 and leave the box, choose "tháng", untick "tối thiểu". */
function edit(row: Element, step: Step): void {
  if (step === 'count') {
    const input = row.querySelector('input[aria-label="Số lần"]') as HTMLInputElement;
    input.value = '4';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new Event('change', { bubbles: true }));
  } else if (step === 'per') {
    const select = row.querySelector('select[aria-label="Mỗi"]') as HTMLSelectElement;
    select.value = 'month';
    select.dispatchEvent(new Event('change', { bubbles: true }));
  } else {
    const box = row.querySelector('.target-edit input[type=checkbox]') as HTMLInputElement;
    box.checked = false;
    box.dispatchEvent(new Event('change', { bubbles: true }));
  }
}

const orders: Step[][] = [
  ['count', 'per'],
  ['per', 'count'],
  ['count', 'per', 'atLeast'],
  ['count', 'atLeast', 'per'],
  ['per', 'count', 'atLeast'],
  ['per', 'atLeast', 'count'],
];

describe('the plan editor keeps every edit of a target', () => {
  for (const order of orders) {
    for (const rendered of [true, false]) {
      const name = `${order.join(' → ')}${rendered ? ', rendered between edits' : ', all in one tick'}`;
      it(name, async () => {
        const { root, latest, initial } = openEditor();
        await settle();
        // A task with no target yet (the unticked box is disabled until a target exists), and one
        // the importer read a target for.
        const noTarget = initial.tasks.findIndex((t) => t.target === null);
        const withTarget = initial.tasks.findIndex((t) => t.target !== null);
        expect(noTarget).toBeGreaterThanOrEqual(0);
        expect(withTarget).toBeGreaterThanOrEqual(0);
        for (const index of [noTarget, withTarget]) {
          const startsEmpty = index === noTarget;
          const steps = startsEmpty && order[0] === 'atLeast' ? order.slice(1) : order;
          for (const step of steps) {
            // The "tối thiểu" box is disabled while a task has no target: a person cannot tick it
            // until the row shows the target, so that step always follows a render.
            if (step === 'atLeast' || rendered) await settle();
            edit(root.querySelectorAll('tr.task-row')[index]!, step);
          }
          await settle();
          // "Tối thiểu" stays as it was unless unticked; a new target starts at "at least".
          const before = initial.tasks[index]!.target?.atLeast ?? true;
          const expected: Target = { count: 4, per: 'month', atLeast: order.includes('atLeast') ? false : before };
          expect(latest().tasks[index]!.target, `task ${index + 1}`).toEqual(expected);
          // What the row shows is what the draft holds.
          const row = root.querySelectorAll('tr.task-row')[index]!;
          expect((row.querySelector('input[aria-label="Số lần"]') as HTMLInputElement).value).toBe('4');
          expect((row.querySelector('select[aria-label="Mỗi"]') as HTMLSelectElement).value).toBe('month');
        }
      });
    }
  }
});
