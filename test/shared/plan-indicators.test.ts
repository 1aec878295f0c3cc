// A plan's indicators computed from the facts the reports read: the share of units of a kind that
// logged a kind of activity (with a figure at least n) in each closed month or quarter.
import { describe, expect, it } from 'vitest';
import type { Indicator } from '../../src/shared/plan';
import { computePlanIndicator, type Fact } from '../../src/shared/report';
import { indexUnits, type Unit } from '../../src/shared/unit';

const units: Unit[] = [
  { id: 'd', code: 'd', name: 'Huyện Cẩm Xuyên', kind: 'district', parentId: null },
  { id: 'c1', code: '1', name: 'Xã Cẩm Thành', kind: 'commune', parentId: 'd' },
  { id: 's1', code: '1s', name: 'Trạm truyền thanh xã Cẩm Thành', kind: 'station', parentId: 'c1' },
  { id: 'c2', code: '2', name: 'Xã Cẩm Bình', kind: 'commune', parentId: 'd' },
  { id: 's2', code: '2s', name: 'Trạm truyền thanh xã Cẩm Bình', kind: 'station', parentId: 'c2' },
];
const index = indexUnits(units);

const fact = (unitId: string, date: string, sessions: number): Fact => ({
  unitId,
  date,
  kind: 'broadcast',
  taskId: null,
  receivedOn: date,
  entries: 1,
  count: sessions,
  figures: { sessions },
});

const stations: Indicator = {
  id: 'chi-tieu-3',
  text: '100% trạm truyền thanh cơ sở có chuyên mục tuyên truyền CCHC',
  unitKind: 'station',
  activityKind: 'broadcast',
  figure: null,
  every: 'month',
  share: 1,
};
// The first quarter of 2021 on calendar months, judged on 15/04/2021 (every month closed).
const range = { from: '2021-01-01', to: '2021-03-31' };
const compute = (definition: Indicator, facts: Fact[]) =>
  computePlanIndicator(definition, units, index, facts, range, '2021-04-15', 'calendar');

describe('a plan indicator computed', () => {
  const facts = [
    ...['2021-01-10', '2021-02-10', '2021-03-10'].map((date) => fact('s1', date, 4)),
    // Cẩm Bình aired in January and March only.
    ...['2021-01-12', '2021-03-12'].map((date) => fact('s2', date, 1)),
  ];

  it('counts the stations that aired every month', () => {
    expect(compute(stations, facts)).toMatchObject({
      id: 'chi-tieu-3',
      label: '100% trạm truyền thanh cơ sở có chuyên mục tuyên truyền CCHC',
      eligible: 2,
      covered: 1,
      share: 0.5,
      uncovered: [{ unitId: 's2', name: 'Trạm truyền thanh xã Cẩm Bình' }],
    });
  });

  it('judges a figure per period, and quarters as wholes', () => {
    const fourAMonth = { ...stations, figure: { name: 'sessions', atLeast: 4 } };
    expect(compute(fourAMonth, facts)?.covered).toBe(1);
    const quarterly = { ...stations, every: 'quarter' as const };
    expect(compute(quarterly, facts)?.covered).toBe(2);
  });

  it('reads a commune through its stations, and any kind when none is named', () => {
    const communes = { ...stations, unitKind: 'commune' as const, activityKind: null, every: 'quarter' as const };
    expect(compute(communes, facts)?.covered).toBe(2);
  });

  it('is not computed when it names no kind of unit', () => {
    expect(compute({ ...stations, unitKind: null }, facts)).toBeNull();
  });
});
