/** The header of a plan: its number, title, issuer, year and date of issue. */
import { isRealDate } from '../format';
import { cleanDocumentText, squash } from './normalize';
import type { PlanHeader } from './types';

const NUMBER_LINE = /^Số\s*:\s*(.*)$/iu;
const ANNEX_LINE =
  /kèm theo\s+(?:Kế hoạch|Quyết định|Công văn)\s+số\s*([^\s,]*)\s*(?:ngày\s+(\d{1,2})\/(\d{1,2})\/(\d{4}))?/iu;
// "Cẩm Xuyên, ngày 20 tháng 01 năm 2021": a place, a comma, the date; not a date cited in a recital.
const DATE_LINE = /^[^,]{2,40},\s*ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})/iu;
const DATE_LINE_YEAR = /^[^,]{2,40},\s*ngày.*năm\s+(\d{4})/iu;
const HEADING = /^KẾ HOẠCH$/u;
const YEAR_IN_TITLE = /năm\s+(\d{4})(?!.*năm\s+\d{4})/iu;
const LETTERHEAD = /^(?:ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|UBND|SỞ|BỘ|HỘI ĐỒNG NHÂN DÂN)(?:\s|$)/u;
const ISSUER_IN_TITLE = /\s+của\s+(.+)$/u;
const CLOSING = /Trên đây là Kế hoạch.*?\s+của\s+(.+?)(?:,|\.|;|\s+yêu cầu)/u;
const ANNEX_ISSUER = /kèm theo[^)]*?\s+của\s+([^)]+)\)/u;

/** Reads a plan's header from its text; fields it cannot find are null (the title empty). */
export function parsePlanHeader(text: string): PlanHeader {
  const lines = cleanDocumentText(text)
    .split('\n')
    .map((line) => squash(line));
  const top = lines.slice(0, 40);
  const annex = lines.map((line) => ANNEX_LINE.exec(line)).find((match) => match !== null) ?? null;

  let number: string | null = null;
  const numberLine = top.map((line) => NUMBER_LINE.exec(line)).find((match) => match !== null);
  if (numberLine) number = cleanNumber(numberLine[1]!);
  if (number === null && annex) number = cleanNumber(annex[1]!);

  let issuedOn: string | null = null;
  const dateLine = top.map((line) => DATE_LINE.exec(line)).find((match) => match !== null);
  if (dateLine) issuedOn = isoOf(dateLine[3]!, dateLine[2]!, dateLine[1]!);
  if (issuedOn === null && annex?.[4]) issuedOn = isoOf(annex[4], annex[3]!, annex[2]!);

  const title = readTitle(lines);
  const titleYear = YEAR_IN_TITLE.exec(title);
  const dateYear = top.map((line) => DATE_LINE_YEAR.exec(line)).find((match) => match !== null);
  const yearText = titleYear?.[1] ?? issuedOn?.slice(0, 4) ?? dateYear?.[1] ?? null;
  const year = yearText ? Number(yearText) : null;

  return { number, title, issuer: withPlace(readIssuer(lines, title), title), year, issuedOn };
}

// "Chủ tịch UBND tỉnh" names no province; the title does ("… TỈNH BÌNH ĐỊNH NĂM 2017"): the issuer
// keeps its place's name, "Chủ tịch UBND tỉnh Bình Định".
const BARE_LEVEL = /(?:^|\s)(tỉnh|huyện|thị xã|thành phố|xã|phường|thị trấn)$/iu;
const LEVELS = 'tỉnh|huyện|thị xã|thành phố|xã|phường|thị trấn';

function withPlace(issuer: string | null, title: string): string | null {
  if (!issuer) return issuer;
  const bare = BARE_LEVEL.exec(issuer);
  if (!bare) return issuer;
  const level = bare[1]!.toLowerCase();
  const place = new RegExp(
    `(?:^|\\s)${level}\\s+((?:\\p{Lu}[\\p{L}]*\\s*){1,4}?)(?=\\s+(?:năm|giai đoạn|${LEVELS})\\b|$)`,
    'iu',
  ).exec(title.replace(/\s+/g, ' '));
  if (!place) return issuer;
  const name = place[1]!
    .trim()
    .toLowerCase()
    .replace(/(^|\s)(\p{L})/gu, (_, space: string, letter: string) => space + letter.toUpperCase());
  if (/\d/.test(name) || name === '') return issuer;
  return `${issuer} ${name}`.slice(0, 500);
}

// "152 /KH-UBND" → "152/KH-UBND"; a number left blank for signing ("/QĐ-UBND") is no number.
function cleanNumber(raw: string): string | null {
  const number = raw
    .replace(/\s*\/\s*/g, '/')
    .replace(/[\s.,;]+$/, '')
    .trim();
  return /\d/.test(number) ? number.slice(0, 100) : null;
}

// The title is the line (or lines) under the "KẾ HOẠCH" heading, up to a blank line or a
// parenthesised note such as "(Ban hành kèm theo …)".
function readTitle(lines: readonly string[]): string {
  const at = lines.findIndex((line) => HEADING.test(line));
  if (at < 0) return '';
  let index = at + 1;
  while (index < lines.length && lines[index] === '') index++;
  const parts: string[] = [];
  for (; index < lines.length && parts.length < 4; index++) {
    const line = lines[index]!;
    // A PDF's text has no blank line after the title: the appendix heading, a table's header, a
    // recital ("Thực hiện Quyết định…", "Căn cứ…") or a numbered section ends it too.
    if (line === '' || line.startsWith('(') || /^[IVX]+\.\s/u.test(line)) break;
    if (parts.length > 0 && /^(?:PHỤ LỤC|S?TT\s|Căn cứ|Thực hiện\s|Để\s|Nhằm\s|\d+\.\s)/u.test(line)) break;
    parts.push(line);
  }
  return parts.join(' ').slice(0, 1000);
}

// The issuer: the letterhead ("ỦY BAN NHÂN DÂN / THỊ XÃ AN NHƠN"), else "… của Sở Nội vụ" at
// the end of the title, else the closing sentence, else the annex note. Signature lines ("TM.",
// "KT.") name no place and are skipped.
function readIssuer(lines: readonly string[], title: string): string | null {
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (!LETTERHEAD.test(line) || line !== line.toUpperCase()) continue;
    // Word's raw text puts a blank line between paragraphs: the place is the next non-blank line.
    const next = lines.slice(index + 1, index + 4).find((candidate) => candidate !== '') ?? '';
    const isBodyOnly = /^(?:ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|UBND)$/u.test(line);
    if (isBodyOnly && next !== '' && next === next.toUpperCase() && !/CỘNG HÒA|CỘNG HOÀ/u.test(next)) {
      return `${line} ${next}`;
    }
    if (!isBodyOnly) return line.slice(0, 500);
  }
  const inTitle = ISSUER_IN_TITLE.exec(title);
  if (inTitle && !/năm\s+\d{4}$/u.test(inTitle[1]!)) return inTitle[1]!.slice(0, 500);
  for (const line of lines) {
    const closing = CLOSING.exec(line);
    if (closing) return closing[1]!.trim().slice(0, 500);
  }
  for (const line of lines) {
    const annex = ANNEX_ISSUER.exec(line);
    if (annex) return annex[1]!.trim().slice(0, 500);
  }
  return null;
}

function isoOf(year: string, month: string, day: string): string | null {
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  return isRealDate(iso) ? iso : null;
}
