/**
 * A plan's task table recovered from where its text sits on the pages of a PDF. A PDF has no
 * table, only runs of text: a row whose cells wrap over several lines is several lines of runs.
 * The columns are learned from the header (its words name them, as the importer reads a header)
 * and from where the body's cells start; the lines are then grouped into rows, each run going to
 * the cell whose column it starts in. A row ends where the next line numbers a new row in the
 * ordinal column ("STT"), or, in a table without one, where a line starts the first cell and
 * another anew, or after a gap taller than a blank line. Text reaching over several columns ends
 * the table, unless it is the merged cell of a numbered row (a section's title).
 *
 * Where the table draws borders between its rows, those decide instead: a row is what lies between
 * two borders, so a row whose cells are centred vertically (its number beside the middle of its
 * longest cell) is whole too. Without borders such a row is a known limit: the lines above its
 * number are read as the end of the row before.
 */
import { detectColumns, isRowNumber } from '../../shared/plan-import/rows';
import { squash, startsLowerCase } from '../../shared/plan-import/normalize';
import { endsTable } from '../../shared/plan-import/text-tables';

/** A run of text on a line: where it starts and ends, in points from the left of the page. */
export interface Run {
  readonly text: string;
  readonly x0: number;
  readonly x1: number;
}

/**
 * One line of a page: its baseline (points from the bottom), the size of its font, its runs left
 * to right (pieces of text closer than a column gap joined, with their spaces) and the page's number.
 */
export interface PdfLine {
  readonly page: number;
  readonly y: number;
  readonly size: number;
  readonly runs: readonly Run[];
}

/** The task table of a document: its lines (`from` to `to`, inclusive) and its rows, header first. */
export interface PdfTable {
  readonly from: number;
  readonly to: number;
  readonly rows: string[][];
}

interface Column {
  readonly x0: number;
  readonly x1: number;
  readonly text: string;
}

interface Header {
  readonly at: number;
  readonly end: number;
  readonly columns: readonly Column[];
  readonly ordinal: number;
}

const MAX_HEADER_LINES = 4;
// A run that overlaps another column's header by more than this (points) is not a cell's text.
const OVERLAP = 2;
// Lines of a body the columns' starts are learned from.
const LEARN_LINES = 80;
const BULLET = /^(?:[-+•*–]|\d{1,2}[.)]|[a-zđ][.)])\s/u;
const ROW_MARK = /^(?:[a-zđ][.)]?|[-+*•])$/u;

/** A line drawn across a page (a table's border), in points from the bottom left. */
export interface Rule {
  readonly y: number;
  readonly x0: number;
  readonly x1: number;
}

interface TableLine {
  readonly line: PdfLine;
  readonly cells: string[];
  readonly spans: boolean;
  readonly mark: string;
}

/**
 * The first task table of a document's lines, or null when none has a header the importer reads.
 * `rules` are the horizontal lines drawn on each page: where a table draws its borders, a row is
 * what lies between two of them, wherever its number sits in it.
 */
