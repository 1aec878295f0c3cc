/**
 * A plan as a PDF with a text layer (exported from Word, or printed to PDF): its text, line by
 * line, goes to the shared importer. Pieces of one line far apart (the cells of a table row) are
 * joined by a tab, as the importer reads a table row; the task table's rows, whose cells wrap over
 * several lines, are rebuilt from where their text sits (and the borders drawn between rows) and
 * read as a Word table's rows are. A PDF without text (a scan) is refused in words; reading the
 * picture of a page is out of scope.
 *
 * The reader is PDF.js (pdfjs-dist, Mozilla), through its legacy build: the one meant for Node.
 * Version 5.4 is the last that runs on Node 20 (6.x needs Node 22).
 */
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { parsePlanHeader } from '../../shared/plan-import/header';
import { type ImportedPlan, importPlanRows, importPlanText, readPlanProse } from '../../shared/plan-import/import-plan';
import { PLAN_FILE_MESSAGES } from '../../shared/plan-import/messages';
import { PlanFileError } from './plan-file-error';
import { squash } from '../../shared/plan-import/normalize';
import { findPdfTable, type PdfLine, type PdfTable, type Rule, type Run } from './pdf-table';

interface Piece {
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly size: number;
}

// A gap this wide (in points, a 10-point font's space is ~2.5) between two pieces of a line is a
// column boundary.
const CELL_GAP = 12;
// Fewer letters than this in the whole document: a scan with at most a stamp or page numbers.
const MIN_LETTERS = 20;

/** The text of a PDF, line by line, cells of a row separated by tabs (a wrapped table row on one line). */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  return (await readPdf(bytes)).text;
}

/** A PDF's text and its task table, rows of cells whose wrapped lines are joined. */
async function readPdf(bytes: Uint8Array): Promise<{ text: string; table: PdfTable | null }> {
  let document: Awaited<ReturnType<typeof getDocument>['promise']>;
  try {
    document = await getDocument({
      data: new Uint8Array(bytes),
      disableFontFace: true,
      useSystemFonts: false,
      isEvalSupported: false,
      verbosity: 0,
    }).promise;
  } catch (error) {
    const name = (error as Error | undefined)?.name;
    throw new PlanFileError(name === 'PasswordException' ? PLAN_FILE_MESSAGES.lockedPdf : PLAN_FILE_MESSAGES.brokenPdf);
  }
  const lines: PdfLine[] = [];
  let table: PdfTable | null = null;
  try {
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const content = await page.getTextContent();
      const pieces: Piece[] = [];
      for (const item of content.items) {
        if (!('str' in item) || item.str === '') continue;
        const size = item.height || Math.hypot(item.transform[2], item.transform[3]) || 10;
        pieces.push({ text: item.str, x: item.transform[4], y: item.transform[5], width: item.width, size });
      }
      lines.push(...linesOf(pieces, number));
      page.cleanup();
    }
    // The borders drawn are read only on the pages of a table found by its text: drawing a page
    // (a scan's pictures) costs more than reading its text.
    const found = findPdfTable(lines);
    if (found) {
      const rules = new Map<number, Rule[]>();
      for (let number = lines[found.from]!.page; number <= lines[found.to]!.page; number++) {
        const page = await document.getPage(number);
        rules.set(number, rulesOf(await page.getOperatorList()));
        page.cleanup();
      }
      table = findPdfTable(lines, rules);
    }
  } finally {
    await document.destroy();
  }
  const text = lines
    .flatMap((line, index) => {
      if (!table || index < table.from || index > table.to) return [line.runs.map((run) => run.text).join('\t')];
      // The table's rows, each on one line, in place of its lines.
      return index === table.from ? table.rows.map((row) => row.map(squash).join('\t').trimEnd()) : [];
    })
    .join('\n');
  if ((text.match(/\p{L}/gu) ?? []).length < MIN_LETTERS) throw new PlanFileError(PLAN_FILE_MESSAGES.scannedPdf);
  return { text, table };
}

// Pieces on the same baseline (within 2 points, or 0.4 of the font's size: cells of one row in
// fonts of different sizes) make a line, top to bottom; pieces closer than a column gap, a run.
function linesOf(pieces: readonly Piece[], page: number): PdfLine[] {
  const sorted = [...pieces].sort((a, b) => b.y - a.y || a.x - b.x);
  const groups: Piece[][] = [];
  for (const piece of sorted) {
    const line = groups[groups.length - 1];
    if (line && Math.abs(line[0]!.y - piece.y) <= Math.max(2, 0.4 * piece.size)) line.push(piece);
    else groups.push([piece]);
  }
  return groups.map((group) => {
    const runs: Run[] = [];
    let text = '';
    let start = 0;
    let end: number | null = null;
    const close = () => {
      if (text.trim() !== '' && end !== null) runs.push({ text: text.trim(), x0: start, x1: end });
      text = '';
      end = null;
    };
    for (const piece of group.sort((a, b) => a.x - b.x)) {
      // PDF.js fills a gap with a blank piece as wide as the gap.
      if (piece.text.trim() === '') {
        if (piece.width > CELL_GAP) close();
        else if (text !== '' && !/\s$/.test(text)) text += ' ';
        continue;
      }
      if (end !== null) {
        const gap = piece.x - end;
        if (gap > CELL_GAP) close();
        else if (gap > 1 && !/\s$/.test(text) && !piece.text.startsWith(' ')) text += ' ';
      }
      if (text === '') start = piece.x;
      text += piece.text;
      end = piece.x + piece.width;
    }
    close();
    return { page, y: group[0]!.y, size: Math.max(...group.map((p) => p.size)), runs };
  });
}

