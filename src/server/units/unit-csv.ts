import { toNfc } from '../../shared/text';
import type { Unit, UnitKind } from '../../shared/unit';

/** How to name the units of one CSV era: an id prefix and the dates the era is valid. */
export interface UnitCsvEra {
  /** Prepended to each code to make an id that stays unique across eras ("old:", "new:"). */
  idPrefix: string;
  validFrom?: string | null;
  validTo?: string | null;
}

/**
 * Parses a units CSV (`code,name,level,parent_code`) into units, parents first. Codes are kept as
 * strings with their leading zeros; ids are `prefix + code` because codes were reused after the
 * 2025 reform with other meanings.
 */
export function parseUnitCsv(text: string, era: UnitCsvEra): Unit[] {
  const lines = toNfc(text.replace(/^\uFEFF/, ''))
    .split(/\r?\n/)
    .filter((l) => l.trim().length > 0);
  const header = lines
    .shift()
    ?.split(',')
    .map((h) => h.trim());
  if (header?.join(',') !== 'code,name,level,parent_code') {
    throw new Error('Tệp đơn vị phải có dòng tiêu đề "code,name,level,parent_code".');
  }
  const units: Unit[] = [];
  for (const [index, line] of lines.entries()) {
    const cells = splitCsvLine(line);
    const [code, name, level, parentCode] = cells.map((c) => c.trim());
    if (!code || !name || !level) throw new Error(`Dòng ${index + 2} của tệp đơn vị thiếu mã, tên hoặc cấp.`);
    if (!['province', 'district', 'commune'].includes(level)) {
      throw new Error(`Dòng ${index + 2}: cấp "${level}" không hợp lệ.`);
    }
    units.push({
      id: era.idPrefix + code,
      code,
      name,
      kind: level as UnitKind,
      parentId: parentCode ? era.idPrefix + parentCode : null,
      validFrom: era.validFrom ?? null,
      validTo: era.validTo ?? null,
    });
  }
  return sortParentsFirst(units);
}

/** Orders units so that every parent comes before its children. */
function sortParentsFirst(units: readonly Unit[]): Unit[] {
  const ids = new Set(units.map((u) => u.id));
  const depth = new Map<string, number>();
  const byId = new Map(units.map((u) => [u.id, u]));
  const depthOf = (unit: Unit, guard = 0): number => {
    const known = depth.get(unit.id);
    if (known !== undefined) return known;
    const parent = unit.parentId && ids.has(unit.parentId) ? byId.get(unit.parentId) : undefined;
    const d = parent && guard < 50 ? depthOf(parent, guard + 1) + 1 : 0;
    depth.set(unit.id, d);
    return d;
  };
  return [...units].sort((a, b) => depthOf(a) - depthOf(b));
}

/** The cells of one CSV line (double quotes around a cell, "" inside one). */
export function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        current += '"';
        i++;
      } else if (c === '"') quoted = false;
      else current += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      cells.push(current);
      current = '';
    } else current += c;
  }
  cells.push(current);
  return cells;
}
