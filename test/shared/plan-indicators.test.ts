// A plan's indicators computed from the facts the reports read: the share of units of a kind that
// logged a kind of activity (with a figure at least n) in each closed month or quarter, or that
// hold a stock of it at the end of the period; the two built-in indicators are such definitions.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, type DateRange, monthsOverlapping, periodRange } from '../../src/shared/period';
import { type Indicator, indicatorSchema } from '../../src/shared/plan';
import {
  BUILT_IN_INDICATORS,
  computeCoverage,
  computePlanIndicator,
  type Fact,
  materialStock,
} from '../../src/shared/report';
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

describe('an indicator of what a unit holds', () => {
  const points: Unit[] = [
    ...units,
    { id: 'p1', code: '1p', name: 'Điểm BĐ-VHX Cẩm Thành', kind: 'post_office', parentId: 'c1' },
    { id: 'p2', code: '2p', name: 'Điểm BĐ-VHX Cẩm Bình', kind: 'post_office', parentId: 'c2' },
  ];
  const pointIndex = indexUnits(points);
  const material = (unitId: string, date: string, direction: 'received' | 'distributed', copies: number): Fact => ({
    unitId,
    date,
    kind: 'material',
    taskId: null,
    receivedOn: date,
    entries: 1,
    count: 1,
    figures: direction === 'received' ? { copiesReceived: copies } : { copiesDistributed: copies },
  });
  const holds: Indicator = {
    id: 'chi-tieu-5',
    text: '100% điểm Bưu điện văn hóa xã có tài liệu tuyên truyền về CCHC',
    unitKind: 'post_office',
    activityKind: 'material',
    figure: null,
    every: 'quarter',
    share: 1,
    measure: 'held',
  };
  const held = (definition: Indicator, facts: Fact[], asOf = '2021-04-15') =>
    computePlanIndicator(definition, points, pointIndex, facts, range, asOf, 'calendar');
  // Both received 100 copies last year; Cẩm Bình handed all of them out in February.
  const facts = [
    material('p1', '2020-11-02', 'received', 100),
    material('p2', '2020-11-02', 'received', 100),
    material('p1', '2021-02-10', 'distributed', 30),
    material('p2', '2021-02-10', 'distributed', 100),
  ];

  it('counts the points still holding copies at the end of the period, not those emptied', () => {
    expect(held(holds, facts)).toMatchObject({
      eligible: 2,
      covered: 1,
      uncovered: [{ unitId: 'p2', name: 'Điểm BĐ-VHX Cẩm Bình' }],
    });
  });

  it('reads the stock on the last day of the period, or today while it runs', () => {
    // A delivery after the period does not fill it back.
    const later = [...facts, material('p2', '2021-04-05', 'received', 50)];
    expect(held(holds, later)?.covered).toBe(1);
    // On 05/02 the period still runs and Cẩm Bình still held its copies.
    expect(held(holds, facts, '2021-02-05')?.covered).toBe(2);
  });

  it('asks for at least the stocked figure when a minimum is set', () => {
    expect(held({ ...holds, figure: { name: 'copies', atLeast: 70 } }, facts)?.covered).toBe(1);
    expect(held({ ...holds, figure: { name: 'copies', atLeast: 71 } }, facts)?.covered).toBe(0);
  });

  it('reads a commune through the points below it', () => {
    expect(held({ ...holds, unitKind: 'commune' }, facts)).toMatchObject({ eligible: 2, covered: 1 });
  });

  it('is not computed for a kind that has no stock', () => {
    expect(held({ ...holds, activityKind: 'broadcast' }, facts)).toBeNull();
    expect(held({ ...holds, activityKind: null }, facts)).toBeNull();
  });
});

