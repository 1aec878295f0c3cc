/**
 * Vietnamese text hygiene. Word and PDF exports arrive decomposed (NFD) or with the old tone-mark
 * placement ("Hoà" for "Hòa"); comparisons and storage use one form.
 */

/** A label in both languages of the product: Vietnamese first, English for visiting officers. */
export interface Text {
  readonly vi: string;
  readonly en: string;
}

/** NFC form of a string, the only form stored or compared. */
export function toNfc(text: string): string {
  return text.normalize('NFC');
}

// Two placements of the tone mark are both in use for a syllable ending in "oa", "oe" or "uy":
// on the first vowel ("hòa") or on the second ("hoà"). Names are compared after mapping every
// such syllable to the second-vowel placement.
const OLD_TO_NEW_TONE: ReadonlyArray<readonly [RegExp, string]> = [
  [/òa(?![a-zđ])/g, 'oà'],
  [/óa(?![a-zđ])/g, 'oá'],
  [/ỏa(?![a-zđ])/g, 'oả'],
  [/õa(?![a-zđ])/g, 'oã'],
  [/ọa(?![a-zđ])/g, 'oạ'],
  [/òe(?![a-zđ])/g, 'oè'],
  [/óe(?![a-zđ])/g, 'oé'],
  [/ỏe(?![a-zđ])/g, 'oẻ'],
  [/õe(?![a-zđ])/g, 'oẽ'],
  [/ọe(?![a-zđ])/g, 'oẹ'],
  [/ùy(?![a-zđ])/g, 'uỳ'],
  [/úy(?![a-zđ])/g, 'uý'],
  [/ủy(?![a-zđ])/g, 'uỷ'],
  [/ũy(?![a-zđ])/g, 'uỹ'],
  [/ụy(?![a-zđ])/g, 'uỵ'],
];

// Old TCVN3/VNI converters write "Đ" as the look-alike Icelandic eth "Ð" (U+00D0): "Ðức Thọ".
function foldEth(text: string): string {
  return text.replace(/Ð/g, 'Đ').replace(/ð/g, 'đ');
}

/**
 * A key for comparing Vietnamese names: NFC, lower case, single spaces, and one tone-mark
 * placement, so that "Xã Yên Hòa" and "Xã Yên Hoà" compare equal.
 */
export function nameKey(name: string): string {
  let key = foldEth(toNfc(name)).toLowerCase().replace(/\s+/g, ' ').trim();
  for (const [pattern, replacement] of OLD_TO_NEW_TONE) key = key.replace(pattern, replacement);
  return key;
}

/** Lower-case ASCII form with diacritics removed ("Cẩm Xuyên" → "cam xuyen"), for search. */
export function foldDiacritics(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đð]/g, 'd')
    .replace(/[ĐÐ]/g, 'D')
    .toLowerCase();
}
