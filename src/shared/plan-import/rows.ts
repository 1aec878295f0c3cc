/**
 * A plan's task table as rows of cells (pasted, extracted from Word, or recovered from text) into
 * task drafts. Column roles come from the header row's words.
 *
 * Rows without a number, decided here once for every source:
 * - a row whose text starts in lower case continues the row above, broken across a page: its
 *   cells are appended to the cells above ("…của cơ quan" + "hành chính nhà nước");
 * - any other un-numbered row is a second row of the same task (the plan numbers tasks, so the
 *   count of tasks stays the count of numbers): its title, products, timing and budget are added
 *   to the task's, and a warning asks the reviewer to check the merge;
 * - a numbered row with an empty task cell (a cell merged with the one above) is its own task,
 *   so that it keeps its own target and budget; its title is the earlier task's title followed by
 *   " – " and its own first product.
 */
import { type TaskDraft, newDraft } from './draft';
import { foldForMatch, squash, startsLowerCase } from './normalize';

/** What a column holds. */
export type ColumnRole = 'ordinal' | 'title' | 'products' | 'lead' | 'cooperating' | 'timing' | 'budget' | 'notes';

// Checked in this order: "thời gian thực hiện" is timing before "thực hiện" can make it a lead.
const ROLE_WORDS: ReadonlyArray<readonly [ColumnRole, RegExp]> = [
  ['ordinal', /^(?:s\s*)?tt$|^so (?:tt|thu tu)$/],
  ['notes', /ghi chu/],
  ['budget', /kinh phi|du toan/],
  ['timing', /thoi gian|thoi han|tien do/],
  ['cooperating', /phoi hop/],
  ['lead', /chu tri|thuc hien|dau moi/],
  ['products', /san pham|ket qua/],
  ['title', /nhiem vu|noi dung|hoat dong|cong viec|ten/],
];

function roleOf(cell: string): ColumnRole | null {
  const folded = foldForMatch(cell).replace(/[.:]/g, '').trim();
  if (folded === '' || folded.length > 60) return null;
  return ROLE_WORDS.find(([, words]) => words.test(folded))?.[0] ?? null;
}

/** The role of each column of a header row, or null when the row is not a task table's header. */
export function detectColumns(header: readonly string[]): (ColumnRole | null)[] | null {
  const roles = header.map(roleOf);
  const found = new Set(roles.filter((role) => role !== null));
  return found.has('title') && found.size >= 3 ? roles : null;
}

// Without a header the common layouts are guessed from the number of columns.
function guessColumns(width: number): ColumnRole[] {
  if (width >= 8) return ['ordinal', 'title', 'products', 'lead', 'cooperating', 'timing', 'budget', 'notes'];
  if (width === 7) return ['ordinal', 'title', 'products', 'lead', 'cooperating', 'timing', 'budget'];
  if (width === 6) return ['ordinal', 'title', 'lead', 'cooperating', 'timing', 'notes'];
  if (width === 5) return ['ordinal', 'title', 'lead', 'cooperating', 'timing'];
  if (width === 4) return ['ordinal', 'title', 'lead', 'timing'];
  if (width === 3) return ['ordinal', 'title', 'timing'];
  return ['ordinal', 'title'];
}

const ORDINAL = /^(\d{1,3}(?:\.\d{1,3})*)\.?$/;
const SECTION = /^(?:[IVXLC]+|[A-Z])\.?$/;
const COLUMN_NUMBERS = /^\(?\d{1,2}\)?$/;

/** True when a cell numbers a row: a task's ordinal ("3", "2.1"), a section ("II", "B") or a column's number ("(4)"). */
export function isRowNumber(cell: string): boolean {
  const text = squash(cell);
  return ORDINAL.test(text) || SECTION.test(text) || COLUMN_NUMBERS.test(text);
}

