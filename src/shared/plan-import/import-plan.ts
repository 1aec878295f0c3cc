/**
 * The plan importer: a plan's text or its task table in, a proposed plan out (header, tasks with
 * targets, windows, deadlines, budgets and kinds, and warnings for the reviewer). Nothing here
 * throws on odd input: what cannot be read is kept as written and listed in `warnings`.
 */
import type { TaskDraft } from './draft';
import { finishTasks } from './draft';
import { parsePlanHeader } from './header';
import { IMPORT_WARNINGS } from './messages';
import { cleanDocumentText } from './normalize';
import { draftsFromRows } from './rows';
import { findIndicators } from './indicators';
import { findListTasks } from './lists';
import { findSchedule } from './schedule';
import { findCellLineTable, findProseTasks, findTabTable } from './text-tables';
import type { ImportedPlan, ImportedTask, PlanHeader } from './types';
import { vietnamDateOf } from '../format';

export type { ImportedPlan, ImportedTask, PlanHeader, TaskSource } from './types';

/** Imports a plan from its plain text (as Word or a PDF reader exports it). */
export function importPlanText(text: string): ImportedPlan {
  const clean = cleanDocumentText(text);
  const lines = clean.split('\n');
  const header = parsePlanHeader(clean);
  return { ...tasksOfText(header, lines, clean), indicators: findIndicators(lines), schedule: findSchedule(lines) };
}

/**
 * What a plan's prose says beside its tasks: its indicators and its schedule (for a Word file,
 * whose tasks come from its table and the rest from its text).
 */
export function readPlanProse(text: string): Pick<ImportedPlan, 'indicators' | 'schedule'> {
  const lines = cleanDocumentText(text).split('\n');
  return { indicators: findIndicators(lines), schedule: findSchedule(lines) };
}

function tasksOfText(header: PlanHeader, lines: readonly string[], clean: string): TasksRead {
  const table = findTabTable(lines) ?? findCellLineTable(lines);
  if (table) {
    const { drafts, hasHeader } = draftsFromRows(table);
    if (drafts.length > 0) return assemble(header, drafts, hasHeader ? [] : [IMPORT_WARNINGS.noHeaderRow()], clean);
  }
  const prose = findProseTasks(lines);
  if (prose.length > 0) return assemble(header, prose, [], clean);
  const listed = findListTasks(lines);
  return assemble(header, listed, listed.length > 0 ? [IMPORT_WARNINGS.fromLists(listed.length)] : [], clean);
}

type TasksRead = Omit<ImportedPlan, 'indicators' | 'schedule'>;

/**
 * Imports a plan from its task table (pasted from a spreadsheet or read from a Word table): the
 * first rows may be a header. `header` gives what the table cannot (title, number, year).
 */
export function importPlanRows(rows: readonly (readonly string[])[], header: Partial<PlanHeader> = {}): ImportedPlan {
  const cleanRows = rows.map((row) => row.map((cell) => cleanDocumentText(cell)));
  const { drafts, hasHeader } = draftsFromRows(cleanRows);
  const full: PlanHeader = {
    number: header.number ?? null,
    title: header.title ?? '',
    issuer: header.issuer ?? null,
    year: header.year ?? null,
    issuedOn: header.issuedOn ?? null,
  };
  const plan = assemble(full, drafts, hasHeader ? [] : [IMPORT_WARNINGS.noHeaderRow()], cleanRows.flat().join('\n'));
  return { ...plan, indicators: [], schedule: { reports: [], deadlines: [] } };
}

function assemble(header: PlanHeader, drafts: TaskDraft[], tableWarnings: string[], text: string): TasksRead {
  const warnings: string[] = [];
  if (header.title === '') warnings.push(IMPORT_WARNINGS.noTitle());
  let year = header.year;
  if (year === null || year < 2000 || year > 2100) {
    year = mostFrequentYear(text);
    warnings.push(IMPORT_WARNINGS.noYear(year));
  }
  warnings.push(...tableWarnings);
  let { tasks, warnings: taskWarnings } = finishTasks(drafts, year);
  // A plan is often issued in December for the next year: without a year in its title (an
  // appendix pasted alone), the year its tasks run in says more than the date of issue.
  const spanYear = /(?<!\d)20\d{2}(?!\d)/.test(header.title) ? null : yearMostTasksRunIn(tasks);
  if (spanYear !== null && spanYear !== year) {
    warnings.push(IMPORT_WARNINGS.yearFromTasks(spanYear, year));
    year = spanYear;
    ({ tasks, warnings: taskWarnings } = finishTasks(drafts, year));
  }
  if (tasks.length === 0) warnings.push(IMPORT_WARNINGS.noTasks());
  warnings.push(...taskWarnings);
  return {
    number: header.number,
    title: header.title,
    issuer: header.issuer,
    year,
    issuedOn: header.issuedOn,
    tasks,
    warnings,
  };
}

/** The year more than half of the tasks run in, wholly (window or deadline); null if none does. */
function yearMostTasksRunIn(tasks: readonly ImportedTask[]): number | null {
  const counts = new Map<number, number>();
  for (const task of tasks) {
    const from = task.window?.from ?? task.deadline;
    const to = task.window?.to ?? task.deadline;
    if (!from || !to || from.slice(0, 4) !== to.slice(0, 4)) continue;
    const year = Number(from.slice(0, 4));
    counts.set(year, (counts.get(year) ?? 0) + 1);
  }
  for (const [year, count] of counts) if (count * 2 > tasks.length) return year;
  return null;
}

// A plan with no year in its title or date still names its year in its timings ("Quý III/2021").
function mostFrequentYear(text: string): number {
  const counts = new Map<number, number>();
  for (const match of text.matchAll(/(?<!\d)(20\d{2})(?!\d)/g)) {
    const year = Number(match[1]);
    if (year <= 2100) counts.set(year, (counts.get(year) ?? 0) + 1);
  }
  let best = Number(vietnamDateOf(new Date()).slice(0, 4));
  let bestCount = 0;
  for (const [year, count] of counts) if (count > bestCount) [best, bestCount] = [year, count];
  return best;
}
