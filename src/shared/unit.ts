import * as z from 'zod/mini';
import type { Text } from './text';

/** Kinds of unit: the administrative tree plus the agencies a commune keeps. */
export const UNIT_KINDS = ['province', 'district', 'commune', 'station', 'post_office', 'agency'] as const;
export const unitKindSchema = z.enum(UNIT_KINDS);
export type UnitKind = z.infer<typeof unitKindSchema>;

/**
 * A unit of the tree. `id` is opaque: statistics-office codes were reused after 1/7/2025 with
 * other meanings, so a code alone does not name a unit; `validFrom`/`validTo` bound its era.
 */
export const unitSchema = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(64)),
  code: z.string().check(z.maxLength(32)),
  name: z.string().check(z.minLength(1), z.maxLength(200)),
  kind: unitKindSchema,
  parentId: z.nullable(z.string()),
  validFrom: z.optional(z.nullable(z.iso.date())),
  validTo: z.optional(z.nullable(z.iso.date())),
});
export type Unit = z.infer<typeof unitSchema>;

/** Names of the unit kinds, as officers say them. */
export const UNIT_KIND_LABELS: Readonly<Record<UnitKind, Text>> = {
  province: { vi: 'Tỉnh, thành phố', en: 'Province' },
  district: { vi: 'Huyện, thị xã, thành phố thuộc tỉnh', en: 'District' },
  commune: { vi: 'Xã, phường, thị trấn', en: 'Commune' },
  station: { vi: 'Trạm truyền thanh cơ sở', en: 'Loudspeaker station' },
  post_office: { vi: 'Điểm Bưu điện - Văn hóa xã', en: 'Post-office culture point' },
  agency: { vi: 'Cơ quan, đơn vị', en: 'Agency' },
};

/** A count of units of a kind, as an assignment summary says it: "21 xã", "21 stations". */
export const UNIT_KIND_COUNTS: Readonly<Record<UnitKind, Text>> = {
  province: { vi: '{n} tỉnh', en: '{n} provinces' },
  district: { vi: '{n} huyện', en: '{n} districts' },
  commune: { vi: '{n} xã', en: '{n} communes' },
  station: { vi: '{n} trạm truyền thanh', en: '{n} stations' },
  post_office: { vi: '{n} điểm BĐ-VHX', en: '{n} post offices' },
  agency: { vi: '{n} cơ quan', en: '{n} agencies' },
};

/** An index over a list of units for walking the tree both ways. */
export interface UnitIndex {
  readonly byId: ReadonlyMap<string, Unit>;
  readonly childrenOf: ReadonlyMap<string | null, readonly Unit[]>;
}

/** Builds the parent/child index of a unit list. */
export function indexUnits(units: readonly Unit[]): UnitIndex {
  const byId = new Map<string, Unit>();
  const childrenOf = new Map<string | null, Unit[]>();
  for (const unit of units) byId.set(unit.id, unit);
  for (const unit of units) {
    const parent = unit.parentId !== null && byId.has(unit.parentId) ? unit.parentId : null;
    const siblings = childrenOf.get(parent);
    if (siblings) siblings.push(unit);
    else childrenOf.set(parent, [unit]);
  }
  return { byId, childrenOf };
}

/** The unit and every unit below it, parents before children; each unit once, even in a cycle. */
export function subtreeOf(index: UnitIndex, rootId: string): Unit[] {
  const root = index.byId.get(rootId);
  if (!root) return [];
  const result: Unit[] = [];
  // Bad data (a unit made its own ancestor by an edit or an import) must not hang a report.
  const seen = new Set<string>();
  const stack: Unit[] = [root];
  while (stack.length > 0) {
    const unit = stack.pop()!;
    if (seen.has(unit.id)) continue;
    seen.add(unit.id);
    result.push(unit);
    const children = index.childrenOf.get(unit.id) ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return result;
}

/** The chain from the unit up to the root, the unit first. */
export function ancestorsOf(index: UnitIndex, unitId: string): Unit[] {
  const chain: Unit[] = [];
  const seen = new Set<string>();
  let current = index.byId.get(unitId);
  while (current && !seen.has(current.id)) {
    chain.push(current);
    seen.add(current.id);
    current = current.parentId === null ? undefined : index.byId.get(current.parentId);
  }
  return chain;
}

/** True when `unitId` is `rootId` or lies below it. */
export function isInSubtree(index: UnitIndex, rootId: string, unitId: string): boolean {
  return ancestorsOf(index, unitId).some((unit) => unit.id === rootId);
}

/** True when the unit exists at some time in `year` (its era's bounds are inclusive local dates). */
export function existsInYear(unit: Pick<Unit, 'validFrom' | 'validTo'>, year: number): boolean {
  return (unit.validTo ?? '9999') >= `${year}-01-01` && (unit.validFrom ?? '0000') <= `${year}-12-31`;
}

/** The day the two-level tree took over (Resolution 202/2025/QH15): districts gone, communes merged. */
export const REFORM_DATE = '2025-07-01';

/** How an old unit went into the new tree on 1/7/2025: whole into one unit, or shared among several. */
export type MergeKind = 'full' | 'partial';

/**
 * The name a report gives an old unit shared among several new ones, shown on its own line rather
 * than split: "Phường Đại Nài (sáp nhập một phần vào Phường Thành Sen, Phường Hà Huy Tập)".
 */
export function partialMergeName(name: string, successorNames: readonly string[]): string {
  return `${name} (sáp nhập một phần vào ${successorNames.join(', ')})`;
}
