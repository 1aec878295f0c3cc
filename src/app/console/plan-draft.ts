import { ACTIVITY_KINDS, type ActivityKind } from '../../shared/activity';
import { formatDateVi, parseDateVi } from '../../shared/format';
import type { Assignment, Indicator, Plan, PlanInput, PlanSchedule, Task } from '../../shared/plan';
import type { TaskSource } from '../../shared/plan-import/types';
import { kindsNamedIn, namesAgency, placeKey } from '../../shared/plan-import/unit-kinds';
import { resolveAssignees } from '../../shared/report';
import { foldDiacritics, nameKey } from '../../shared/text';
import {
  existsInYear,
  indexUnits,
  subtreeOf,
  UNIT_KIND_COUNTS,
  UNIT_KINDS,
  type Unit,
  type UnitIndex,
  type UnitKind,
} from '../../shared/unit';
import { fill, tx } from '../i18n/messages';
import type { ImportedPlanLike, ImportedTaskLike } from '../sync/console-api';
import { ct } from './messages';

/** A task as the review table edits it: the task plus the words it was read from. */
export interface DraftTask extends Task {
  /** The budget as written when it was not a number ("Theo dự trù riêng"), else null. */
  readonly budgetText: string | null;
  /** Importer warnings that name this task. */
  readonly warnings: readonly string[];
  /** The plan's words each field was read from; null for a task not imported. */
  readonly source: TaskSource | null;
}

/** A plan under review: header fields, tasks, assignments, and warnings no task claimed. */
export interface DraftPlan {
  readonly id: string | null;
  readonly version: number;
  readonly status: Plan['status'];
  readonly unitId: string;
  readonly number: string | null;
  readonly title: string;
  readonly issuer: string | null;
  readonly year: number;
  readonly issuedOn: string | null;
  readonly tasks: readonly DraftTask[];
  readonly assignments: readonly Assignment[];
  /** The plan's indicators ("Chỉ tiêu cụ thể"), read by the importer or typed. */
  readonly indicators: readonly Indicator[];
  /** The reporting schedule and deadlines the importer read; null when none was read. */
  readonly schedule: PlanSchedule | null;
  readonly warnings: readonly string[];
}

const KNOWN_KINDS = new Set<string>(ACTIVITY_KINDS);

function fold(text: string): string {
  return foldDiacritics(text).toLowerCase().replace(/\s+/g, ' ');
}

/** True when a warning is about the task: it names "nhiệm vụ 3", "TT 3", "dòng 3" or quotes its timing. */
function isWarningAbout(warning: string, task: Pick<Task, 'ordinal' | 'timing'>): boolean {
  const w = fold(warning);
  const ordinal = task.ordinal.trim();
  // The importer opens a warning with the task it concerns ("Nhiệm vụ 3: … theo nhiệm vụ 2").
  const leading = /^(?:nhiem vu|tt|muc)\s*([\w.]+?)\s*:/.exec(w);
  if (leading) return leading[1] === fold(ordinal);
  if (ordinal && new RegExp(`(nhiem vu|tt|muc|task|dong|so)\\s*${ordinal.replace(/\W/g, '\\$&')}(?![\\d.])`).test(w)) {
    return true;
  }
  const timing = fold(task.timing).trim();
  return timing.length >= 6 && w.includes(timing);
}

/** Turns the importer's proposal into a draft the officer reviews, proposing assignments. */
export function draftFromImport(
  imported: ImportedPlanLike,
  root: Unit,
  units: readonly Unit[],
  newId: () => string = () => crypto.randomUUID(),
): DraftPlan {
  const claimed = new Set<string>();
  const tasks: DraftTask[] = imported.tasks.map((task) => {
    const warnings = imported.warnings.filter((w) => isWarningAbout(w, task));
    for (const w of warnings) claimed.add(w);
    return draftTask(task, newId(), warnings);
  });
  const assignments = tasks.flatMap((task) => proposeAssignments(task, root, units, { year: imported.year }));
  return {
    id: null,
    version: 1,
    status: 'draft',
    unitId: root.id,
    number: imported.number,
    title: imported.title || `Kế hoạch tuyên truyền CCHC năm ${imported.year}`,
    issuer: imported.issuer,
    year: imported.year,
    issuedOn: imported.issuedOn,
    tasks,
    assignments,
    indicators: imported.indicators ?? [],
    schedule: imported.schedule ?? null,
    warnings: imported.warnings.filter((w) => !claimed.has(w)),
  };
}

