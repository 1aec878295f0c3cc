/**
 * A plan as a PDF with a text layer (exported from Word, or printed to PDF): its text, line by
 * line, goes to the shared importer. Pieces of one line far apart (the cells of a table row) are
 * joined by a tab, as the importer reads a table row. A PDF without text (a scan) is refused in
 * words; reading the picture of a page is out of scope.
 *
 * The reader is PDF.js (pdfjs-dist, Mozilla), through its legacy build: the one meant for Node.
 * Version 5.4 is the last that runs on Node 20 (6.x needs Node 22).
 */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { type ImportedPlan, importPlanText } from '../../shared/plan-import/import-plan';
import { PLAN_FILE_MESSAGES } from '../../shared/plan-import/messages';

/** A plan file that cannot be read, with the Vietnamese words that say why. */
export class PlanFileError extends Error {}

interface Piece {
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
}

// A gap this wide (in points, a 10-point font's space is ~2.5) between two pieces of a line is a
// column boundary.
const CELL_GAP = 12;
// Fewer letters than this in the whole document: a scan with at most a stamp or page numbers.
const MIN_LETTERS = 20;

/** The text of a PDF, line by line, cells of a row separated by tabs. */
export async function pdfText(bytes: Uint8Array): Promise<string> {
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
  const pages: string[] = [];
  try {
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const content = await page.getTextContent();
      const pieces: Piece[] = [];
      for (const item of content.items) {
        if (!('str' in item) || item.str === '') continue;
        pieces.push({ text: item.str, x: item.transform[4], y: item.transform[5], width: item.width });
      }
      pages.push(linesOf(pieces).join('\n'));
      page.cleanup();
    }
  } finally {
    await document.destroy();
  }
  const text = pages.join('\n');
  if ((text.match(/\p{L}/gu) ?? []).length < MIN_LETTERS) throw new PlanFileError(PLAN_FILE_MESSAGES.scannedPdf);
  return text;
}

// Pieces on the same baseline (within 2 points) make a line, top to bottom, left to right.
function linesOf(pieces: readonly Piece[]): string[] {
  const sorted = [...pieces].sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: Piece[][] = [];
  for (const piece of sorted) {
    const line = lines[lines.length - 1];
    if (line && Math.abs(line[0]!.y - piece.y) <= 2) line.push(piece);
    else lines.push([piece]);
  }
  return lines.map((line) => {
    const ordered = line.sort((a, b) => a.x - b.x);
    let text = '';
    let end: number | null = null;
    for (const piece of ordered) {
      // PDF.js fills a gap with a blank piece as wide as the gap.
      if (piece.text.trim() === '') {
        if (piece.width > CELL_GAP) text = `${text.trimEnd()}\t`;
        else if (!/\s$/.test(text)) text += ' ';
        end = piece.x + piece.width;
        continue;
      }
      if (end !== null) {
        const gap = piece.x - end;
        if (gap > CELL_GAP && !text.endsWith('\t')) text = `${text.trimEnd()}\t`;
        else if (gap > 1 && !/\s$/.test(text) && !piece.text.startsWith(' ')) text += ' ';
      }
      text += piece.text;
      end = piece.x + piece.width;
    }
    return text.trimEnd();
  });
}

/** Imports a plan from the bytes of a PDF with a text layer. */
export async function importPlanPdf(bytes: Uint8Array): Promise<ImportedPlan> {
  return importPlanText(await pdfText(bytes));
}
