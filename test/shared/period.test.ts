import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysInRange,
  formatPeriodCode,
  intersectRanges,
  monthsOverlapping,
  type Period,
  type PeriodBasis,
  type PeriodType,
  parsePeriodCode,
  periodCodeSchema,
  periodContaining,
  periodLabel,
  periodRange,
} from '../../src/shared/period';

const SEED = Number(process.env.FC_SEED ?? Date.now() % 2_147_483_647);
console.log(`period.test.ts fast-check seed: ${SEED} (rerun with FC_SEED=${SEED})`);

function range(code: string, basis?: PeriodBasis) {
  const period = parsePeriodCode(code);
  if (!period) throw new Error(`bad code ${code}`);
  return periodRange(period, basis);
}

describe('period codes', () => {
  it.each([
    ['2021-M07', { type: 'month', year: 2021, index: 7 }],
    ['2021-M01', { type: 'month', year: 2021, index: 1 }],
    ['2021-M12', { type: 'month', year: 2021, index: 12 }],
    ['2021-Q3', { type: 'quarter', year: 2021, index: 3 }],
    ['2021-H1', { type: 'half', year: 2021, index: 1 }],
    ['2021-H2', { type: 'half', year: 2021, index: 2 }],
    ['2021-9M', { type: 'nine_months', year: 2021, index: 0 }],
    ['2021', { type: 'year', year: 2021, index: 0 }],
  ] as const)('parses %s and formats it back', (code, period) => {
    expect(parsePeriodCode(code)).toEqual(period);
    expect(formatPeriodCode(period)).toBe(code);
    expect(periodCodeSchema.safeParse(code).success).toBe(true);
  });

  it.each([
    '2021-M13',
    '2021-M00',
    '2021-Q5',
    '2021-Q0',
    '2021-M7',
    '21-Q1',
    '2021-H3',
    '2021-9',
    '2021-Q3-',
    'Q3-2021',
    '2021q3',
    '',
    'garbage',
    '20210',
  ])('rejects %j', (code) => {
    expect(parsePeriodCode(code)).toBeNull();
    const result = periodCodeSchema.safeParse(code);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/Mã kỳ báo cáo không hợp lệ/);
  });

  it('round-trips every code of a range of years (property)', () => {
    const periodArb = fc.oneof(
      fc.record({
        type: fc.constant<PeriodType>('month'),
        year: fc.integer({ min: 1900, max: 2999 }),
        index: fc.integer({ min: 1, max: 12 }),
      }),
      fc.record({
        type: fc.constant<PeriodType>('quarter'),
        year: fc.integer({ min: 1900, max: 2999 }),
        index: fc.integer({ min: 1, max: 4 }),
      }),
      fc.record({
        type: fc.constant<PeriodType>('half'),
        year: fc.integer({ min: 1900, max: 2999 }),
        index: fc.integer({ min: 1, max: 2 }),
      }),
      fc.record({
        type: fc.constantFrom<PeriodType>('nine_months', 'year'),
        year: fc.integer({ min: 1900, max: 2999 }),
        index: fc.constant(0),
      }),
    );
    fc.assert(
      fc.property(periodArb, (period: Period) => {
        expect(parsePeriodCode(formatPeriodCode(period))).toEqual(period);
      }),
      { seed: SEED },
    );
  });
});

describe('decree 09 ranges (the 14th closes the figures)', () => {
  it.each([
    ['2021-Q3', '2021-06-15', '2021-09-14'],
    ['2021-Q1', '2020-12-15', '2021-03-14'],
    ['2021-Q4', '2021-09-15', '2021-12-14'],
    ['2021-H1', '2020-12-15', '2021-06-14'],
    ['2021-H2', '2021-06-15', '2021-12-14'],
    ['2021-9M', '2020-12-15', '2021-09-14'],
    ['2021', '2020-12-15', '2021-12-14'],
    ['2021-M01', '2020-12-15', '2021-01-14'],
    ['2021-M07', '2021-06-15', '2021-07-14'],
    ['2021-M12', '2021-11-15', '2021-12-14'],
    ['2024-M03', '2024-02-15', '2024-03-14'],
  ])('%s = %s..%s', (code, from, to) => {
    expect(range(code)).toEqual({ from, to });
    expect(range(code, 'decree09')).toEqual({ from, to });
  });
});

