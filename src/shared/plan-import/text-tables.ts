/**
 * Where a plan's tasks sit in its plain text, in the three shapes Word and PDF exports produce:
 * a table with tabs between cells (one row a line), a table with one cell a line (each cell led
 * by tabs, its further lines not), and tasks written as numbered paragraphs with "a. Thời gian
 * thực hiện", "b. Cơ quan chủ trì", "c. Nội dung".
 */
import { type TaskDraft, newDraft } from './draft';
import { budgetInProse } from './budget';
import { squash } from './normalize';
import { detectColumns } from './rows';

/** The rows of a table whose cells are separated by tabs, header first; null when there is none. */
export function findTabTable(lines: readonly string[]): string[][] | null {
  const at = lines.findIndex((line) => line.includes('\t') && detectColumns(line.split('\t')) !== null);
  if (at < 0) return null;
  const rows: string[][] = [];
  for (const line of lines.slice(at)) {
    if (line.trim() === '') continue;
    if (!line.includes('\t')) break;
    rows.push(line.split('\t'));
  }
  return rows;
}

const CELL_START = /^\t+/;
const ORDINAL_CELL = /^\d{1,3}\.?$/;
const TABLE_END = /^(?:[IVX]+\.\s|Nơi nhận|TM\.|KT\.)/u;

/** True when a line ends a task table: the next section, the recipients, the signature block. */
export function endsTable(line: string): boolean {
  return TABLE_END.test(line.trim());
}

/** The rows of a table exported one cell a line, header first; null when there is none. */
export function findCellLineTable(lines: readonly string[]): string[][] | null {
  const at = lines.findIndex((line) => CELL_START.test(line) && /^(?:S?TT|Stt)$/u.test(line.trim()));
  if (at < 0) return null;
  const cells: string[] = [];
  for (const line of lines.slice(at)) {
    if (CELL_START.test(line)) cells.push(line.replace(CELL_START, '').trim());
    else if (line.trim() === '') continue;
    else if (endsTable(line)) break;
    else if (cells.length > 0) cells[cells.length - 1] = `${cells[cells.length - 1]}\n${line.trim()}`.trim();
  }
  const firstRow = cells.findIndex((cell) => ORDINAL_CELL.test(cell));
  if (firstRow < 1) return null;
  const header = cells.slice(0, firstRow).map((cell) => squash(cell));
  if (detectColumns(header) === null) return null;
  const rows: string[][] = [header];
  let last = 0;
  for (const cell of cells.slice(firstRow)) {
    // A number alone in a cell starts the next row only when it is the next ordinal or the row
    // above is complete: a cell holding a count ("12") is data.
    const current = rows[rows.length - 1]!;
    const isNextRow =
      ORDINAL_CELL.test(cell) &&
      (Number.parseInt(cell, 10) === last + 1 || rows.length === 1 || current.length >= header.length);
    if (isNextRow) {
      rows.push([cell]);
      last = Number.parseInt(cell, 10);
    } else if (rows.length > 1 && rows[rows.length - 1]!.length < header.length) rows[rows.length - 1]!.push(cell);
    // Cells past the last column are what follows the table (a signature block): not task data.
  }
  return rows;
}

const ITEM = /^(\d{1,2})\.\s+(\S.*)$/u;
const SECTION = /^[IVX]+\.\s/u;
const FIELD =
  /^(?:[a-zđ][.)]\s*|[-+]\s*)?(Thời gian thực hiện|Thời gian|Thời hạn|Cơ quan chủ trì|Cơ quan thực hiện|Đơn vị chủ trì|Đơn vị thực hiện|Cơ quan phối hợp|Đơn vị phối hợp|Nội dung|Sản phẩm|Dự kiến kinh phí|Kinh phí dự kiến|Kinh phí thực hiện|Kinh phí)\s*:\s*(.*)$/iu;

type Field = 'timing' | 'lead' | 'cooperating' | 'content' | 'products' | 'budget';

function fieldOf(label: string): Field {
  const lower = label.toLowerCase();
  if (lower.startsWith('thời')) return 'timing';
  if (lower.includes('phối hợp')) return 'cooperating';
  if (lower.includes('chủ trì') || lower.includes('thực hiện')) return 'lead';
  if (lower.includes('kinh phí')) return 'budget';
  if (lower.includes('sản phẩm')) return 'products';
  return 'content';
}

interface ProseItem {
  ordinal: string;
  title: string;
  fields: Partial<Record<Field, string[]>>;
}

/** Drafts of tasks written as numbered paragraphs with lettered fields; empty when there are none. */
export function findProseTasks(lines: readonly string[]): TaskDraft[] {
  const items: ProseItem[] = [];
  let current: ProseItem | null = null;
  let field: Field | null = null;
  const close = () => {
    if (current && (current.fields.timing || current.fields.lead)) items.push(current);
    current = null;
    field = null;
  };
  for (const raw of lines) {
    const line = squash(raw);
    if (line === '') continue;
    const fieldMatch = FIELD.exec(line);
    if (current && fieldMatch) {
      field = fieldOf(fieldMatch[1]!);
      const values: string[] = current.fields[field] ?? [];
      current.fields[field] = values;
      if (fieldMatch[2]!.trim() !== '') values.push(fieldMatch[2]!.trim());
      continue;
    }
    const item = ITEM.exec(line);
    if (item) {
      close();
      current = { ordinal: item[1]!, title: item[2]!, fields: {} };
      continue;
    }
    if (SECTION.test(line)) {
      close();
      continue;
    }
    if (!current) continue;
    if (field) current.fields[field]!.push(line);
    else current.title = `${current.title} ${line}`;
  }
  close();
  return items.map(draftOfProse);
}

// A sentence's closing full stop is not part of the timing or the names.
function stripStop(text: string): string {
  return text.replace(/\.\s*$/, '').trim();
}

function draftOfProse(item: ProseItem): TaskDraft {
  const draft = newDraft(item.ordinal);
  draft.titles.push(stripStop(item.title));
  draft.timings.push(...(item.fields.timing ?? []).map(stripStop));
  // "Sở Nội vụ phối hợp với Liên đoàn Lao động tỉnh" is split into lead and cooperating when the
  // task is finished, as a table's lead cell is.
  draft.leads.push(...(item.fields.lead ?? []).map(stripStop));
  draft.cooperating.push(...(item.fields.cooperating ?? []).map(stripStop));
  draft.products.push(...(item.fields.products ?? []));
  draft.budgets.push(...(item.fields.budget ?? []));
  const content = (item.fields.content ?? []).join('\n').trim();
  // A budget written in the content's prose ("Kinh phí dự kiến 45 triệu đồng") is the task's budget.
  const proseBudget = draft.budgets.length === 0 ? budgetInProse(content) : null;
  if (proseBudget) draft.budgets.push(proseBudget);
  draft.content = content === '' ? null : content;
  return draft;
}
