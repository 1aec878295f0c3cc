import { useState } from 'preact/hooks';
import { ACTIVITY_KINDS, kindDefinition } from '../../shared/kinds';
import { formatNumberVi, formatVnd } from '../../shared/format';
import type { Assignment, Target } from '../../shared/plan';
import { TARGET_PER_LABELS } from '../../shared/target';
import { indexUnits, subtreeOf, UNIT_KIND_LABELS, type Unit, type UnitKind } from '../../shared/unit';
import { kindLabel } from '../ui/kind-text';
import { tx } from '../i18n/messages';
import { ct } from './messages';
import {
  type DraftPlan,
  type DraftTask,
  describeAssignment,
  parseBudget,
  parseDateBox,
  showDateBox,
  totalBudget,
} from './plan-draft';

const PERS: Target['per'][] = ['week', 'month', 'quarter', 'year', 'window'];

function lines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

/** A text box that keeps what was typed and reports a parsed value when the box is left. */
function ParsedBox<T>(props: {
  value: T;
  show: (value: T) => string;
  parse: (text: string) => T | undefined;
  onValue: (value: T) => void;
  label: string;
  placeholder?: string;
  class?: string;
}) {
  const [text, setText] = useState(props.show(props.value));
  const [isBad, setBad] = useState(false);
  return (
    <input
      aria-label={props.label}
      class={`${props.class ?? ''}${isBad ? ' bad' : ''}`}
      placeholder={props.placeholder}
      aria-invalid={isBad}
      value={text}
      onInput={(e) => setText((e.target as HTMLInputElement).value)}
      onChange={() => {
        const parsed = props.parse(text);
        setBad(parsed === undefined);
        if (parsed !== undefined) {
          props.onValue(parsed);
          setText(props.show(parsed));
        }
      }}
    />
  );
}

