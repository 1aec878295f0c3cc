import type { ComponentChildren } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { formatNumberVi, formatVnd } from '../../shared/format';
import { ACTIVITY_KINDS, kindDefinition } from '../../shared/kinds';
import type { Assignment, Target } from '../../shared/plan';
import { describeTarget, TARGET_PER_LABELS } from '../../shared/target';
import { IndicatorsEditor, ScheduleView } from './plan-indicators';
import { indexUnits, subtreeOf, UNIT_KIND_LABELS, type Unit, type UnitIndex, type UnitKind } from '../../shared/unit';
import { language, tx } from '../i18n/messages';
import { kindLabel } from '../ui/kind-text';
import { ct } from './messages';
import {
  type DraftPlan,
  type DraftTask,
  describeAssigneeCounts,
  describeAssignment,
  parseBudget,
  parseDateBox,
  proposeAssignments,
  showDateBox,
  totalBudget,
} from './plan-draft';

// The review of a plan, for an officer working through 22 tasks on a 1366 px screen: a compact
// list of every task (what the importer was unsure of first, each with its target and how many
// units it reaches) beside one task's panel, where each parsed field sits next to the plan's own
// words and the officer steps from task to task.

const PERS: Target['per'][] = ['week', 'month', 'quarter', 'year', 'window'];

function lines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

const unitKindName = (k: UnitKind) => tx(UNIT_KIND_LABELS[k]);

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

/** One field of the panel: its name, its editor, and the plan's words it was read from. */
function Field(props: { label: string; source?: string | null; children: ComponentChildren; class?: string }) {
  return (
    <div class={`field${props.class ? ` ${props.class}` : ''}`}>
      <div class="field-name">{props.label}</div>
      <div class="field-edit">{props.children}</div>
      {props.source !== undefined && props.source !== null && (
        <div class="source">
          <small>{ct('task.source')}</small>
          <p class={props.source ? '' : 'muted'}>{props.source || ct('task.sourceEmpty')}</p>
        </div>
      )}
    </div>
  );
}

/**
 * A target as a sentence: "[Tối thiểu] [4] lần mỗi [tháng]", or "Không có chỉ tiêu số", read back
 * in the words the phone and the report use.
 */
function TargetEditor(props: {
  target: Target | null;
  /** An edit merged into the task's latest target, not the one this render saw. */
  onTarget: (patch: Partial<Target> | null) => void;
}) {
  const { target } = props;
  const mode = target === null ? 'none' : target.atLeast ? 'atLeast' : 'exact';
  return (
    <div class="target-edit">
      <div class="target-line">
        <select
          aria-label={ct('task.targetKind')}
          value={mode}
          onChange={(e) => {
            const next = (e.target as HTMLSelectElement).value;
            props.onTarget(next === 'none' ? null : { atLeast: next === 'atLeast' });
          }}
        >
          <option value="none">{ct('task.noTarget')}</option>
          <option value="atLeast">{ct('task.targetAtLeast')}</option>
          <option value="exact">{ct('task.targetExact')}</option>
        </select>
        <input
          type="number"
          min={1}
          class="short"
          aria-label={ct('task.count')}
          value={target?.count ?? ''}
          placeholder="—"
          onChange={(e) => {
            const n = Number((e.target as HTMLInputElement).value);
            props.onTarget(n >= 1 ? { count: Math.floor(n) } : null);
          }}
        />
        <span>{ct('task.timesEach')}</span>
        <select
          aria-label={ct('task.per')}
          value={target?.per ?? 'year'}
          onChange={(e) => props.onTarget({ per: (e.target as HTMLSelectElement).value as Target['per'] })}
        >
          {PERS.map((p) => (
            <option key={p} value={p}>
              {tx(TARGET_PER_LABELS[p])}
            </option>
          ))}
        </select>
      </div>
      <p class="target-read" aria-live="polite">
        {target === null
          ? ct('task.targetNoneRead')
          : ct('task.targetRead', { target: describeTarget(target, language()) })}
      </p>
    </div>
  );
}