describe('calendar ranges', () => {
  it.each([
    ['2021-Q3', '2021-07-01', '2021-09-30'],
    ['2021-H1', '2021-01-01', '2021-06-30'],
    ['2021-H2', '2021-07-01', '2021-12-31'],
    ['2021-9M', '2021-01-01', '2021-09-30'],
    ['2021', '2021-01-01', '2021-12-31'],
    ['2021-M01', '2021-01-01', '2021-01-31'],
    ['2021-M02', '2021-02-01', '2021-02-28'],
    ['2024-M02', '2024-02-01', '2024-02-29'],
    ['2000-M02', '2000-02-01', '2000-02-29'],
    ['2100-M02', '2100-02-01', '2100-02-28'],
    ['2021-M04', '2021-04-01', '2021-04-30'],
  ])('%s = %s..%s', (code, from, to) => {
    expect(range(code, 'calendar')).toEqual({ from, to });
  });
});

describe('the months of a year tile it', () => {
  for (const basis of ['decree09', 'calendar'] as const) {
    it(`on ${basis}: no gap, no overlap, same ends as the year, quarters and halves too (property)`, () => {
      fc.assert(
        fc.property(fc.integer({ min: 1901, max: 2998 }), (year) => {
          const yearRange = periodRange({ type: 'year', year, index: 0 }, basis);
          const months = Array.from({ length: 12 }, (_, i) =>
            periodRange({ type: 'month', year, index: i + 1 }, basis),
          );
          expect(months[0]!.from).toBe(yearRange.from);
          expect(months[11]!.to).toBe(yearRange.to);
          for (let i = 1; i < 12; i++) expect(months[i]!.from).toBe(addDays(months[i - 1]!.to, 1));
          expect(months.reduce((sum, m) => sum + daysInRange(m), 0)).toBe(daysInRange(yearRange));
          // The next year starts the day after this one ends.
          expect(periodRange({ type: 'year', year: year + 1, index: 0 }, basis).from).toBe(addDays(yearRange.to, 1));
          for (let q = 1; q <= 4; q++) {
            const quarter = periodRange({ type: 'quarter', year, index: q }, basis);
            expect(quarter).toEqual({ from: months[q * 3 - 3]!.from, to: months[q * 3 - 1]!.to });
          }
          expect(periodRange({ type: 'half', year, index: 1 }, basis)).toEqual({
            from: months[0]!.from,
            to: months[5]!.to,
          });
          expect(periodRange({ type: 'half', year, index: 2 }, basis)).toEqual({
            from: months[6]!.from,
            to: months[11]!.to,
          });
          expect(periodRange({ type: 'nine_months', year, index: 0 }, basis)).toEqual({
            from: months[0]!.from,
            to: months[8]!.to,
          });
          // Every day of the year lies in exactly one month, and periodContaining finds it.
          const day = addDays(yearRange.from, (year * 7919) % daysInRange(yearRange));
          const containing = months.filter((m) => m.from <= day && day <= m.to);
          expect(containing).toHaveLength(1);
          expect(periodRange(periodContaining(day, 'month', basis), basis)).toEqual(containing[0]);
        }),
        { seed: SEED, numRuns: 200 },
      );
    });
  }

  it('periodContaining agrees with periodRange for every day of 2020–2025 on both bases', () => {
    for (const basis of ['decree09', 'calendar'] as const) {
      for (let day = '2020-01-01'; day <= '2025-12-31'; day = addDays(day, 1)) {
        for (const type of ['month', 'quarter', 'half', 'year'] as const) {
          const r = periodRange(periodContaining(day, type, basis), basis);
          if (!(r.from <= day && day <= r.to)) throw new Error(`${basis} ${type} ${day} not in ${r.from}..${r.to}`);
        }
      }
    }
  });
});

