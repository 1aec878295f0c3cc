/**
 * From the raw cells of a task to the proposed task: titles, lists, timing, target, budget, kinds,
 * notes, and a warning for each thing a person has to check.
 */
import { parseBudget } from './budget';
import { proposeKinds } from './kinds';
import { IMPORT_WARNINGS } from './messages';
import { squash, splitItems, splitLeadCell, splitNames } from './normalize';
import { parseFrequency, parseTiming } from './timing';
import type { ImportedTask, TaskSource } from './types';

/** The cells gathered for one task before they are read; each list holds one entry per row. */
export interface TaskDraft {
  ordinal: string;
  titles: string[];
  products: string[];
  leads: string[];
  cooperating: string[];
  timings: string[];
  budgets: string[];
  notes: string[];
  /** The prose "Nội dung" of a task written as text rather than a table row. */
  content: string | null;
  /** Set when the title cell was empty and the title of an earlier task is carried on. */
  inherited: { ordinal: string; title: string } | null;
  /** Set when an un-numbered row was merged into this task. */
  hasMergedRow: boolean;
  /** Set for a task read from a plan's list of forms (no timing column): no timing is expected. */
  fromList?: boolean;
  /** Set for a part of a row split off with its own target: the row's ordinal and title. */
  splitFrom?: { ordinal: string; title: string; rate: string };
}

/** An empty draft for a task of that ordinal. */
export function newDraft(ordinal: string): TaskDraft {
  return {
    ordinal,
    titles: [],
    products: [],
    leads: [],
    cooperating: [],
    timings: [],
    budgets: [],
    notes: [],
    content: null,
    inherited: null,
    hasMergedRow: false,
  };
}

const MAX_TITLE = 2000;
const MAX_NOTES = 2000;
const MAX_TIMING = 1000;

/** Reads drafts into tasks for a plan year; warnings name each task by its ordinal. */
export function finishTasks(drafts: readonly TaskDraft[], year: number): { tasks: ImportedTask[]; warnings: string[] } {
  const tasks: ImportedTask[] = [];
  const warnings: string[] = [];
  for (const draft of drafts.flatMap(splitByOwnTargets)) {
    const { task, warnings: taskWarnings } = finishTask(draft, year);
    tasks.push(task);
    warnings.push(...taskWarnings);
  }
  return { tasks, warnings };
}

function finishTask(draft: TaskDraft, year: number): { task: ImportedTask; warnings: string[] } {
  const warnings: string[] = [];
  const ordinal = draft.ordinal.slice(0, 16);
  const products = unique(draft.products.flatMap(splitItems))
    .map((item) => item.slice(0, 2000))
    .slice(0, 50);
  // A lead cell may name who cooperates too ("Sở Nội vụ phối hợp với …"): they are kept apart.
  const leadCells = draft.leads.map(splitLeadCell);
  const lead = unique(leadCells.map((cell) => cell.lead).flatMap(splitNames)).slice(0, 50);
  const cooperating = unique(
    [...leadCells.flatMap((cell) => (cell.cooperating ? [cell.cooperating] : [])), ...draft.cooperating].flatMap(
      splitNames,
    ),
  )
    .filter((name) => !lead.includes(name))
    .slice(0, 50);

  let title = unique(draft.titles.map(squash).filter((t) => t !== '')).join('; ');
  if (draft.inherited) {
    title = products[0] ? `${draft.inherited.title} – ${products[0]}` : draft.inherited.title;
    warnings.push(IMPORT_WARNINGS.inheritedTitle(ordinal, draft.inherited.ordinal));
  }
  if (draft.splitFrom) {
    if (draft.splitFrom.title !== '') title = `${draft.splitFrom.title} – ${title}`;
    warnings.push(IMPORT_WARNINGS.splitRow(ordinal, draft.splitFrom.ordinal, draft.splitFrom.rate));
  }
  if (title === '') {
    title = products[0] ?? `Nhiệm vụ ${ordinal}`;
    warnings.push(IMPORT_WARNINGS.untitled(ordinal));
  }
  if (title.length > MAX_TITLE) {
    title = `${title.slice(0, MAX_TITLE - 1)}…`;
    warnings.push(IMPORT_WARNINGS.truncated(ordinal, 'tên nhiệm vụ'));
  }
  if (draft.hasMergedRow) warnings.push(IMPORT_WARNINGS.mergedRow(ordinal));

  let timing = unique(draft.timings.map(squash).filter((t) => t !== '')).join('; ');
  if (timing.length > MAX_TIMING) {
    timing = `${timing.slice(0, MAX_TIMING - 1)}…`;
    warnings.push(IMPORT_WARNINGS.truncated(ordinal, 'thời gian thực hiện'));
  }
  const reading = parseTiming(timing, year);
  if (timing === '') {
    if (!draft.fromList) warnings.push(IMPORT_WARNINGS.noTiming(ordinal, year));
  } else if (!reading.isRecognised) warnings.push(IMPORT_WARNINGS.unknownTiming(ordinal, timing));
  const span = reading.window ?? (reading.deadline ? { from: reading.deadline, to: reading.deadline } : null);
  if (span && (span.to.slice(0, 4) < String(year) || span.from.slice(0, 4) > String(year))) {
    warnings.push(IMPORT_WARNINGS.timingOutsideYear(ordinal, span.from, span.to, year));
  }

  let budgetVnd: number | null = null;
  const budgetWords: string[] = [];
  for (const cell of draft.budgets) {
    const budget = parseBudget(cell);
    if (budget.amountVnd !== null) budgetVnd = (budgetVnd ?? 0) + budget.amountVnd;
    if (budget.words) budgetWords.push(budget.words);
    if (!budget.isRecognised) warnings.push(IMPORT_WARNINGS.unknownBudget(ordinal, budget.words ?? squash(cell)));
  }

  const noteParts = [
    ...draft.notes.map(squash).filter((n) => n !== ''),
    ...budgetWords.map((words) => `Kinh phí: ${words}`),
    ...(draft.content ? [`Nội dung: ${draft.content}`] : []),
  ];
  let notes: string | null = noteParts.length > 0 ? noteParts.join('\n') : null;
  if (notes && notes.length > MAX_NOTES) {
    notes = `${notes.slice(0, MAX_NOTES - 1)}…`;
    warnings.push(IMPORT_WARNINGS.truncated(ordinal, 'ghi chú'));
  }

  const task: ImportedTask = {
    ordinal,
    title,
    products,
    lead,
    cooperating,
    timing,
    window: reading.window,
    deadline: reading.deadline,
    target: reading.target,
    budgetVnd,
    kinds: kindsOf(draft, title, products),
    notes,
    source: sourceOf(draft),
  };
  return { task, warnings };
}

