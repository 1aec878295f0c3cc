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
  // "xã, phường, thị trấn" (and since 7/2025 "xã, phường, đặc khu") names the communes with or
  // without "các"; a lone "xã" is too often part of a name ("trạm truyền thanh xã") to count.
  [
    /ubnd (cap xa|cac xa)|cac xa,? (phuong,? )?thi tran|cap xa|ubnd xa|(?:^|\s)cac xa\b|(?:^|\s)xa,? phuong\b/,
    'commune',
  ],
  [/ubnd (cap huyen|cac huyen)|cac huyen,? (thanh pho,? )?thi xa|(?:^|\s)huyen,? (thi xa|thanh pho)\b/, 'district'],
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

// Abbreviations the plans write for bodies, in folded form: "Đài PTTH tỉnh", "Sở TT&TT".
const BODY_ABBREVIATIONS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bpt\s*[-&]?\s*th\b|\bptth\b/g, 'phat thanh truyen hinh'],
  [/\btt\s*[-&]\s*th\b|\btt-th\b/g, 'truyen thanh truyen hinh'],
  [/\btt\s*&\s*tt\b|\btt-tt\b|\btttt\b/g, 'thong tin truyen thong'],
  [/\bvh\s*[-&]\s*tt\b/g, 'van hoa thong tin'],
  [/\bubnd\b/g, 'uy ban nhan dan'],
  [/\bubmttq\b/g, 'uy ban mat tran to quoc'],
  [/\bvp\b/g, 'van phong'],
  [/\bs\.\s*/g, 'so '],
];
const LEVEL = /\s(tinh|huyen|thi xa|thanh pho)$/;

/** A body's name in a form that forgives abbreviations, "và" and dashes: "Sở TT&TT" = "Sở Thông tin và Truyền thông". */
export function bodyKey(name: string): string {
  let key = fold(name);
  for (const [pattern, full] of BODY_ABBREVIATIONS) key = key.replace(pattern, full);
  return key
    .replace(/[-–&.,()]/g, ' ')
    .replace(/\bva\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The place a unit is named for: "Tỉnh Hà Tĩnh" → "ha tinh", in `bodyKey` form. */
export function placeKey(unitName: string): string {
  return bodyKey(unitName).replace(/^(?:tinh|huyen|thi xa|thanh pho|xa|phuong|thi tran)\s+/, '');
}

/**
 * True when a body a plan names is this agency: "Đài PTTH tỉnh" in a plan of Tỉnh Hà Tĩnh is the
 * agency "Đài Phát thanh và Truyền hình Hà Tĩnh", "Sở TT&TT" is "Sở Thông tin và Truyền thông".
 */
export function namesAgency(name: string, agencyName: string, place: string): boolean {
  const written = bodyKey(name);
  const agency = bodyKey(agencyName);
  if (written === '' || agency === '') return false;
  const bare = written.replace(LEVEL, '');
  const candidates = new Set([written, bare, place === '' ? bare : `${bare} ${place}`]);
  const agencyBare = place === '' ? agency : agency.replace(new RegExp(`\\s${place}$`), '');
  return candidates.has(agency) || candidates.has(agencyBare.replace(LEVEL, ''));
}