describe('the two built-in indicators as definitions', () => {
  it('keep their ids and labels, and a plan may define them the same way', () => {
    expect(BUILT_IN_INDICATORS.map((i) => [i.id, i.text])).toEqual([
      ['station_broadcast_monthly', 'Xã có chuyên mục CCHC trên loa truyền thanh mỗi tháng'],
      ['post_office_holds_material', 'Điểm Bưu điện - Văn hóa xã có tài liệu CCHC'],
    ]);
    for (const definition of BUILT_IN_INDICATORS) expect(indicatorSchema.parse(definition)).toEqual(definition);
  });

  // The rules the report applied before the built-ins were definitions, written out as they were.
  function asBefore(subtree: Unit[], facts: Fact[], r: DateRange, asOf: string) {
    const tree = indexUnits(subtree);
    const below = (id: string): string[] => [id, ...(tree.childrenOf.get(id) ?? []).flatMap((c) => below(c.id))];
    const begun = monthsOverlapping(r, 'decree09')
      .map((m) => periodRange(m, 'decree09'))
      .filter((m) => m.from <= asOf);
    const closed = begun.filter((m) => m.to < asOf);
    const months = closed.length > 0 ? closed : begun;
    const communes = subtree.filter((x) => x.kind === 'commune');
    const aired = communes.filter((c) => {
      const mine = facts.filter((f) => f.kind === 'broadcast' && below(c.id).includes(f.unitId));
      return months.length > 0 && months.every((m) => mine.some((f) => f.date >= m.from && f.date <= m.to));
    });
    const stockDate = asOf < r.to ? asOf : r.to;
    const points = subtree.filter((x) => x.kind === 'post_office');
    const holding = points.filter(
      (p) => materialStock(facts.filter((f) => f.kind === 'material' && f.unitId === p.id && f.date <= stockDate)) > 0,
    );
    return [
      { eligible: communes.length, covered: aired.length },
      { eligible: points.length, covered: holding.length },
    ];
  }

  it('judge every unit as the hard-coded rules did (random facts, seeded)', () => {
    const seed = Number(process.env.FC_SEED ?? Date.now() % 2_147_483_647);
    console.log(`plan-indicators built-ins seed: ${seed} (rerun with FC_SEED=${seed})`);
    const tree: Unit[] = [
      { id: 'd', code: 'd', name: 'Huyện', kind: 'district', parentId: null },
      ...[1, 2, 3].flatMap((n): Unit[] => [
        { id: `c${n}`, code: `c${n}`, name: `Xã ${n}`, kind: 'commune', parentId: 'd' },
        { id: `s${n}`, code: `s${n}`, name: `Trạm ${n}`, kind: 'station', parentId: `c${n}` },
        { id: `p${n}`, code: `p${n}`, name: `Điểm ${n}`, kind: 'post_office', parentId: `c${n}` },
      ]),
    ];
    const tree_ = indexUnits(tree);
    const day = fc.integer({ min: 0, max: 200 }).map((n) => addDays('2021-05-01', n));
    const fact = fc.record({
      unitId: fc.constantFrom(...tree.map((x) => x.id)),
      date: day,
      kind: fc.constantFrom('broadcast' as const, 'material' as const, 'article' as const),
      copies: fc.integer({ min: 1, max: 50 }),
      received: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(fact, { maxLength: 40 }), day, (drawn, asOf) => {
        const facts: Fact[] = drawn.map((d) => ({
          unitId: d.unitId,
          date: d.date,
          kind: d.kind,
          taskId: null,
          receivedOn: d.date,
          entries: 1,
          count: 1,
          figures:
            d.kind === 'material'
              ? { [d.received ? 'copiesReceived' : 'copiesDistributed']: d.copies }
              : { sessions: 1 },
        }));
        const q3 = periodRange({ type: 'quarter', year: 2021, index: 3 }, 'decree09');
        const now = computeCoverage(tree, tree_, facts, q3, asOf, 'decree09');
        expect(now.map((c) => c.id)).toEqual(['station_broadcast_monthly', 'post_office_holds_material']);
        expect(now.map(({ eligible, covered }) => ({ eligible, covered }))).toEqual(asBefore(tree, facts, q3, asOf));
      }),
      { seed, numRuns: 300 },
    );
  });
});
