import { useState } from 'preact/hooks';
import { type DraftPlan, draftFromImport } from '../../../src/app/console/plan-draft';
import { PlanEditor } from '../../../src/app/console/plan-editor';
import { importPlanText } from '../../../src/shared/plan-import/import-plan';
import type { Unit } from '../../../src/shared/unit';
import { readPlan } from '../../support/sources';
import { mount } from './render';

/**
 * Mounts the plan review over the Hà Tĩnh 2020 plan as the province's officer imports it;
 * `latest()` is the draft as the screen holds it now, `initial` the importer's proposal.
 */
export function openPlanEditor(root: Unit, units: readonly Unit[]) {
  let serial = 0;
  const initial = draftFromImport(importPlanText(readPlan('ha-tinh-province-2020.txt')), root, units);
  let latest: DraftPlan = initial;
  function Harness() {
    const [draft, setDraft] = useState(initial);
    latest = draft;
    return (
      <PlanEditor
        draft={draft}
        root={root}
        units={units}
        newId={() => `new-${++serial}`}
        onChange={(update) => setDraft((d) => update(d))}
      />
    );
  }
  const container = mount(<Harness />);
  return { root: container, latest: () => latest, initial };
}