function AssignmentEditor(props: {
  task: DraftTask;
  assignments: readonly Assignment[];
  root: Unit;
  units: readonly Unit[];
  /** The task's assignments after an edit (the others are left as they are). */
  onChange: (mine: Assignment[]) => void;
}) {
  const mine = props.assignments.filter((a) => a.taskId === props.task.id);
  const subtree = subtreeOf(indexUnits(props.units), props.root.id);
  const kinds = [...new Set(subtree.filter((u) => u.id !== props.root.id).map((u) => u.kind))];
  const kindLabel = (k: UnitKind) => tx(UNIT_KIND_LABELS[k]);
  const add = (value: string) => {
    if (!value) return;
    const [type, id] = value.split(':') as [string, string];
    const next: Assignment =
      type === 'kind'
        ? { taskId: props.task.id, unitId: props.root.id, unitKind: id as UnitKind }
        : { taskId: props.task.id, unitId: id, unitKind: null };
    if (mine.some((a) => a.unitId === next.unitId && a.unitKind === next.unitKind)) return;
    props.onChange([...mine, next]);
  };
  return (
    <div class="assignments">
      {mine.length === 0 && <small class="warn-text">{ct('assign.none')}</small>}
      <ul class="chips">
        {mine.map((a) => (
          <li key={`${a.unitId}:${a.unitKind}`} class="chip">
            {describeAssignment(a, props.units, kindLabel)}
            <button
              type="button"
              aria-label={ct('assign.remove')}
              onClick={() => props.onChange(mine.filter((m) => m !== a))}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <select
        aria-label={ct('assign.add')}
        value=""
        onChange={(e) => {
          add((e.target as HTMLSelectElement).value);
          (e.target as HTMLSelectElement).value = '';
        }}
      >
        <option value="">+ {ct('assign.add')}</option>
        <optgroup label={ct('assign.everyKind')}>
          {kinds.map((k) => (
            <option key={k} value={`kind:${k}`}>
              {ct('assign.kind', { kind: kindLabel(k).toLowerCase(), unit: props.root.name })}
            </option>
          ))}
        </optgroup>
        <optgroup label={ct('assign.oneUnit')}>
          {subtree
            .filter((u) => u.kind !== 'station' && u.kind !== 'post_office')
            .map((u) => (
              <option key={u.id} value={`unit:${u.id}`}>
                {u.name}
              </option>
            ))}
        </optgroup>
      </select>
    </div>
  );
}

function TaskRow(props: {
  task: DraftTask;
  draft: DraftPlan;
  root: Unit;
  units: readonly Unit[];
  /** An edit of this task, computed from its latest state (two edits in one tick both hold). */
  onTask: (patch: Partial<DraftTask> | ((task: DraftTask) => Partial<DraftTask>)) => void;
  onAssignments: (mine: Assignment[]) => void;
  onRemove: () => void;
}) {
  const { task } = props;
  const target = task.target;
  // Merged into the task's latest target, not the one this render saw: typing the count and then
  // choosing "tháng" fires both changes before the row renders again.
  const setTarget = (patch: Partial<Target> | null) =>
    props.onTask((latest) => ({
      target: patch === null ? null : { count: 1, per: 'year', atLeast: true, ...latest.target, ...patch },
    }));
  return (
    <tr class={task.warnings.length > 0 ? 'task-row has-warning' : 'task-row'}>
      <td>
        <input
          class="ordinal"
          aria-label={ct('task.ordinal')}
          value={task.ordinal}
          onChange={(e) => props.onTask({ ordinal: (e.target as HTMLInputElement).value })}
        />
      </td>
      <td class="wide">
        <textarea
          aria-label={ct('task.title')}
          rows={3}
          value={task.title}
          onChange={(e) => props.onTask({ title: (e.target as HTMLTextAreaElement).value })}
        />
        {task.warnings.length > 0 && (
          <ul class="warnings" role="note">
            {task.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        )}
        <details>
          <summary>{ct('task.products')}</summary>
          <textarea
            aria-label={ct('task.products')}
            rows={3}
            value={task.products.join('\n')}
            onChange={(e) => props.onTask({ products: lines((e.target as HTMLTextAreaElement).value) })}
          />
        </details>
      </td>
      <td>
        <label class="stack">
          <span>{ct('task.lead')}</span>
          <textarea
            rows={2}
            value={task.lead.join('\n')}
            onChange={(e) => props.onTask({ lead: lines((e.target as HTMLTextAreaElement).value) })}
          />
        </label>
        <label class="stack">
          <span>{ct('task.cooperating')}</span>
          <textarea
            rows={2}
            value={task.cooperating.join('\n')}
            onChange={(e) => props.onTask({ cooperating: lines((e.target as HTMLTextAreaElement).value) })}
          />
        </label>
      </td>
      <td>
        <div class="original">
          <small>{ct('task.original')}:</small> {task.timing || '—'}
        </div>
        <div class="target-edit">
          <input
            type="number"
            min={1}
            class="short"
            aria-label={ct('task.count')}
            value={target?.count ?? ''}
            placeholder="—"
            onChange={(e) => {
              const n = Number((e.target as HTMLInputElement).value);
              setTarget(n >= 1 ? { count: Math.floor(n) } : null);
            }}
          />
          <span> {ct('task.timesPer')} </span>
          <select
            aria-label={ct('task.per')}
            value={target?.per ?? ''}
            onChange={(e) => {
              const per = (e.target as HTMLSelectElement).value as Target['per'] | '';
              setTarget(per === '' ? null : { per });
            }}
          >
            <option value="">{ct('task.noTarget')}</option>
            {PERS.map((p) => (
              <option key={p} value={p}>
                {tx(TARGET_PER_LABELS[p])}
              </option>
            ))}
          </select>
          <label>
            <input
              type="checkbox"
              checked={target?.atLeast ?? false}
              disabled={!target}
              onChange={(e) => setTarget({ atLeast: (e.target as HTMLInputElement).checked })}
            />{' '}
            {ct('task.atLeast')}
          </label>
        </div>
        <div class="window-edit">
          <ParsedBox
            label={ct('task.windowFrom')}
            placeholder="dd/mm/yyyy"
            class="date"
            value={task.window?.from ?? null}
            show={showDateBox}
            parse={parseDateBox}
            onValue={(from) =>
              props.onTask((latest) => ({
                window: from ? { from, to: latest.window?.to ?? `${props.draft.year}-12-31` } : null,
              }))
            }
          />
          <span>–</span>
          <ParsedBox
            label={ct('task.windowTo')}
            placeholder="dd/mm/yyyy"
            class="date"
            value={task.window?.to ?? null}
            show={showDateBox}
            parse={parseDateBox}
            onValue={(to) =>
              props.onTask((latest) => ({
                window: to ? { from: latest.window?.from ?? `${props.draft.year}-01-01`, to } : null,
              }))
            }
          />
        </div>
        <div class="stack">
          <span>{ct('task.deadline')}</span>
          <ParsedBox
            label={ct('task.deadline')}
            placeholder="dd/mm/yyyy"
            class="date"
            value={task.deadline}
            show={showDateBox}
            parse={parseDateBox}
            onValue={(deadline) => props.onTask({ deadline })}
          />
        </div>
      </td>
      <td>
        <ParsedBox
          label={ct('task.budget')}
          class="money"
          value={task.budgetVnd}
          show={(v) => (v === null ? '' : formatNumberVi(v))}
          parse={parseBudget}
          onValue={(budgetVnd) => props.onTask({ budgetVnd })}
        />
        {task.budgetText && (
          <div class="original">
            <small>{ct('task.original')}:</small> {task.budgetText}
          </div>
        )}
      </td>
      <td>
        <fieldset class="kinds">
          <legend class="sr-only">{ct('task.kinds')}</legend>
          {ACTIVITY_KINDS.map((kind) => (
            <label key={kind} title={tx(kindDefinition(kind)!.name)}>
              <input
                type="checkbox"
                checked={task.kinds.includes(kind)}
                onChange={(e) => {
                  const checked = (e.target as HTMLInputElement).checked;
                  props.onTask((latest) => ({
                    kinds: checked ? [...latest.kinds, kind] : latest.kinds.filter((k) => k !== kind),
                  }));
                }}
              />{' '}
              {kindLabel(kind)}
            </label>
          ))}
        </fieldset>
      </td>
      <td>
        <AssignmentEditor
          task={task}
          assignments={props.draft.assignments}
          root={props.root}
          units={props.units}
          onChange={props.onAssignments}
        />
        <button type="button" class="link danger" onClick={props.onRemove}>
          {ct('plans.removeTask')}
        </button>
      </td>
    </tr>
  );
}

/** The review table: every proposed task editable, the original words beside the parsed values. */
export function PlanEditor(props: {
  draft: DraftPlan;
  root: Unit;
  units: readonly Unit[];
  /** An edit of the draft, as a function of its latest state: events of one tick all hold. */
  onChange: (update: (draft: DraftPlan) => DraftPlan) => void;
  newId: () => string;
}) {
  const { draft } = props;
  const setTask = (id: string, patch: Partial<DraftTask> | ((task: DraftTask) => Partial<DraftTask>)) =>
    props.onChange((d) => ({
      ...d,
      tasks: d.tasks.map((t) => (t.id === id ? { ...t, ...(typeof patch === 'function' ? patch(t) : patch) } : t)),
    }));
  const header = (patch: Partial<DraftPlan>) => props.onChange((d) => ({ ...d, ...patch }));
  return (
    <div class="plan-editor">
      <div class="plan-header">
        <label class="stack">
          <span>{ct('plans.planTitle')}</span>
          <input value={draft.title} onChange={(e) => header({ title: (e.target as HTMLInputElement).value })} />
        </label>
        <label class="stack">
          <span>{ct('plans.number')}</span>
          <input
            value={draft.number ?? ''}
            onChange={(e) => header({ number: (e.target as HTMLInputElement).value || null })}
          />
        </label>
        <label class="stack">
          <span>{ct('plans.year')}</span>
          <input
            type="number"
            class="short"
            value={draft.year}
            onChange={(e) => header({ year: Number((e.target as HTMLInputElement).value) })}
          />
        </label>
        <label class="stack">
          <span>{ct('plans.issuer')}</span>
          <input
            value={draft.issuer ?? ''}
            onChange={(e) => header({ issuer: (e.target as HTMLInputElement).value || null })}
          />
        </label>
      </div>
      <p>{ct('plans.found', { n: draft.tasks.length, budget: formatVnd(totalBudget(draft.tasks)) })}</p>
      {draft.warnings.length > 0 && (
        <div class="warnings-box" role="note">
          <strong>{ct('plans.warnings', { n: draft.warnings.length })}</strong>
          <ul class="warnings">
            {draft.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      )}
      <div class="table-wrap">
        <table class="data tasks-edit">
          <thead>
            <tr>
              <th>{ct('task.ordinal')}</th>
              <th>
                {ct('task.title')} / {ct('task.products')}
              </th>
              <th>
                {ct('task.lead')} / {ct('task.cooperating')}
              </th>
              <th>
                {ct('task.target')} / {ct('task.timing')}
              </th>
              <th>{ct('task.budget')}</th>
              <th>{ct('task.kinds')}</th>
              <th>{ct('task.assign')}</th>
            </tr>
          </thead>
          <tbody>
            {draft.tasks.map((task) => (
              <TaskRow
                key={task.id}
                task={task}
                draft={draft}
                root={props.root}
                units={props.units}
                onTask={(patch) => setTask(task.id, patch)}
                onAssignments={(mine) =>
                  props.onChange((d) => ({
                    ...d,
                    assignments: [...d.assignments.filter((a) => a.taskId !== task.id), ...mine],
                  }))
                }
                onRemove={() =>
                  props.onChange((d) => ({
                    ...d,
                    tasks: d.tasks.filter((t) => t.id !== task.id),
                    assignments: d.assignments.filter((a) => a.taskId !== task.id),
                  }))
                }
              />
            ))}
          </tbody>
        </table>
      </div>
      <button
        type="button"
        onClick={() =>
          props.onChange((d) => ({
            ...d,
            tasks: [
              ...d.tasks,
              {
                id: props.newId(),
                ordinal: String(d.tasks.length + 1),
                title: '',
                products: [],
                lead: [],
                cooperating: [],
                timing: '',
                window: null,
                deadline: null,
                target: null,
                budgetVnd: null,
                kinds: [],
                notes: null,
                budgetText: null,
                warnings: [],
              },
            ],
          }))
        }
      >
        + {ct('plans.addTask')}
      </button>
    </div>
  );
}