function draftTask(task: ImportedTaskLike, id: string, warnings: readonly string[]): DraftTask {
  return {
    id,
    ordinal: task.ordinal,
    title: task.title,
    products: task.products,
    lead: task.lead,
    cooperating: task.cooperating,
    timing: task.timing,
    window: task.window,
    deadline: task.deadline,
    target: task.target,
    budgetVnd: task.budgetVnd,
    kinds: task.kinds.filter((k): k is ActivityKind => KNOWN_KINDS.has(k)),
    notes: task.notes,
    budgetText: task.budgetVnd === null ? task.notes : null,
    warnings,
    source: task.source ?? null,
  };
}

/** A draft of a plan already on the server (to revise it as a new version). */
export function draftFromPlan(plan: Plan): DraftPlan {
  return {
    ...plan,
    tasks: plan.tasks.map((task) => ({
      ...task,
      budgetText: task.budgetVnd === null ? task.notes : null,
      warnings: [],
      source: null,
    })),
    indicators: plan.indicators ?? [],
    schedule: plan.schedule ?? null,
    warnings: [],
  };
}

export { kindsNamedIn };

/**
 * Proposes who a task goes to, from its lead units by default: a kind of unit they name (every
 * such unit below the plan's unit), a station or post-office kind named in its title, and units of
 * the subtree named exactly. Cooperating units only help the lead, so they are proposed only when
 * asked for (`from: 'cooperating'`, the review's "giao cả đơn vị phối hợp"). With `year`, a unit
 * named exactly is one that exists in the plan's year. The officer reviews the proposal.
 */
export function proposeAssignments(
  task: Pick<Task, 'id' | 'title' | 'lead' | 'cooperating'>,
  root: Unit,
  units: readonly Unit[],
  options: { from?: 'lead' | 'cooperating'; year?: number } = {},
): Assignment[] {
  const year = options.year;
  const subtree = subtreeOf(indexUnits(units), root.id);
  // Kinds are proposed whatever the year (the officer often sets the year after importing an old
  // plan; the review counts the units each assignment reaches in the year it ends up with); a unit
  // named by the plan is looked up among those that exist in the plan's year.
  const present = new Set(subtree.map((u) => u.kind));
  const named = year === undefined ? subtree : subtree.filter((u) => existsInYear(u, year));
  const result: Assignment[] = [];
  const add = (a: Assignment) => {
    if (!result.some((r) => r.unitId === a.unitId && r.unitKind === a.unitKind)) result.push(a);
  };
  const fromLead = (options.from ?? 'lead') === 'lead';
  const names = fromLead ? task.lead : task.cooperating;
  const kinds = new Set<UnitKind>();
  for (const name of names) for (const kind of kindsNamedIn(name)) kinds.add(kind);
  const titled = kindsNamedIn(task.title).filter((k) => k === 'station' || k === 'post_office');
  // A title about the station or post-office network is carried out by every one of them.
  if (fromLead) for (const kind of titled) kinds.add(kind);
  // When the title names the station or post-office network, the commune's UBND only manages
  // it: the work (and the log) is the station's or the post office's.
  if (titled.length > 0) kinds.delete('commune');
  for (const kind of kinds)
    if (present.has(kind) && kind !== root.kind) add({ taskId: task.id, unitId: root.id, unitKind: kind });
  const byKey = new Map(named.map((u) => [nameKey(u.name), u]));
  // Agencies are named as the plans abbreviate them ("Đài PTTH tỉnh", "Sở TT&TT").
  const agencies = named.filter((u) => u.kind === 'agency');
  const place = placeKey(root.name);
  for (const name of names) {
    const unit = byKey.get(nameKey(name)) ?? agencies.find((agency) => namesAgency(name, agency.name, place));
    if (unit) add({ taskId: task.id, unitId: unit.id, unitKind: null });
  }
  return result;
}

/**
 * How many units of each kind a task's assignments reach in the plan's year, in the order of the
 * tree's kinds: "21 xã, 21 trạm truyền thanh". Empty when they reach nobody.
 */
