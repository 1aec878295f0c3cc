/** Text hygiene for imported plans: one Unicode form, no export debris, and a folded form to match words on. */
import { foldDiacritics, toNfc } from '../text';

// Word and PDF exports leave bookmarks, markdown emphasis and odd spaces behind; none of it is content.
const DEBRIS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\[bookmark:[^\]]*\]/g, ''],
  [/\*{1,3}/g, ''],
  [/^#{1,6}\s+/gm, ''],
  [/[\u00a0\u2007\u202f]/g, ' '],
  [/[\u200b-\u200d\ufeff]/g, ''],
  [/\r\n?/g, '\n'],
];

/** NFC text with export debris removed; tabs and line breaks are kept because tables live in them. */
export function cleanDocumentText(text: string): string {
  let clean = toNfc(text);
  for (const [pattern, replacement] of DEBRIS) clean = clean.replace(pattern, replacement);
  return clean;
}

/** One line of text: NFC, every run of white space (line breaks included) made one space, trimmed. */
export function squash(text: string): string {
  return cleanDocumentText(text).replace(/\s+/g, ' ').trim();
}

// Typos seen in real plans, in folded form, so that matching forgives them.
const FOLDED_TYPOS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\blong gep\b/g, 'long ghep'],
  [/\bqui\b/g, 'quy'],
  [/[\u2013\u2014\u2212]/g, '-'],
];

/**
 * Lower-case ASCII form for matching phrases: "Qúy III/2021" and "Quý III/2021" both become
 * "quy iii/2021"; white space is squashed.
 */
export function foldForMatch(text: string): string {
  let folded = foldDiacritics(squash(text));
  for (const [pattern, replacement] of FOLDED_TYPOS) folded = folded.replace(pattern, replacement);
  return folded;
}

/** True when a string starts with a lower-case letter: the tail of a sentence broken across a page. */
export function startsLowerCase(text: string): boolean {
  const first = text.trim().charAt(0);
  return first !== '' && first !== first.toUpperCase() && first === first.toLowerCase();
}

const TRAILING_PUNCTUATION = /[\s.;,:]+$/;
const LEADING_BULLET = /^\s*(?:[-+•*–]|\d+[.)]|[a-zđ][.)])\s+/u;

/**
 * The items of a list cell: one per line, and "- a. - b." bullets written on one line split too.
 * A dash inside a name ("Đài Phát thanh - Truyền hình") does not split: a bullet dash follows
 * punctuation that ends the previous item.
 */
export function splitItems(cell: string): string[] {
  const items: string[] = [];
  for (const line of cleanDocumentText(cell).split('\n')) {
    for (const part of line.split(/(?<=[.;:,])\s+[-+•]\s+(?=\S)/u)) {
      const item = squash(part.replace(LEADING_BULLET, '')).replace(TRAILING_PUNCTUATION, '');
      if (item !== '' && !items.includes(item)) items.push(item);
    }
  }
  return items;
}

// Words an organisation's name starts with; a comma list splits into names only when every part
// starts with one ("Sở Nội vụ, Sở Tư pháp"), never inside "UBND các xã, phường".
const ORGANISATION_HEADS =
  /^(?:Văn phòng|Phòng|Sở|Ban|Ủy ban|Uỷ ban|UBND|UBMTTQ|Trung tâm|Đài|Báo|Hội|Hiệp hội|Liên đoàn|Liên minh|Bưu điện|Công an|Bộ chỉ huy|Đoàn|Tỉnh đoàn|Huyện đoàn|Thị đoàn|Cục|Chi cục|Trường|Viện|Tòa án|Viện kiểm sát|Kho bạc|Thanh tra|Ngân hàng|Bảo hiểm)(?:\s|$)/u;

/** Names of bodies in a lead or cooperating cell, split on lines, semicolons and bullets. */
export function splitNames(cell: string): string[] {
  const names: string[] = [];
  for (const item of splitItems(cell)) {
    for (const piece of item.split(/\s*;\s*/)) {
      const trimmed = piece.replace(TRAILING_PUNCTUATION, '').trim();
      if (trimmed === '') continue;
      const parts = trimmed.split(/\s*,\s*/);
      const split = parts.length > 1 && parts.every((part) => ORGANISATION_HEADS.test(part)) ? parts : [trimmed];
      for (const name of split) if (!names.includes(name)) names.push(name.slice(0, 500));
    }
  }
  return names;
}
