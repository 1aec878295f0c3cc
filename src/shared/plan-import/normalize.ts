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

// Words an organisation's name starts with (as written, abbreviations included): a list splits
// before each ("Văn phòng UBND tỉnh, UBND các huyện, TP, TX, UBND các xã, phường, thị trấn" is two
// names, the second a kind of unit), never inside "UBND các xã, phường".
const ORGANISATION_HEAD =
  '(?:Văn phòng|VP|Phòng|Sở|Ban|Ủy ban|Uỷ ban|UBND|UBMTTQ|MTTQ|Trung tâm|TT(?=\\s+\\p{Lu})|Đài|Báo|Hội|Hiệp hội|Liên đoàn|Liên minh|Bưu điện|Công an|Bộ chỉ huy|Đoàn|Tỉnh đoàn|Huyện đoàn|Thị đoàn|Cục|Chi cục|Trường|Viện|Tòa án|Viện kiểm sát|Kho bạc|Thanh tra|Ngân hàng|Bảo hiểm|Các cơ quan|Các sở|Các phòng|Cơ quan|Đơn vị)(?=\\s|$|,)';
const BEFORE_HEAD = new RegExp(`\\s*,\\s*(?=${ORGANISATION_HEAD})|\\s+[-–]\\s+(?=${ORGANISATION_HEAD})`, 'u');
// "Các Sở: Nội vụ, Tư pháp" names the Sở of each: "Sở Nội vụ", "Sở Tư pháp".
const SHARED_HEAD = /^(?:Các|các)\s+(Sở|Phòng|Ban)\s*:\s*(.+)$/u;

/** Names of bodies in a lead or cooperating cell, split on lines, semicolons, bullets and lists. */
export function splitNames(cell: string): string[] {
  const names: string[] = [];
  for (const item of splitItems(cell)) {
    for (const piece of item.split(/\s*;\s*/)) {
      const trimmed = piece.replace(TRAILING_PUNCTUATION, '').trim();
      if (trimmed === '') continue;
      const shared = SHARED_HEAD.exec(trimmed);
      const split = shared
        ? shared[2]!.split(/\s*[,;]\s*/).map((name) => `${shared[1]} ${name.replace(TRAILING_PUNCTUATION, '')}`)
        : trimmed.split(BEFORE_HEAD);
      for (const name of split.map((n) => n.trim()).filter((n) => n !== ''))
        if (!names.includes(name)) names.push(name.slice(0, 500));
    }
  }
  return names;
}

const COOPERATING_WORDS = /[,;.]?\s*(?:và\s+)?(?:phối hợp với|phối hợp:|cơ quan phối hợp:|đơn vị phối hợp:)\s*/iu;
const LEAD_LABEL = /^(?:cơ quan |đơn vị )?chủ trì\s*[:,]?\s*/iu;

/**
 * A lead cell that also names who cooperates ("Sở Nội vụ phối hợp với Liên đoàn Lao động tỉnh",
 * "Chủ trì: A. Phối hợp: B"): the lead's words, and the cooperating words or null.
 */
export function splitLeadCell(cell: string): { lead: string; cooperating: string | null } {
  const at = COOPERATING_WORDS.exec(cell);
  if (!at || at.index === 0) return { lead: cell.replace(LEAD_LABEL, ''), cooperating: null };
  const lead = cell.slice(0, at.index).replace(LEAD_LABEL, '').trim();
  const cooperating = cell.slice(at.index + at[0].length).trim();
  return { lead, cooperating: cooperating === '' ? null : cooperating };
}
