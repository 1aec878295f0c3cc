/** Which kinds of unit a plan's words name: "UBND cấp xã" is every commune, not one body. */
import { foldDiacritics } from '../text';
import type { UnitKind } from '../unit';

function fold(text: string): string {
  return foldDiacritics(text).toLowerCase().replace(/\s+/g, ' ');
}

// Phrases of the plans that name a kind of unit rather than one unit.
const KIND_PHRASES: readonly [RegExp, UnitKind][] = [
  [/tram truyen thanh( co so| xa)?|he thong (loa|truyen thanh) (co so|cap xa)|dai truyen thanh (cap )?xa/, 'station'],
  [/(diem )?buu dien[ -]*van hoa xa|diem bdvhx|bdvhx|diem bd-vhx/, 'post_office'],
  [/ubnd (cap xa|cac xa)|cac xa,? (phuong,? )?thi tran|cap xa|ubnd xa|(?:^|\s)cac xa\b/, 'commune'],
  [/ubnd (cap huyen|cac huyen)|cac huyen,? (thanh pho,? )?thi xa/, 'district'],
];

/** Which kinds of unit the words name ("UBND cấp xã" → commune; "trạm truyền thanh cơ sở" → station). */
export function kindsNamedIn(text: string): UnitKind[] {
  const folded = fold(text);
  const kinds: UnitKind[] = [];
  for (const [pattern, kind] of KIND_PHRASES) if (pattern.test(folded) && !kinds.includes(kind)) kinds.push(kind);
  // "Trạm truyền thanh xã" names stations, not communes; "điểm bưu điện văn hóa xã" likewise.
  if ((kinds.includes('station') || kinds.includes('post_office')) && !/ubnd|cac xa|cap xa/.test(folded)) {
    return kinds.filter((k) => k !== 'commune');
  }
  return kinds;
}
