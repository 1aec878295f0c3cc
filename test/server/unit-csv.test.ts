import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEMO_FILES } from '../../src/server/demo/demo';
import { parseUnitCsv } from '../../src/server/units/unit-csv';

describe('units CSV loader', () => {
  it('reads the national list with codes as strings, parents first, ids prefixed by era', () => {
    const units = parseUnitCsv(readFileSync(DEMO_FILES.nationalUnits, 'utf8'), {
      idPrefix: 'new:',
      validFrom: '2025-07-01',
    });
    expect(units.filter((u) => u.kind === 'province')).toHaveLength(34);
    expect(units.filter((u) => u.kind === 'commune')).toHaveLength(3321);
    const hanoi = units.find((u) => u.code === '01')!;
    expect(hanoi).toMatchObject({ id: 'new:01', name: 'Thành phố Hà Nội', parentId: null, validFrom: '2025-07-01' });
    expect(units.find((u) => u.code === '00004')).toMatchObject({ id: 'new:00004', parentId: 'new:01' });
    const seen = new Set<string>();
    for (const unit of units) {
      if (unit.parentId) expect(seen.has(unit.parentId), unit.id).toBe(true);
      seen.add(unit.id);
    }
  });

  it('keeps both eras apart although codes were reused', () => {
    const old = parseUnitCsv(readFileSync(DEMO_FILES.oldUnits, 'utf8'), { idPrefix: 'old:', validTo: '2025-06-30' });
    const now = parseUnitCsv(readFileSync(DEMO_FILES.newUnits, 'utf8'), { idPrefix: 'new:', validFrom: '2025-07-01' });
    expect(old.find((u) => u.code === '18682')!.name).toBe('Xã Cẩm Dương');
    expect(now.find((u) => u.code === '18682')!.name).toBe('Xã Yên Hòa');
    const ids = new Set([...old, ...now].map((u) => u.id));
    expect(ids.size).toBe(old.length + now.length);
    expect(old.filter((u) => u.kind === 'district')).toHaveLength(12);
  });

  it('reads quoted cells and refuses a file without the expected header', () => {
    const units = parseUnitCsv('code,name,level,parent_code\n1,"Tỉnh ""A"", mới",province,\n2,Xã B,commune,1\n', {
      idPrefix: 'x:',
    });
    expect(units.map((u) => u.name)).toEqual(['Tỉnh "A", mới', 'Xã B']);
    expect(() => parseUnitCsv('ma,ten\n1,A', { idPrefix: 'x:' })).toThrow(/code,name,level,parent_code/);
    expect(() => parseUnitCsv('code,name,level,parent_code\n1,A,hamlet,', { idPrefix: 'x:' })).toThrow(/cấp/);
  });
});
