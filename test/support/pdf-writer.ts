/**
 * A tiny PDF writer for tests: pages of text lines with a real text layer (a Type0 font whose
 * codes are Unicode code points, mapped back by a ToUnicode CMap), or a page with no text at all
 * (what a scanner makes). No font program is embedded: a reader extracts the text from the CMap.
 */

/** A run of text placed on a page: its left end and baseline, in points from the bottom left. */
export interface PlacedText {
  readonly x: number;
  readonly y: number;
  readonly text: string;
}

/** A horizontal line drawn on a page (a table's border), in points from the bottom left. */
export interface DrawnRule {
  readonly y: number;
  readonly x0: number;
  readonly x1: number;
}

/**
 * One page: its lines of text, top to bottom (a tab starts a cell, and the cells of consecutive
 * lines with tabs line up in columns, as a table is laid out); runs of text placed where they
 * should be, with lines drawn; or `null`, a filled box and no text (a scan).
 */
export type PdfPage =
  | readonly string[]
  | { readonly placed: readonly PlacedText[]; readonly rules?: readonly DrawnRule[] }
  | null;

/** Points one glyph of the test font advances (every glyph is as wide). */
export const GLYPH_WIDTH = 5;
const LINE_STEP = 14;
const CELL_PADDING = 6;

/**
 * A table as Word lays it out: each cell's words wrap within its column (`widths`, in points; a
 * line break in a cell starts a paragraph),
 * a row is as tall as its tallest cell plus padding, body text starts at the top left of its
 * cell, header text is centred; `centred` names body columns centred too (ordinals, rates). A
 * row with fewer cells than columns has its last cell merged across the rest (a section's title).
 * `middle`: body cells centred vertically too. `bordered`: borders drawn between rows, cell by cell.
 * Returns the runs, the borders and the baseline below the table.
 */
export function layoutTable(input: {
  readonly left: number;
  readonly top: number;
  readonly widths: readonly number[];
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
  readonly centred?: readonly number[];
  readonly middle?: boolean;
  readonly bordered?: boolean;
}): { placed: PlacedText[]; rules: DrawnRule[]; bottom: number } {
  const placed: PlacedText[] = [];
  const rules: DrawnRule[] = [];
  let y = input.top;
  const lefts = input.widths.map((_, i) => input.left + input.widths.slice(0, i).reduce((a, b) => a + b, 0));
  // A border sits half-way between a row's last baseline and the next row's first.
  const border = (at: number) => {
    if (!input.bordered) return;
    input.widths.forEach((width, i) => {
      rules.push({ y: at, x0: lefts[i]!, x1: lefts[i]! + width });
    });
  };
  const place = (cells: readonly string[], isCentred: (column: number) => boolean, isMiddle: boolean) => {
    // A row with fewer cells than columns: its last cell is merged across the columns left.
    const widthOf = (i: number) =>
      i === cells.length - 1 ? input.widths.slice(i).reduce((a, b) => a + b, 0) : input.widths[i]!;
    const wrapped = cells.map((cell, i) => wrapWords(cell, widthOf(i) - 2 * CELL_PADDING));
    const height = Math.max(1, ...wrapped.map((lines) => lines.length));
    border(y + 10);
    wrapped.forEach((lines, i) => {
      const down = isMiddle ? ((height - lines.length) / 2) * LINE_STEP : 0;
      lines.forEach((line, n) => {
        const room = widthOf(i) - 2 * CELL_PADDING - [...line].length * GLYPH_WIDTH;
        const x = lefts[i]! + CELL_PADDING + (isCentred(i) ? room / 2 : 0);
        placed.push({ x, y: y - down - n * LINE_STEP, text: line });
      });
    });
    y -= height * LINE_STEP + CELL_PADDING;
  };
  place(input.header, () => true, false);
  for (const row of input.rows) place(row, (i) => input.centred?.includes(i) ?? false, input.middle ?? false);
  border(y + 10);
  return { placed, rules, bottom: y };
}

// Words to lines no wider than `width` points (a word longer than a line stands alone); a line
// break in the text starts a paragraph.
function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line: string | null = null;
    for (const word of paragraph.split(/\s+/).filter((w) => w !== '')) {
      if (line !== null && [...`${line} ${word}`].length * GLYPH_WIDTH <= width) line = `${line} ${word}`;
      else {
        if (line !== null) lines.push(line);
        line = word;
      }
    }
    if (line !== null) lines.push(line);
  }
  return lines;
}

