import { describe, expect, it } from 'vitest';
import { ancestorsOf, indexUnits, isInSubtree, subtreeOf, type Unit, unitSchema } from '../../src/shared/unit';

function unit(id: string, parentId: string | null, kind: Unit['kind'] = 'commune'): Unit {
  return { id, code: id, name: `Đơn vị ${id}`, kind, parentId };
}

// province > district > 2 communes (one with a station and a post office), province > commune (no district)
const UNITS: Unit[] = [
  unit('p', null, 'province'),
  unit('d', 'p', 'district'),
  unit('c1', 'd'),
  unit('c2', 'd'),
  unit('s1', 'c1', 'station'),
  unit('po1', 'c1', 'post_office'),
  unit('c3', 'p'),
];
const ids = (units: readonly Unit[]) => units.map((u) => u.id);

describe('unit schema', () => {
  it('accepts a unit and rejects an unknown kind or an empty id', () => {
    expect(unitSchema.safeParse(unit('x', null)).success).toBe(true);
    expect(unitSchema.safeParse({ ...unit('x', null), validFrom: '2025-07-01', validTo: null }).success).toBe(true);
    expect(unitSchema.safeParse({ ...unit('x', null), kind: 'village' }).success).toBe(false);
    expect(unitSchema.safeParse({ ...unit('x', null), id: '' }).success).toBe(false);
    expect(unitSchema.safeParse({ ...unit('x', null), validFrom: '01/07/2025' }).success).toBe(false);
  });
});

describe('walking the tree', () => {
  const index = indexUnits(UNITS);

  it('lists a subtree parents first, at any depth, with and without a district', () => {
    expect(ids(subtreeOf(index, 'p'))).toEqual(['p', 'd', 'c1', 's1', 'po1', 'c2', 'c3']);
    expect(ids(subtreeOf(index, 'd'))).toEqual(['d', 'c1', 's1', 'po1', 'c2']);
    expect(ids(subtreeOf(index, 'c1'))).toEqual(['c1', 's1', 'po1']);
    expect(ids(subtreeOf(index, 's1'))).toEqual(['s1']);
    expect(subtreeOf(index, 'nowhere')).toEqual([]);
  });

  it('lists ancestors from the unit up', () => {
    expect(ids(ancestorsOf(index, 's1'))).toEqual(['s1', 'c1', 'd', 'p']);
    expect(ids(ancestorsOf(index, 'c3'))).toEqual(['c3', 'p']);
    expect(ancestorsOf(index, 'nowhere')).toEqual([]);
  });

  it('tells whether a unit is in a subtree', () => {
    expect(isInSubtree(index, 'p', 's1')).toBe(true);
    expect(isInSubtree(index, 'd', 'd')).toBe(true);
    expect(isInSubtree(index, 'd', 'c3')).toBe(false);
    expect(isInSubtree(index, 'c1', 'c2')).toBe(false);
    expect(isInSubtree(index, 's1', 'c1')).toBe(false);
  });

  it('treats a unit whose parent is missing from the list as a root', () => {
    const partial = indexUnits([unit('d', 'p', 'district'), unit('c1', 'd')]);
    expect(ids(partial.childrenOf.get(null) ?? [])).toEqual(['d']);
    expect(ids(subtreeOf(partial, 'd'))).toEqual(['d', 'c1']);
  });
});

describe('cycles in bad data do not hang', () => {
  it('a two-unit cycle', () => {
    const index = indexUnits([unit('a', 'b'), unit('b', 'a'), unit('c', 'a')]);
    expect(ids(subtreeOf(index, 'a')).sort()).toEqual(['a', 'b', 'c']);
    expect(ids(ancestorsOf(index, 'c'))).toEqual(['c', 'a', 'b']);
    expect(isInSubtree(index, 'b', 'c')).toBe(true);
    expect(isInSubtree(index, 'x', 'c')).toBe(false);
  });

  it('a unit that is its own parent', () => {
    const index = indexUnits([unit('a', 'a'), unit('b', 'a')]);
    expect(ids(subtreeOf(index, 'a'))).toEqual(['a', 'b']);
    expect(ids(ancestorsOf(index, 'b'))).toEqual(['b', 'a']);
  });
});