describe('periodContaining', () => {
  it('puts the 14th in the month that closes on it and the 15th in the next (decree 09)', () => {
    expect(periodContaining('2021-07-14', 'month')).toEqual({ type: 'month', year: 2021, index: 7 });
    expect(periodContaining('2021-07-15', 'month')).toEqual({ type: 'month', year: 2021, index: 8 });
    expect(periodContaining('2021-09-14', 'quarter')).toEqual({ type: 'quarter', year: 2021, index: 3 });
    expect(periodContaining('2021-09-15', 'quarter')).toEqual({ type: 'quarter', year: 2021, index: 4 });
    expect(periodContaining('2021-06-14', 'half')).toEqual({ type: 'half', year: 2021, index: 1 });
    expect(periodContaining('2021-06-15', 'half')).toEqual({ type: 'half', year: 2021, index: 2 });
  });

  it('puts 15/12 and 31/12 in the next year on decree 09, in this year on the calendar', () => {
    expect(periodContaining('2021-12-14', 'year')).toEqual({ type: 'year', year: 2021, index: 0 });
    expect(periodContaining('2021-12-15', 'year')).toEqual({ type: 'year', year: 2022, index: 0 });
    expect(periodContaining('2021-12-31', 'month')).toEqual({ type: 'month', year: 2022, index: 1 });
    expect(periodContaining('2021-12-31', 'quarter')).toEqual({ type: 'quarter', year: 2022, index: 1 });
    expect(periodContaining('2021-12-31', 'month', 'calendar')).toEqual({ type: 'month', year: 2021, index: 12 });
    expect(periodContaining('2021-12-31', 'year', 'calendar')).toEqual({ type: 'year', year: 2021, index: 0 });
    expect(periodContaining('2021-07-15', 'month', 'calendar')).toEqual({ type: 'month', year: 2021, index: 7 });
    expect(periodContaining('2021-01-01', 'quarter', 'calendar')).toEqual({ type: 'quarter', year: 2021, index: 1 });
  });

  it("gives a date its year's nine months, the one period that does not tile the year", () => {
    expect(periodContaining('2021-09-14', 'nine_months')).toEqual({ type: 'nine_months', year: 2021, index: 0 });
    expect(periodContaining('2021-12-15', 'nine_months')).toEqual({ type: 'nine_months', year: 2022, index: 0 });
    expect(periodContaining('2021-10-01', 'nine_months')).toEqual({ type: 'nine_months', year: 2021, index: 0 });
  });

  it('handles 29/02 of a leap year', () => {
    expect(periodContaining('2024-02-29', 'month', 'calendar')).toEqual({ type: 'month', year: 2024, index: 2 });
    expect(periodContaining('2024-02-29', 'month')).toEqual({ type: 'month', year: 2024, index: 3 });
    expect(range('2024-M03')).toEqual({ from: '2024-02-15', to: '2024-03-14' });
    expect(daysInRange(range('2024-M03'))).toBe(29);
    expect(daysInRange(range('2023-M03'))).toBe(28);
  });
});

describe('labels', () => {
  it.each([
    ['2021-Q3', 'Quý III/2021', 'Q3 2021'],
    ['2021-Q1', 'Quý I/2021', 'Q1 2021'],
    ['2021-Q4', 'Quý IV/2021', 'Q4 2021'],
    ['2021-H1', '6 tháng đầu năm 2021', 'First half of 2021'],
    ['2021-H2', '6 tháng cuối năm 2021', 'Second half of 2021'],
    ['2021-9M', '9 tháng năm 2021', 'First nine months of 2021'],
    ['2021', 'Năm 2021', 'Year 2021'],
    ['2021-M07', 'Tháng 7/2021', 'July 2021'],
    ['2021-M12', 'Tháng 12/2021', 'December 2021'],
  ])('%s reads "%s" (en "%s") in NFC', (code, vi, en) => {
    const period = parsePeriodCode(code)!;
    const label = periodLabel(period);
    expect(label).toBe(vi.normalize('NFC'));
    expect(label).toBe(label.normalize('NFC'));
    // The NFD form of the same words is a different string: this is what NFC protects.
    if (/[^\x20-\x7e]/.test(vi)) expect(label).not.toBe(vi.normalize('NFD'));
    expect(periodLabel(period, 'vi')).toBe(label);
    expect(periodLabel(period, 'en')).toBe(en);
  });
});

describe('range helpers', () => {
  it('lists the months overlapping a range on each basis', () => {
    expect(monthsOverlapping(range('2021-Q3')).map(formatPeriodCode)).toEqual(['2021-M07', '2021-M08', '2021-M09']);
    expect(monthsOverlapping({ from: '2021-07-01', to: '2021-09-30' }).map(formatPeriodCode)).toEqual([
      '2021-M07',
      '2021-M08',
      '2021-M09',
      '2021-M10',
    ]);
    expect(monthsOverlapping({ from: '2021-12-20', to: '2022-01-05' }, 'calendar').map(formatPeriodCode)).toEqual([
      '2021-M12',
      '2022-M01',
    ]);
    expect(monthsOverlapping(range('2021'))).toHaveLength(12);
  });

  it('adds days across month, year and leap-day ends', () => {
    expect(addDays('2021-12-31', 1)).toBe('2022-01-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2023-03-01', -1)).toBe('2023-02-28');
  });

  it('counts inclusive days and intersects ranges', () => {
    expect(daysInRange({ from: '2021-07-01', to: '2021-07-01' })).toBe(1);
    expect(daysInRange({ from: '2021-07-02', to: '2021-07-01' })).toBe(0);
    expect(daysInRange(range('2021'))).toBe(365);
    expect(daysInRange(range('2024', 'calendar'))).toBe(366);
    expect(intersectRanges({ from: '2021-01-01', to: '2021-06-30' }, { from: '2021-06-30', to: '2021-12-31' })).toEqual(
      {
        from: '2021-06-30',
        to: '2021-06-30',
      },
    );
    expect(
      intersectRanges({ from: '2021-01-01', to: '2021-06-29' }, { from: '2021-06-30', to: '2021-12-31' }),
    ).toBeNull();
  });
});