export function findPdfTable(
  lines: readonly PdfLine[],
  rules: ReadonlyMap<number, readonly Rule[]> = new Map(),
): PdfTable | null {
  const header = findHeader(lines, rules);
  if (!header) return null;
  const lefts = columnLefts(lines, header);
  const columnOf = (x: number) => {
    let column = 0;
    while (column + 1 < lefts.length && lefts[column + 1]! <= x + 0.5) column++;
    return column;
  };
  const headerWords = header.columns.map((c) => squash(c.text).toLowerCase());
  const step = lineStep(lines, header.end + 1);

  // 1. The table's lines, up to what follows it.
  const taken: TableLine[] = [];
  let last = lines[header.end]!;
  let to = header.end;
  for (let index = header.end + 1; index < lines.length; index++) {
    const line = lines[index]!;
    const samePage = line.page === last.page;
    if (samePage && last.y - line.y > 3.5 * step) break;
    if (endsTable(line.runs[0]?.text ?? '')) break;
    const { cells, spans } = cellsOf(line, header, columnOf);
    // A page number at the top or foot of a page, outside the ordinal column, is not the table's.
    const isEdge = lines[index - 1]?.page !== line.page || lines[index + 1]?.page !== line.page;
    const filled = cells.map((c, i) => (c === '' ? -1 : i)).filter((i) => i >= 0);
    if (isEdge && filled.length === 1 && filled[0] !== header.ordinal && /^\d{1,3}$/.test(cells[filled[0]!]!)) continue;
    // The header repeated at the top of a page.
    const isFirstOnPage = taken[taken.length - 1]?.line.page !== line.page;
    if (isFirstOnPage && cells.every((c, i) => c === '' || headerWords[i]!.includes(c.toLowerCase()))) continue;
    const mark = header.ordinal >= 0 ? cells[header.ordinal]! : '';
    if (mark !== '' && !isRowNumber(mark) && !ROW_MARK.test(mark)) break;
    // Text over several columns is prose below the table, unless a numbered row (a section's
    // title, "II | TUYÊN TRUYỀN TRÊN BÁO CHÍ") has its cell merged across them, wrapped or not.
    const above = taken[taken.length - 1];
    if (spans && (mark === '' ? !(above?.spans && !isFirstOnPage) : !isRowNumber(mark))) break;
    taken.push({ line, cells, spans, mark });
    last = line;
    to = index;
  }

  // 2. Borders that run under two cells or more of the header's columns (never a word's underline).
  const borders = new Map<number, Rule[]>();
  for (const [page, drawn] of rules) {
    const across = mergeRules(drawn).filter(
      (rule) => header.columns.filter((c) => rule.x0 <= c.x0 + 1 && rule.x1 >= c.x1 - 1).length >= 2,
    );
    borders.set(page, across);
  }
  const isBorderBetween = (above: PdfLine, below: PdfLine) =>
    (borders.get(below.page) ?? []).some(
      (rule) => rule.y > below.y + 0.5 * below.size && rule.y < above.y - 0.1 * above.size,
    );
  const ruledPages = new Set<number>();
  taken.forEach((t, j) => {
    const above = taken[j - 1]?.line;
    if (above && above.page === t.line.page && isBorderBetween(above, t.line)) ruledPages.add(t.line.page);
  });

  // 3. Lines into rows.
  const rows: { cells: string[][]; mark: string }[] = [];
  taken.forEach((t, j) => {
    const above = taken[j - 1]?.line;
    const current = rows[rows.length - 1];
    const samePage = above?.page === t.line.page;
    let starts: boolean;
    if (!current || !above) starts = true;
    else if (ruledPages.has(t.line.page))
      // A number starts a row of its own only where the row above has one already (a missing border).
      starts = samePage ? isBorderBetween(above, t.line) || (t.mark !== '' && current.mark !== '') : t.mark !== '';
    else {
      const isGap = samePage && above.y - t.line.y > 1.9 * step;
      if (header.ordinal >= 0) starts = t.mark !== '' || isGap;
      else
        starts =
          isGap ||
          (t.cells[0] !== '' &&
            t.cells.some((c, i) => i > 0 && c !== '' && !startsLowerCase(c)) &&
            !startsLowerCase(t.cells[0]!));
    }
    const row = starts || !current ? { cells: header.columns.map((): string[] => []), mark: '' } : current;
    if (row !== current) rows.push(row);
    if (row.mark === '') row.mark = t.mark;
    t.cells.forEach((cell, i) => {
      if (cell !== '') row.cells[i]!.push(cell);
    });
  });
  return {
    from: header.at,
    to,
    rows: [header.columns.map((c) => c.text), ...rows.map((row) => row.cells.map(joinCellLines))],
  };
}

// Borders drawn cell by cell, on one height and touching, make one rule.
function mergeRules(rules: readonly Rule[]): Rule[] {
  const merged: Rule[] = [];
  for (const rule of [...rules].sort((a, b) => a.y - b.y || a.x0 - b.x0)) {
    const last = merged[merged.length - 1];
    if (last && Math.abs(last.y - rule.y) <= 0.75 && rule.x0 <= last.x1 + 3)
      merged[merged.length - 1] = { y: last.y, x0: last.x0, x1: Math.max(last.x1, rule.x1) };
    else merged.push(rule);
  }
  return merged;
}

// A cell's lines make one text: a wrapped line goes on after a space, a bullet starts a new line.
function joinCellLines(lines: readonly string[]): string {
  return lines.reduce((text, line) => (text === '' ? line : `${text}${BULLET.test(line) ? '\n' : ' '}${line}`), '');
}

/**
 * The header: from a line of two runs or more, the fewest lines (up to four, close together, before
 * a numbered row or a border) whose runs, gathered by column, name the most column roles.
 */
function findHeader(lines: readonly PdfLine[], rules: ReadonlyMap<number, readonly Rule[]>): Header | null {
  // A border under the header's last line: what follows is the first row, however close.
  const isRuled = (above: PdfLine, below: PdfLine) =>
    (rules.get(below.page) ?? []).some(
      (rule) => rule.x1 - rule.x0 >= 50 && rule.y > below.y + 0.5 * below.size && rule.y < above.y - 0.1 * above.size,
    );
  for (let at = 0; at < lines.length; at++) {
    if (lines[at]!.runs.length < 2) continue;
    type Found = { end: number; columns: Column[]; roles: NonNullable<ReturnType<typeof detectColumns>> };
    const read = (end: number): Found | null => {
      const columns = headerColumns(lines.slice(at, end + 1));
      const roles = columns ? detectColumns(columns.map((c) => c.text)) : null;
      return columns && roles ? { end, columns, roles } : null;
    };
    let best: Found | null = null;
    let bestCount = 0;
    let close = at;
    for (let end = at; end < Math.min(lines.length, at + MAX_HEADER_LINES); end++) {
      const line = lines[end]!;
      if (end > at) {
        const above = lines[end - 1]!;
        if (line.page !== above.page || above.y - line.y > 2.2 * line.size || isRuled(above, line)) break;
        if (isRowNumber(line.runs[0]?.text ?? '')) break;
      }
      close = end;
      const found = read(end);
      const count = found?.roles.filter((r) => r !== null).length ?? 0;
      if (found && count > bestCount) {
        best = found;
        bestCount = count;
      }
    }
    if (!best) continue;
    // Above the first numbered row, every close line is the header's (its cells' words wrapped).
    if (best.roles.includes('ordinal') && close > best.end) best = read(close) ?? best;
    return { at, end: best.end, columns: best.columns, ordinal: best.roles.indexOf('ordinal') };
  }
  return null;
}