/** Drafts of the tasks of a table; `hasHeader` is false when the columns had to be guessed. */
export function draftsFromRows(rows: readonly (readonly string[])[]): { drafts: TaskDraft[]; hasHeader: boolean } {
  let headerAt = -1;
  let roles: (ColumnRole | null)[] | null = null;
  for (let index = 0; index < Math.min(rows.length, 6) && roles === null; index++) {
    roles = detectColumns(rows[index]!);
    if (roles) headerAt = index;
  }
  // A two-row header ("Cơ quan" over "Chủ trì | Phối hợp") names some columns in its second row.
  const below = roles ? rows[headerAt + 1] : undefined;
  if (
    roles &&
    below &&
    !ORDINAL.test(squash(below[0] ?? '')) &&
    below.some((cell, index) => !roles?.[index] && roleOf(cell))
  ) {
    roles = roles.map((role, index) => role ?? roleOf(below[index] ?? ''));
    headerAt++;
  }
  const hasHeader = roles !== null;
  const width = Math.max(0, ...rows.map((row) => row.length));
  const columns = roles ?? guessColumns(width);
  const hasOrdinal = columns.includes('ordinal');

  const drafts: TaskDraft[] = [];
  let current: TaskDraft | null = null;
  let base: { ordinal: string; title: string } | null = null;
  for (const row of rows.slice(headerAt + 1)) {
    const cells = cellsByRole(row, columns);
    const filled = row.map(squash).filter((cell) => cell !== '');
    if (filled.length === 0) continue;
    if (filled.length >= 3 && filled.every((cell) => COLUMN_NUMBERS.test(cell))) continue;
    const ordinalCell = squash(cells.ordinal);
    const numbered = ORDINAL.exec(ordinalCell);
    if (numbered || (!hasOrdinal && squash(cells.title) !== '')) {
      current = newDraft(numbered ? numbered[1]! : String(drafts.length + 1));
      drafts.push(current);
      const title = squash(cells.title);
      if (title !== '') base = { ordinal: current.ordinal, title };
      else if (base) current.inherited = base;
      addCells(current, cells, 'row');
      continue;
    }
    if (SECTION.test(ordinalCell)) {
      current = null;
      base = null;
      continue;
    }
    if (!current) continue;
    const first = columns
      .map((role, index) => (role && role !== 'ordinal' ? squash(row[index] ?? '') : ''))
      .find((c) => c !== '');
    if (first !== undefined && (startsLowerCase(first) || /^[,;)]/.test(first)))
      addCells(current, cells, 'continuation');
    else {
      addCells(current, cells, 'row');
      current.hasMergedRow = true;
    }
  }
  return { drafts, hasHeader };
}

type Cells = Record<ColumnRole, string>;

function cellsByRole(row: readonly string[], columns: readonly (ColumnRole | null)[]): Cells {
  const cells: Cells = {
    ordinal: '',
    title: '',
    products: '',
    lead: '',
    cooperating: '',
    timing: '',
    budget: '',
    notes: '',
  };
  columns.forEach((role, index) => {
    const value = row[index] ?? '';
    if (role && value.trim() !== '') cells[role] = cells[role] === '' ? value : `${cells[role]}\n${value}`;
  });
  return cells;
}

const LISTS = {
  title: 'titles',
  products: 'products',
  lead: 'leads',
  cooperating: 'cooperating',
  timing: 'timings',
  budget: 'budgets',
  notes: 'notes',
} as const satisfies Record<Exclude<ColumnRole, 'ordinal'>, keyof TaskDraft>;

function addCells(draft: TaskDraft, cells: Cells, how: 'row' | 'continuation'): void {
  for (const [role, key] of Object.entries(LISTS) as [keyof typeof LISTS, (typeof LISTS)[keyof typeof LISTS]][]) {
    const value = cells[role];
    if (value.trim() === '') continue;
    const list = draft[key];
    if (how === 'continuation' && list.length > 0) list[list.length - 1] = `${list[list.length - 1]} ${value.trim()}`;
    else list.push(value);
  }
}
