/**
 * A plan as a Word document: its tables become rows for the shared importer and its text gives
 * the header (number, title, issuer, year, date). A document without a task table (tasks written
 * as prose) is imported from its text alone.
 */
import mammoth from 'mammoth';
import { importPlanRows, importPlanText, type ImportedPlan, readPlanProse } from '../../shared/plan-import/import-plan';
import { detectColumns } from '../../shared/plan-import/rows';
import { parsePlanHeader } from '../../shared/plan-import/header';

/** Imports a plan from the bytes of a .docx file. */
export async function importPlanDocx(buffer: Buffer): Promise<ImportedPlan> {
  const [{ value: html }, { value: text }] = await Promise.all([
    mammoth.convertToHtml({ buffer }),
    mammoth.extractRawText({ buffer }),
  ]);
  const rows = pickTaskTable(readTables(html));
  if (rows) {
    const header = parsePlanHeader(text);
    const plan = importPlanRows(rows, header);
    if (plan.tasks.length > 0) return { ...plan, ...readPlanProse(text) };
  }
  return importPlanText(text);
}

// The task table is the first whose header names its columns; a table that follows with as many
// columns and no header of its own is the same table continued after a page or section break.
function pickTaskTable(tables: string[][][]): string[][] | null {
  const at = tables.findIndex((table) => table.slice(0, 6).some((row) => detectColumns(row) !== null));
  if (at < 0) return tables.find((table) => table.length >= 2 && (table[0]?.length ?? 0) >= 3) ?? null;
  const rows = [...tables[at]!];
  const width = rows[0]?.length ?? 0;
  for (const next of tables.slice(at + 1)) {
    if (next[0]?.length !== width || next.slice(0, 6).some((row) => detectColumns(row) !== null)) break;
    rows.push(...next);
  }
  return rows;
}

const TAG = /<(\/?)(table|tr|td|th)\b([^>]*)>/gi;

/**
 * The tables of mammoth's HTML as rows of cell texts. Merged cells are spread back out: a cell
 * spanning rows leaves the cells below it empty (as Word shows a merged cell), one spanning
 * columns leaves the cells to its right empty. A table nested in a cell counts as that cell's text.
 */
export function readTables(html: string): string[][][] {
  const tables: string[][][] = [];
  const stack: { rows: string[][]; pending: Map<number, number>; row: string[] | null }[] = [];
  let cellStart = -1;
  let cellSpan = { cols: 1, rows: 1 };
  for (const match of html.matchAll(TAG)) {
    const [, closing, rawName, attributes = ''] = match;
    const name = rawName!.toLowerCase();
    const table = stack[stack.length - 1];
    if (name === 'table' && !closing) {
      stack.push({ rows: [], pending: new Map(), row: null });
    } else if (name === 'table' && closing) {
      const done = stack.pop();
      if (done && stack.length === 0) tables.push(done.rows);
    } else if (stack.length !== 1 || !table) {
      // Rows and cells of a nested table are part of the outer cell's text.
    } else if (name === 'tr' && !closing) {
      table.row = [];
      fillMergedCells(table);
    } else if (name === 'tr' && closing) {
      if (table.row) table.rows.push(table.row);
      table.row = null;
    } else if (!closing) {
      cellStart = match.index! + match[0].length;
      cellSpan = { cols: spanOf(attributes, 'colspan'), rows: spanOf(attributes, 'rowspan') };
    } else if (cellStart >= 0 && table.row) {
      const column = table.row.length;
      table.row.push(textOf(html.slice(cellStart, match.index)));
      for (let extra = 1; extra < cellSpan.cols; extra++) table.row.push('');
      if (cellSpan.rows > 1) for (let c = 0; c < cellSpan.cols; c++) table.pending.set(column + c, cellSpan.rows - 1);
      cellStart = -1;
      fillMergedCells(table);
    }
  }
  return tables;
}

// Columns still covered by a cell merged from a row above get an empty cell in this row.
function fillMergedCells(table: { pending: Map<number, number>; row: string[] | null }): void {
  if (!table.row) return;
  for (;;) {
    const left = table.pending.get(table.row.length);
    if (!left) return;
    if (left === 1) table.pending.delete(table.row.length);
    else table.pending.set(table.row.length, left - 1);
    table.row.push('');
  }
}

function spanOf(attributes: string, name: string): number {
  const match = new RegExp(`${name}="(\\d+)"`, 'i').exec(attributes);
  return match ? Math.max(1, Number(match[1])) : 1;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function textOf(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(?:p|li|h[1-6]|tr)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, body: string) => {
      if (body.startsWith('#x') || body.startsWith('#X'))
        return String.fromCodePoint(Number.parseInt(body.slice(2), 16));
      if (body.startsWith('#')) return String.fromCodePoint(Number(body.slice(1)));
      return ENTITIES[body.toLowerCase()] ?? entity;
    })
    .replace(/\n{2,}/g, '\n')
    .trim();
}