export function describeAssigneeCounts(assignments: readonly Assignment[], index: UnitIndex, year: number): string {
  const reached = new Map<string, Unit>();
  for (const assignment of assignments)
    for (const unit of resolveAssignees(assignment, index)) if (existsInYear(unit, year)) reached.set(unit.id, unit);
  const counts = new Map<UnitKind, number>();
  for (const unit of reached.values()) counts.set(unit.kind, (counts.get(unit.kind) ?? 0) + 1);
  return UNIT_KINDS.filter((kind) => counts.has(kind))
    .map((kind) => fill(tx(UNIT_KIND_COUNTS[kind]), { n: counts.get(kind)! }))
    .join(', ');
}

/** The Vietnamese description of an assignment: "Mọi trạm truyền thanh cơ sở thuộc Huyện Cẩm Xuyên". */
export function describeAssignment(
  assignment: Assignment,
  units: readonly Unit[],
  kindLabel: (k: UnitKind) => string,
): string {
  const unit = units.find((u) => u.id === assignment.unitId);
  const name = unit?.name ?? assignment.unitId;
  if (assignment.unitKind === null) return ct('assign.unit', { unit: name });
  return ct('assign.kind', { kind: kindLabel(assignment.unitKind).toLowerCase(), unit: name });
}

/** Total budget of the tasks in đồng. */
export function totalBudget(tasks: readonly Pick<Task, 'budgetVnd'>[]): number {
  return tasks.reduce((sum, task) => sum + (task.budgetVnd ?? 0), 0);
}

/** Reads "50.000.000", "50 000 000 đ" or "" (none) as a budget; undefined when it is not a number. */
export function parseBudget(text: string): number | null | undefined {
  const trimmed = text.replace(/đồng|đ|vnd/giu, '').trim();
  if (trimmed === '') return null;
  if (!/^\d{1,3}([.\s]\d{3})*$|^\d+$/.test(trimmed)) return undefined;
  return Number(trimmed.replace(/[.\s]/g, ''));
}

/** A date as typed in the table, dd/mm/yyyy; null for an empty box, undefined when unreadable. */
export function parseDateBox(text: string): string | null | undefined {
  if (text.trim() === '') return null;
  return parseDateVi(text) ?? undefined;
}

/** A date shown in a table box. */
export function showDateBox(iso: string | null | undefined): string {
  return iso ? formatDateVi(iso) : '';
}

/** The problems that stop a draft from being saved, in words the officer can act on. */
export function problemsOf(draft: DraftPlan): string[] {
  const problems: string[] = [];
  if (draft.title.trim() === '') problems.push(ct('problem.planTitle'));
  if (!Number.isInteger(draft.year) || draft.year < 2000 || draft.year > 2100) problems.push(ct('problem.year'));
  for (const task of draft.tasks) {
    const n = task.ordinal || task.id;
    if (task.title.trim() === '') problems.push(ct('problem.title', { n }));
    if (task.window && task.window.from > task.window.to) problems.push(ct('problem.window', { n }));
  }
  return problems;
}

/** The plan the server stores, from a reviewed draft (review-only fields dropped). */
export function planOfDraft(draft: DraftPlan, id: string): Plan {
  const taskIds = new Set(draft.tasks.map((t) => t.id));
  return {
    id,
    unitId: draft.unitId,
    number: draft.number,
    title: draft.title.trim(),
    issuer: draft.issuer,
    year: draft.year,
    issuedOn: draft.issuedOn,
    version: draft.version,
    status: draft.status,
    publishedAt: null,
    tasks: draft.tasks.map(({ budgetText: _b, warnings: _w, source: _s, ...task }) => ({
      ...task,
      title: task.title.trim(),
      notes: task.budgetVnd === null && _b ? _b : task.notes,
    })),
    assignments: draft.assignments.filter((a) => taskIds.has(a.taskId)),
    indicators: [...draft.indicators],
    schedule: draft.schedule,
  };
}

/** Reads a file as base64 (a .docx goes to the server's importer, which reads Word tables). */
export async function base64Of(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  // In slices: spreading a whole document into one call overflows the argument limit.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** What the console sends to save a plan: the plan without the fields the server gives it. */
export function planInputOf(plan: Plan): PlanInput {
  const { id: _id, version: _v, status: _s, publishedAt: _p, ...input } = plan;
  return input;
}