function AssignmentEditor(props: {
  task: DraftTask;
  year: number;
  assignments: readonly Assignment[];
  root: Unit;
  units: readonly Unit[];
  index: UnitIndex;
  /** The task's assignments after an edit (the others are left as they are). */
  onChange: (mine: Assignment[]) => void;
}) {
  const mine = props.assignments.filter((a) => a.taskId === props.task.id);
  const subtree = subtreeOf(props.index, props.root.id);
  const kinds = [...new Set(subtree.filter((u) => u.id !== props.root.id).map((u) => u.kind))];
  const counts = describeAssigneeCounts(mine, props.index, props.year);
  const same = (a: Assignment, b: Assignment) => a.unitId === b.unitId && a.unitKind === b.unitKind;
  // What the cooperating units would add: proposed only on the officer's word.
  const cooperating = proposeAssignments(props.task, props.root, props.units, {
    from: 'cooperating',
    year: props.year,
  }).filter((a) => !mine.some((m) => same(a, m)));
  const add = (next: Assignment) => {
    if (!mine.some((a) => same(a, next))) props.onChange([...mine, next]);
  };
  const fromValue = (value: string): Assignment => {
    const [type, id] = value.split(':') as [string, string];
    return type === 'kind'
      ? { taskId: props.task.id, unitId: props.root.id, unitKind: id as UnitKind }
      : { taskId: props.task.id, unitId: id, unitKind: null };
  };
  return (
    <div class="assignments">
      {mine.length === 0 ? (
        <p class="warn-text">{ct('assign.none')}</p>
      ) : (
        <p class="assign-total">
          <strong>{counts ? ct('assign.total', { counts }) : ct('assign.noneReached', { year: props.year })}</strong>
        </p>
      )}
      <ul class="chips">
        {mine.map((a) => (
          <li key={`${a.unitId}:${a.unitKind}`} class="chip">
            {describeAssignment(a, props.units, unitKindName)}
            {mine.length > 1 && (
              <span class="muted"> · {describeAssigneeCounts([a], props.index, props.year) || '0'}</span>
            )}
            <button
              type="button"
              aria-label={`${ct('assign.remove')}: ${describeAssignment(a, props.units, unitKindName)}`}
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
          const value = (e.target as HTMLSelectElement).value;
          if (value) add(fromValue(value));
          (e.target as HTMLSelectElement).value = '';
        }}
      >
        <option value="">+ {ct('assign.add')}</option>
        <optgroup label={ct('assign.everyKind')}>
          {kinds.map((k) => (
            <option key={k} value={`kind:${k}`}>
              {ct('assign.kind', { kind: unitKindName(k).toLowerCase(), unit: props.root.name })}
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
      {cooperating.length > 0 && (
        <div class="cooperating-offer">
          <small>{ct('assign.cooperatingNote')}</small>
          {cooperating.map((a) => {
            const what = describeAssignment(a, props.units, unitKindName);
            const reach = describeAssigneeCounts([a], props.index, props.year);
            return (
              <button key={`${a.unitId}:${a.unitKind}`} type="button" onClick={() => add(a)}>
                {ct('assign.cooperatingAdd', { what: reach ? `${what} (${reach})` : what })}
              </button>
            );
          })}
        </div>
      )}
    </div>
  );
}

/** One task's fields, each beside the plan's words it was read from. */
function TaskPanel(props: {
  task: DraftTask;
  draft: DraftPlan;
  position: number;
  count: number;
  root: Unit;
  units: readonly Unit[];
  index: UnitIndex;
  onStep: (by: -1 | 1) => void;
  /** An edit of this task, computed from its latest state (two edits in one tick both hold). */
  onTask: (patch: Partial<DraftTask> | ((task: DraftTask) => Partial<DraftTask>)) => void;
  onAssignments: (mine: Assignment[]) => void;
  onRemove: () => void;
}) {
  const { task, draft } = props;
  const source = task.source;
  const from = (field: keyof NonNullable<DraftTask['source']>) => (source ? source[field] : undefined);
  // Merged into the task's latest target, not the one this render saw: typing the count and then
  // choosing "tháng" fires both changes before the panel renders again.
  const setTarget = (patch: Partial<Target> | null) =>
    props.onTask((latest) => ({
      target: patch === null ? null : { count: 1, per: 'year', atLeast: true, ...latest.target, ...patch },
    }));
  const name = task.ordinal || String(props.position);
  return (
    <section class="task-panel" aria-label={ct('review.panel', { n: name })}>
      <header class="panel-head">
        <h3>{ct('review.panel', { n: name })}</h3>
        <span class="muted">{ct('review.position', { i: props.position, n: props.count })}</span>
        <span class="grow" />
        <button type="button" disabled={props.position <= 1} onClick={() => props.onStep(-1)}>
          {ct('review.prev')}
        </button>
        <button type="button" disabled={props.position >= props.count} onClick={() => props.onStep(1)}>
          {ct('review.next')}
        </button>
      </header>
      {task.warnings.length > 0 && (
        <div class="warnings-box" role="note">
          <strong>{ct('review.unsureOf')}</strong>
          <ul class="warnings">
            {task.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      )}
      {!source && draft.tasks.some((t) => t.source) && <p class="muted">{ct('task.sourceNone')}</p>}
      <Field label={ct('task.ordinal')}>
        <input
          class="ordinal"
          aria-label={ct('task.ordinal')}
          value={task.ordinal}
          onChange={(e) => props.onTask({ ordinal: (e.target as HTMLInputElement).value })}
        />
      </Field>
      <Field label={ct('task.title')} source={from('title')}>
        <textarea
          aria-label={ct('task.title')}
          rows={3}
          value={task.title}
          onChange={(e) => props.onTask({ title: (e.target as HTMLTextAreaElement).value })}
        />
      </Field>
      <Field label={ct('task.products')} source={from('products')}>
        <textarea
          aria-label={ct('task.products')}
          rows={2}
          value={task.products.join('\n')}
          onChange={(e) => props.onTask({ products: lines((e.target as HTMLTextAreaElement).value) })}
        />
      </Field>
      <Field label={ct('task.lead')} source={from('lead')}>
        <textarea
          aria-label={ct('task.lead')}
          rows={2}
          value={task.lead.join('\n')}
          onChange={(e) => props.onTask({ lead: lines((e.target as HTMLTextAreaElement).value) })}
        />
      </Field>
      <Field label={ct('task.cooperating')} source={from('cooperating')}>
        <textarea
          aria-label={ct('task.cooperating')}
          rows={2}
          value={task.cooperating.join('\n')}
          onChange={(e) => props.onTask({ cooperating: lines((e.target as HTMLTextAreaElement).value) })}
        />
      </Field>
      <Field label={ct('task.timeAndTarget')} source={source ? source.timing : task.timing || null}>
        <TargetEditor target={task.target} onTarget={setTarget} />
        <div class="window-edit">
          <span>{ct('task.window')}</span>
          <ParsedBox
            label={ct('task.windowFrom')}
            placeholder="dd/mm/yyyy"
            class="date"
            value={task.window?.from ?? null}
            show={showDateBox}
            parse={parseDateBox}
            onValue={(from) =>
              props.onTask((latest) => ({
                window: from ? { from, to: latest.window?.to ?? `${draft.year}-12-31` } : null,
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
                window: to ? { from: latest.window?.from ?? `${draft.year}-01-01`, to } : null,
              }))
            }
          />
        </div>
        <div class="inline">
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
      </Field>
      <Field label={ct('task.budget')} source={source ? source.budget : task.budgetText}>
        <ParsedBox
          label={ct('task.budget')}
          class="money"
          value={task.budgetVnd}
          show={(v) => (v === null ? '' : formatNumberVi(v))}
          parse={parseBudget}
          onValue={(budgetVnd) => props.onTask({ budgetVnd })}
        />
      </Field>
      <Field label={ct('task.kinds')}>
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
      </Field>
      <Field label={ct('task.assign')}>
        <AssignmentEditor
          task={task}
          year={draft.year}
          assignments={draft.assignments}
          root={props.root}
          units={props.units}
          index={props.index}
          onChange={props.onAssignments}
        />
      </Field>
      <button type="button" class="link danger" onClick={props.onRemove}>
        {ct('plans.removeTask')}
      </button>
    </section>
  );
}

/** A row of the task list: what the task is, its target, whom it reaches; opens its panel. */
function TaskRow(props: { task: DraftTask; draft: DraftPlan; index: UnitIndex; isOpen: boolean; onOpen: () => void }) {
  const { task, draft } = props;
  const mine = draft.assignments.filter((a) => a.taskId === task.id);
  const reach = mine.length > 0 ? describeAssigneeCounts(mine, props.index, draft.year) : '';
  return (
    <tr
      class={`task-row${task.warnings.length > 0 ? ' has-warning' : ''}${props.isOpen ? ' open' : ''}`}
      onClick={props.onOpen}
    >
      <td class="num">{task.ordinal}</td>
      <td>
        <button
          type="button"
          class="row-open"
          aria-current={props.isOpen ? 'true' : undefined}
          aria-label={`${ct('review.open', { n: task.ordinal })}: ${task.title}`}
          onClick={(e) => {
            e.stopPropagation();
            props.onOpen();
          }}
        >
          <span class="clamp">{task.title || '—'}</span>
        </button>
        {task.warnings.length > 0 && (
          <small class="warn-text">⚠ {ct('review.warnCount', { n: task.warnings.length })}</small>
        )}
      </td>
      <td>{task.target ? describeTarget(task.target, language()) : '—'}</td>
      <td>{reach ? reach : <span class="warn-text">{ct('assign.unassigned')}</span>}</td>
    </tr>
  );
}

/** The review: header fields, the task list beside one task's panel. */
export function PlanEditor(props: {
  draft: DraftPlan;
  root: Unit;
  units: readonly Unit[];
  /** An edit of the draft, as a function of its latest state: events of one tick all hold. */
  onChange: (update: (draft: DraftPlan) => DraftPlan) => void;
  newId: () => string;
}) {
  const { draft } = props;
  const [openId, setOpenId] = useState<string | null>(null);
  // One index of the tree for every row's and chip's count, not one per count on each keystroke.
  const index = useMemo(() => indexUnits(props.units), [props.units]);
  // What the importer was unsure of comes first. The order is fixed by the importer's warnings,
  // which an edit does not change: a task does not jump away while the officer fixes it.
  const unsure = draft.tasks.filter((t) => t.warnings.length > 0);
  const sure = draft.tasks.filter((t) => t.warnings.length === 0);
  const order = [...unsure, ...sure];
  const open = order.find((t) => t.id === openId) ?? order[0] ?? null;
  const position = open ? order.indexOf(open) + 1 : 0;
  const setTask = (id: string, patch: Partial<DraftTask> | ((task: DraftTask) => Partial<DraftTask>)) =>
    props.onChange((d) => ({
      ...d,
      tasks: d.tasks.map((t) => (t.id === id ? { ...t, ...(typeof patch === 'function' ? patch(t) : patch) } : t)),
    }));
  const header = (patch: Partial<DraftPlan>) => props.onChange((d) => ({ ...d, ...patch }));
  const row = (task: DraftTask) => (
    <TaskRow
      key={task.id}
      task={task}
      draft={draft}
      index={index}
      isOpen={task === open}
      onOpen={() => setOpenId(task.id)}
    />
  );
  return (
    <div class="plan-editor">
      <div class="plan-header">
        <label class="stack title">
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
            class="year"
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
      <p>
        {ct('plans.found', { n: draft.tasks.length, budget: formatVnd(totalBudget(draft.tasks)) })}
        {unsure.length > 0 && ` ${ct('review.unsure', { n: unsure.length })}`}
      </p>
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
      <ScheduleView schedule={draft.schedule} />
      <IndicatorsEditor
        indicators={draft.indicators}
        newId={props.newId}
        onChange={(indicators) => props.onChange((d) => ({ ...d, indicators }))}
      />
      <div class="review">
        <div class="review-list">
          <table class="data task-list">
            <thead>
              <tr>
                <th class="num">{ct('task.ordinal')}</th>
                <th>{ct('task.title')}</th>
                <th>{ct('task.target')}</th>
                <th>{ct('task.assign')}</th>
              </tr>
            </thead>
            {unsure.length > 0 && (
              <tbody>
                <tr class="group">
                  <th colSpan={4} scope="colgroup">
                    {ct('review.groupUnsure', { n: unsure.length })}
                  </th>
                </tr>
                {unsure.map(row)}
              </tbody>
            )}
            <tbody>
              {unsure.length > 0 && sure.length > 0 && (
                <tr class="group">
                  <th colSpan={4} scope="colgroup">
                    {ct('review.groupSure', { n: sure.length })}
                  </th>
                </tr>
              )}
              {sure.map(row)}
            </tbody>
          </table>
          <button
            type="button"
            onClick={() => {
              const id = props.newId();
              props.onChange((d) => ({
                ...d,
                tasks: [...d.tasks, blankTask(id, String(d.tasks.length + 1))],
              }));
              setOpenId(id);
            }}
          >
            + {ct('plans.addTask')}
          </button>
        </div>
        {open && (
          <TaskPanel
            key={open.id}
            task={open}
            draft={draft}
            position={position}
            count={order.length}
            root={props.root}
            units={props.units}
            index={index}
            onStep={(by) => setOpenId(order[position - 1 + by]?.id ?? open.id)}
            onTask={(patch) => setTask(open.id, patch)}
            onAssignments={(mine) =>
              props.onChange((d) => ({
                ...d,
                assignments: [...d.assignments.filter((a) => a.taskId !== open.id), ...mine],
              }))
            }
            onRemove={() => {
              const next = order[position] ?? order[position - 2] ?? null;
              props.onChange((d) => ({
                ...d,
                tasks: d.tasks.filter((t) => t.id !== open.id),
                assignments: d.assignments.filter((a) => a.taskId !== open.id),
              }));
              setOpenId(next?.id ?? null);
            }}
          />
        )}
      </div>
    </div>
  );
}

function blankTask(id: string, ordinal: string): DraftTask {
  return {
    id,
    ordinal,
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
    source: null,
  };
}