// Lines as placed runs: a tab starts a cell 30 points after the widest cell before it among the
// consecutive lines with tabs, so that a table's columns line up.
function placeLines(page: readonly string[]): PlacedText[] {
  const placed: PlacedText[] = [];
  let at = 0;
  while (at < page.length) {
    let end = at + 1;
    if (page[at]!.includes('\t')) while (end < page.length && page[end]!.includes('\t')) end++;
    const block = page.slice(at, end).map((line) => line.split('\t'));
    const starts: number[] = [40];
    for (let column = 1; column < Math.max(...block.map((cells) => cells.length)); column++) {
      const widest = Math.max(...block.map((cells) => [...(cells[column - 1] ?? '').normalize('NFC')].length));
      starts.push(starts[column - 1]! + widest * GLYPH_WIDTH + 30);
    }
    block.forEach((cells, index) => {
      cells.forEach((cell, column) => {
        if (cell !== '') placed.push({ x: starts[column]!, y: 800 - (at + index) * LINE_STEP, text: cell });
      });
    });
    at = end;
  }
  return placed;
}

/** The bytes of a PDF with these pages. */
export function writePdf(pages: readonly PdfPage[]): Buffer {
  const objects: string[] = [];
  const add = (body: string) => {
    objects.push(body);
    return objects.length;
  };
  const catalog = add('');
  const pagesId = add('');
  const cmap = [
    '/CIDInit /ProcSet findresource begin 12 dict begin begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def /CMapType 2 def',
    '1 begincodespacerange <0000> <FFFF> endcodespacerange',
    '1 beginbfrange <0000> <FFFF> <0000> endbfrange',
    'endcmap CMapName currentdict /CMap defineresource pop end end',
  ].join('\n');
  const toUnicode = add(`<< /Length ${cmap.length} >>\nstream\n${cmap}\nendstream`);
  const descriptor = add(
    '<< /Type /FontDescriptor /FontName /TestSans /Flags 32 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 >>',
  );
  const cidFont = add(
    `<< /Type /Font /Subtype /CIDFontType2 /BaseFont /TestSans /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor ${descriptor} 0 R /DW 500 /CIDToGIDMap /Identity >>`,
  );
  const font = add(
    `<< /Type /Font /Subtype /Type0 /BaseFont /TestSans /Encoding /Identity-H /DescendantFonts [${cidFont} 0 R] /ToUnicode ${toUnicode} 0 R >>`,
  );
  const pageIds: number[] = [];
  for (const page of pages) {
    let content: string;
    // A page wide enough for its text: an appendix's table is often on a landscape page.
    let width = 595;
    if (page === null) content = '0.5 g 50 50 495 742 re f';
    else {
      const placed = 'placed' in page ? page.placed : placeLines(page);
      for (const { x, text } of placed) width = Math.max(width, Math.ceil(x + [...text].length * GLYPH_WIDTH + 40));
      // Borders drawn at half scale under a transformation, as some writers do: a reader follows it.
      const rules = ('rules' in page ? (page.rules ?? []) : []).map(
        ({ y, x0, x1 }) => `q 0.5 0 0 0.5 0 0 cm 1 w ${2 * x0} ${2 * y} m ${2 * x1} ${2 * y} l S Q`,
      );
      const texts = placed.map(({ x, y, text }) => {
        const hex = [...text.normalize('NFC')].map((ch) => ch.codePointAt(0)!.toString(16).padStart(4, '0')).join('');
        return `BT /F1 10 Tf ${+x.toFixed(2)} ${+y.toFixed(2)} Td <${hex}> Tj ET`;
      });
      content = [...rules, ...texts].join('\n');
    }
    const stream = add(`<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`);
    pageIds.push(
      add(
        `<< /Type /Page /Parent ${pagesId} 0 R /MediaBox [0 0 ${width} 842] /Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${stream} 0 R >>`,
      ),
    );
  }
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesId} 0 R >>`;
  objects[pagesId - 1] =
    `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pageIds.length} >>`;
  let pdf = '%PDF-1.7\n';
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(Buffer.byteLength(pdf, 'latin1'));
    pdf += `${index + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf, 'latin1');
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) pdf += `${String(offset).padStart(10, '0')} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}