// "Nêu gương người tốt, việc tốt … (01 mục/1tháng)": a part of a row that states its own rate.
const OWN_RATE = /^(.{12,}?)\s*[(:]\s*([^()]*\d[^()]*\/[^()]*?)\)?\s*[.;]?$/u;

/**
 * A row whose timing or products list a part with a rate of its own ("- Tiếp phát thường xuyên.
 * - Nêu gương người tốt… (01 mục/1tháng)") is split: each such part becomes a task of its own
 * ("21b", titled by the row's title and the part), with its rate as its target; the rest of the
 * row stays the task it was ("21a"). A row without such a part is returned as it is.
 */
function splitByOwnTargets(draft: TaskDraft): TaskDraft[] {
  const parts: { text: string; rate: string; from: 'timings' | 'products'; item: string }[] = [];
  for (const from of ['timings', 'products'] as const) {
    const items = draft[from].flatMap(splitItems);
    if (items.length < 2) continue;
    for (const item of items) {
      const own = OWN_RATE.exec(item);
      if (!own || !parseFrequency(own[2]!) || parseFrequency(own[1]!)) continue;
      if (/^(?:số lượng|tần suất|thời gian)/iu.test(own[1]!)) continue;
      parts.push({ text: own[1]!.replace(/[\s:;,.-]+$/u, ''), rate: own[2]!, from, item });
    }
  }
  if (parts.length === 0) return [draft];
  const own = new Set(parts.map((part) => part.item));
  const keep = (cells: readonly string[]) =>
    cells
      .map((cell) =>
        splitItems(cell)
          .filter((item) => !own.has(item))
          .join('\n'),
      )
      .filter((cell) => cell !== '');
  const rest: TaskDraft = {
    ...draft,
    ordinal: `${draft.ordinal}a`,
    timings: keep(draft.timings),
    products: keep(draft.products),
  };
  const title = draft.titles.map(squash).find((t) => t !== '') ?? draft.inherited?.title ?? '';
  const split = parts.map((part, index) => ({
    ...newDraft(`${draft.ordinal}${String.fromCharCode(98 + index)}`),
    titles: [part.text],
    products: [part.text],
    splitFrom: { ordinal: draft.ordinal, title, rate: part.rate },
    leads: draft.leads,
    cooperating: draft.cooperating,
    timings: [part.from === 'timings' ? part.item : part.rate],
    fromList: draft.fromList,
  }));
  return [rest, ...split];
}

const MAX_SOURCE = 2000;

/** The cells of each field as written: one line a cell, whitespace squashed, empty cells dropped. */
function sourceOf(draft: TaskDraft): TaskSource {
  const words = (cells: readonly string[]) => {
    const text = unique(cells.map(squash).filter((c) => c !== '')).join('\n');
    return text.length > MAX_SOURCE ? `${text.slice(0, MAX_SOURCE - 1)}…` : text;
  };
  return {
    title: words(draft.titles),
    products: words(draft.products),
    lead: words(draft.leads),
    cooperating: words(draft.cooperating),
    timing: words(draft.timings),
    budget: words(draft.budgets),
  };
}

// The products name the channel more precisely than the title: a row titled "chuyên mục trên Báo,
// Đài" whose one product is the newspaper's column is the newspaper's alone, and a row that carries an
// earlier task's title on is told apart by its own products. The content section lists topics
// ("khảo sát mức độ hài lòng" as a subject of training), so it is read only when nothing else
// names a kind.
function kindsOf(draft: TaskDraft, title: string, products: string[]): ImportedTask['kinds'] {
  const named = proposeKinds(title, products);
  if (products.length > 0) {
    const own = proposeKinds('', products);
    const titled = proposeKinds(title);
    // Each product names its channel, and only channels the title names: the products pick among them.
    const narrows =
      own.every((kind) => titled.includes(kind)) && products.every((product) => !isOther(proposeKinds('', [product])));
    if (!isOther(own) && (draft.inherited || narrows)) return own;
  }
  if (isOther(named) && draft.content) return proposeKinds(title, [...products, draft.content]);
  return named;
}

function isOther(kinds: readonly string[]): boolean {
  return kinds.length === 1 && kinds[0] === 'other';
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