// The header's runs by column: runs that overlap (a header cell's words wrapped, centred) are one
// column; a run over several columns (a merged cell, "Cơ quan" over "Chủ trì | Phối hợp") heads each.
function headerColumns(lines: readonly PdfLine[]): Column[] | null {
  const runs = lines.flatMap((line) => line.runs.map((run) => ({ ...run, y: line.y })));
  const columns: { x0: number; x1: number; parts: { y: number; x: number; text: string }[] }[] = [];
  for (const run of [...runs].sort((a, b) => a.x1 - a.x0 - (b.x1 - b.x0))) {
    const over = columns.filter((c) => run.x0 < c.x1 && c.x0 < run.x1);
    const part = { y: run.y, x: run.x0, text: run.text };
    if (over.length === 0) columns.push({ x0: run.x0, x1: run.x1, parts: [part] });
    else if (over.length === 1) {
      const column = over[0]!;
      column.x0 = Math.min(column.x0, run.x0);
      column.x1 = Math.max(column.x1, run.x1);
      column.parts.push(part);
    } else for (const column of over) column.parts.push(part);
  }
  if (columns.length < 3) return null;
  return columns
    .sort((a, b) => a.x0 - b.x0)
    .map((c) => ({
      x0: c.x0,
      x1: c.x1,
      text: squash(
        c.parts
          .sort((a, b) => b.y - a.y || a.x - b.x)
          .map((p) => p.text)
          .join(' '),
      ),
    }));
}

/**
 * Where each column begins. A header sits inside its cell, and a cell's text starts after the
 * header of the column before ends; left-aligned text starts at the cell's left, at the same place
 * row after row. So a column begins at the first place two body runs start between the header of
 * the column before and its own, else just after the header of the column before.
 */
function columnLefts(lines: readonly PdfLine[], header: Header): number[] {
  const body = lines.slice(header.end + 1, header.end + 1 + LEARN_LINES);
  const cut = body.findIndex((line) => endsTable(line.runs[0]?.text ?? ''));
  const counts = new Map<number, number>();
  for (const line of cut < 0 ? body : body.slice(0, cut)) {
    // A number alone on its line (a page's) says nothing of where columns begin.
    if (line.runs.length === 1 && /^\d{1,3}$/.test(line.runs[0]!.text)) continue;
    for (const run of line.runs) counts.set(Math.round(run.x0), (counts.get(Math.round(run.x0)) ?? 0) + 1);
  }
  return header.columns.map((column, i) => {
    if (i === 0) return Number.NEGATIVE_INFINITY;
    const after = header.columns[i - 1]!.x1;
    if (after >= column.x0) return column.x0 - 0.5;
    const starts = [...counts].filter(([x, count]) => count >= 2 && x > after && x < column.x0).map(([x]) => x);
    return starts.length > 0 ? Math.min(...starts) - 1 : after + 0.5;
  });
}

// The texts of a line by column, and whether a run reaches over another column's header: a cell's
// text stays within its cell, as each header does, unless the cell is merged across columns.
function cellsOf(line: PdfLine, header: Header, columnOf: (x: number) => number): { cells: string[]; spans: boolean } {
  const cells = header.columns.map(() => '');
  let spans = false;
  for (const run of line.runs) {
    const column = columnOf(run.x0);
    spans ||= header.columns.some(
      (other, i) => i !== column && Math.min(run.x1, other.x1) - Math.max(run.x0, other.x0) > OVERLAP,
    );
    cells[column] = cells[column] === '' ? run.text : `${cells[column]} ${run.text}`;
  }
  return { cells: cells.map((c) => squash(c)), spans };
}

// The usual distance between the baselines of a table's lines: the smallest that is a line apart.
function lineStep(lines: readonly PdfLine[], from: number): number {
  let step = Number.POSITIVE_INFINITY;
  for (let i = from + 1; i < Math.min(lines.length, from + LEARN_LINES); i++) {
    const above = lines[i - 1]!;
    const line = lines[i]!;
    const drop = above.y - line.y;
    if (line.page === above.page && drop > 0.6 * line.size) step = Math.min(step, drop);
  }
  return Number.isFinite(step) ? step : 1.2 * (lines[from]?.size ?? 10);
}