// Painting operators whose path is drawn (a path only clipped, `n`, draws nothing).
const PAINTS = new Set<number>([
  OPS.stroke,
  OPS.closeStroke,
  OPS.fill,
  OPS.eoFill,
  OPS.fillStroke,
  OPS.eoFillStroke,
  OPS.closeFillStroke,
  OPS.closeEOFillStroke,
]);
// Path commands in PDF.js's operator list: moveTo, lineTo, curveTo, quadraticCurveTo, closePath.
const MOVE = 0;
const LINE = 1;
const CURVE = 2;
const QUADRATIC = 3;
const CLOSE = 4;
type Matrix = readonly [number, number, number, number, number, number];

/**
 * The horizontal lines a page draws at least 15 points long (a table's borders, stroked or filled
 * as thin boxes), in page coordinates: the current transformation is followed through q/Q/cm.
 */
function rulesOf(list: { fnArray: number[]; argsArray: unknown[] }): Rule[] {
  const rules: Rule[] = [];
  const stack: Matrix[] = [];
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  const at = (x: number, y: number): [number, number] => [
    ctm[0] * x + ctm[2] * y + ctm[4],
    ctm[1] * x + ctm[3] * y + ctm[5],
  ];
  list.fnArray.forEach((fn, index) => {
    const args = list.argsArray[index] as unknown[] | null;
    if (fn === OPS.save) stack.push(ctm);
    else if (fn === OPS.restore) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.transform && args) ctm = multiply(args as unknown as Matrix, ctm);
    else if (fn === OPS.constructPath && args && PAINTS.has(args[0] as number)) {
      const path = (args[1] as ArrayLike<number>[] | undefined)?.[0];
      if (!path) return;
      let start: [number, number] = [0, 0];
      let point: [number, number] = [0, 0];
      const segment = (to: [number, number]) => {
        if (Math.abs(to[1] - point[1]) < 0.5 && Math.abs(to[0] - point[0]) >= 15)
          rules.push({ y: (to[1] + point[1]) / 2, x0: Math.min(to[0], point[0]), x1: Math.max(to[0], point[0]) });
        point = to;
      };
      for (let i = 0; i < path.length; ) {
        const command = path[i]!;
        if (command === MOVE) {
          point = start = at(path[i + 1]!, path[i + 2]!);
          i += 3;
        } else if (command === LINE) {
          segment(at(path[i + 1]!, path[i + 2]!));
          i += 3;
        } else if (command === CURVE) {
          point = at(path[i + 5]!, path[i + 6]!);
          i += 7;
        } else if (command === QUADRATIC) {
          point = at(path[i + 3]!, path[i + 4]!);
          i += 5;
        } else if (command === CLOSE) {
          segment(start);
          i += 1;
        } else break;
      }
    }
  });
  return rules;
}

// The matrix `m` applied after `n` (PDF's row-vector convention: a point is [x y 1] × m × n).
function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[1] * n[2],
    m[0] * n[1] + m[1] * n[3],
    m[2] * n[0] + m[3] * n[2],
    m[2] * n[1] + m[3] * n[3],
    m[4] * n[0] + m[5] * n[2] + n[4],
    m[4] * n[1] + m[5] * n[3] + n[5],
  ];
}

/** Imports a plan from the bytes of a PDF with a text layer: its task table read by where its text sits. */
export async function importPlanPdf(bytes: Uint8Array): Promise<ImportedPlan> {
  const { text, table } = await readPdf(bytes);
  if (table) {
    // Above the table, far-apart pieces of a line are the letterhead's two columns ("Số: …" beside
    // "Cẩm Xuyên, ngày …"): each is read as a line of its own.
    const lines = text.split('\n');
    const head = [...lines.slice(0, table.from).flatMap((line) => line.split('\t')), ...lines.slice(table.from)];
    const plan = importPlanRows(table.rows, parsePlanHeader(head.join('\n')));
    if (plan.tasks.length > 0) return { ...plan, ...readPlanProse(text) };
  }
  return importPlanText(text);
}
