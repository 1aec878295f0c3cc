import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Target } from '../../src/shared/plan';
import { addDays, parsePeriodCode, type PeriodBasis, periodRange } from '../../src/shared/period';
import {
  activeRangeOf,
  combineStatuses,
  computeProgress,
  type Progress,
  TASK_STATUS_LABELS,
} from '../../src/shared/progress';

const SEED = Number(process.env.FC_SEED ?? Date.now() % 2_147_483_647);
console.log(`progress.test.ts fast-check seed: ${SEED} (rerun with FC_SEED=${SEED})`);

type Schedule = { target: Target | null; window: { from: string; to: string } | null; deadline: string | null };
const rate = (count: number, per: Target['per'], atLeast = false): Schedule => ({
  target: { count, per, atLeast },
  window: null,
  deadline: null,
});
const windowed = (from: string, to: string): Schedule => ({
  target: { count: 1, per: 'window', atLeast: true },
  window: { from, to },
  deadline: null,
});

/** Progress of `task` in the report `code` as of `asOf`, with one entry per date (or [date, count]). */
function progress(
  task: Schedule,
  code: string,
  asOf: string,
  entries: (string | [string, number])[] = [],
  options: { planYear?: number; basis?: PeriodBasis } = {},
): Progress {
  const { counted: _counted, ...rest } = progressWithRange(task, code, asOf, entries, options);
  return rest;
}

/** The same, with the range of dates whose entries make up `actual`. */
function progressWithRange(
  task: Schedule,
  code: string,
  asOf: string,
  entries: (string | [string, number])[] = [],
  options: { planYear?: number; basis?: PeriodBasis } = {},
): Progress {
  const basis = options.basis ?? 'decree09';
  return computeProgress({
    task,
    planYear: options.planYear ?? 2021,
    period: periodRange(parsePeriodCode(code)!, basis),
    asOf,
    basis,
    entries: entries.map((e) => (typeof e === 'string' ? { date: e, count: 1 } : { date: e[0], count: e[1] })),
  });
}
const times = (n: number, date: string): string[] => Array.from({ length: n }, () => date);

describe('1 per month ("12CT; 01CT/tháng"), report Tháng 7/2021 = 15/06..14/07', () => {
  const task = rate(1, 'month');
  it('is not due before the period opens', () => {
    expect(progress(task, '2021-M07', '2021-06-10')).toEqual({ due: 0, total: 1, actual: 0, status: 'not_due' });
  });
  it('is on track on the first day and mid-period with nothing done yet', () => {
    expect(progress(task, '2021-M07', '2021-06-15')).toEqual({ due: 0, total: 1, actual: 0, status: 'on_track' });
    expect(progress(task, '2021-M07', '2021-06-30')).toEqual({ due: 0, total: 1, actual: 0, status: 'on_track' });
  });
  it('is behind on the last day with nothing done, done with one', () => {
    expect(progress(task, '2021-M07', '2021-07-14')).toEqual({ due: 1, total: 1, actual: 0, status: 'behind' });
    expect(progress(task, '2021-M07', '2021-07-14', ['2021-07-14'])).toEqual({
      due: 1,
      total: 1,
      actual: 1,
      status: 'done',
    });
  });
  it('is overdue the day after, and stays so when opened later; later entries belong to the next month', () => {
    expect(progress(task, '2021-M07', '2021-07-15').status).toBe('overdue');
    expect(progress(task, '2021-M07', '2021-10-01', ['2021-07-15', '2021-06-14'])).toEqual({
      due: 1,
      total: 1,
      actual: 0,
      status: 'overdue',
    });
    expect(progress(task, '2021-M07', '2021-07-15', ['2021-06-15']).status).toBe('done');
  });
  it('asks 3 over the quarter, 1 due once each month closes', () => {
    expect(progress(task, '2021-Q3', '2021-07-15', ['2021-07-01'])).toEqual({
      due: 1,
      total: 3,
      actual: 1,
      status: 'on_track',
    });
    expect(progress(task, '2021-Q3', '2021-07-15').status).toBe('behind');
    expect(progress(task, '2021-Q3', '2021-09-15', ['2021-06-20', '2021-07-20', '2021-08-20']).status).toBe('done');
    expect(progress(task, '2021', '2021-12-14').total).toBe(12);
  });
  it('follows calendar months on the calendar basis', () => {
    expect(progress(task, '2021-M07', '2021-07-31', [], { basis: 'calendar' })).toMatchObject({
      due: 1,
      status: 'behind',
    });
    expect(progress(task, '2021-M07', '2021-08-01', ['2021-07-05'], { basis: 'calendar' }).status).toBe('done');
    expect(progress(task, '2021-M07', '2021-08-01', ['2021-06-20'], { basis: 'calendar' }).status).toBe('overdue');
  });
});

describe('4 per month ("48 số (04 số/tháng)")', () => {
  const task = rate(4, 'month');
  it('asks 2 by the middle of a 30-day month', () => {
    // 15/06..29/06 is 15 of the month's 30 days.
    expect(progress(task, '2021-M07', '2021-06-29', ['2021-06-16'])).toEqual({
      due: 2,
      total: 4,
      actual: 1,
      status: 'behind',
    });
    expect(progress(task, '2021-M07', '2021-06-29', ['2021-06-16', '2021-06-20']).status).toBe('on_track');
  });
  it('counts an entry that carries several items', () => {
    expect(progress(task, '2021-M07', '2021-07-14', [['2021-07-01', 4]]).status).toBe('done');
    expect(progress(task, '2021-M07', '2021-07-14', [['2021-07-01', 3]])).toMatchObject({ due: 4, status: 'behind' });
  });
  it('asks 12 over a quarter and 48 over the year, 24 by mid-year', () => {
    expect(progress(task, '2021-Q3', '2021-09-14').total).toBe(12);
    expect(progress(task, '2021', '2021-06-14')).toMatchObject({ due: 24, total: 48 });
  });
});

describe('1 per quarter ("01 lần/quý")', () => {
  const task = rate(1, 'quarter');
  it('in the quarter report: on track mid-quarter, behind on the last day, overdue after', () => {
    expect(progress(task, '2021-Q3', '2021-07-31')).toEqual({ due: 0, total: 1, actual: 0, status: 'on_track' });
    expect(progress(task, '2021-Q3', '2021-09-14')).toMatchObject({ due: 1, status: 'behind' });
    expect(progress(task, '2021-Q3', '2021-09-15').status).toBe('overdue');
    expect(progress(task, '2021-Q3', '2021-09-15', ['2021-06-15']).status).toBe('done');
  });
  it('in a month report, is judged on its quarter so far: never overdue before the quarter ends', () => {
    // Tháng 8 closes on 14/08 with the quarter still running to 14/09.
    expect(progress(task, '2021-M08', '2021-08-15')).toEqual({ due: 0, total: 1, actual: 0, status: 'on_track' });
    expect(progress(task, '2021-M08', '2021-12-01')).toMatchObject({ status: 'on_track' });
    // Done in the quarter's first month shows as done in its second month's report.
    expect(progress(task, '2021-M08', '2021-08-01', ['2021-06-20'])).toMatchObject({ actual: 1, status: 'done' });
    // The month that closes the quarter closes the task too.
    expect(progress(task, '2021-M09', '2021-09-15')).toMatchObject({ total: 1, due: 1, status: 'overdue' });
  });
  it('asks 4 over the year, 2 by mid-year', () => {
    expect(progress(task, '2021', '2021-06-14')).toMatchObject({ due: 2, total: 4 });
  });
});

describe('15 per year ("15 số/năm")', () => {
  const task = rate(15, 'year');
  it('in the year report, prorates by days: 7 due by 14/06 (182 of 365 days)', () => {
    expect(progress(task, '2021', '2021-06-14', times(7, '2021-03-01'))).toEqual({
      due: 7,
      total: 15,
      actual: 7,
      status: 'on_track',
    });
    expect(progress(task, '2021', '2021-06-14', times(6, '2021-03-01')).status).toBe('behind');
    expect(progress(task, '2021', '2021-12-14', times(14, '2021-03-01'))).toMatchObject({ due: 15, status: 'behind' });
    expect(progress(task, '2021', '2021-12-15', times(14, '2021-03-01')).status).toBe('overdue');
    expect(progress(task, '2021', '2021-12-15', times(15, '2021-03-01')).status).toBe('done');
  });
  it('in a quarter report, shows the year so far against the year target', () => {
    // 15/12/2020..14/09/2021 is 274 days: 15 × 274 / 365 = 11.3.
    const q3 = progress(task, '2021-Q3', '2021-09-14', [...times(6, '2021-01-10'), ...times(5, '2021-08-01')]);
    expect(q3).toEqual({ due: 11, total: 15, actual: 11, status: 'on_track' });
    // Opened after the quarter: still judged at the quarter's end, never overdue mid-year.
    expect(progress(task, '2021-Q3', '2022-01-10', times(10, '2021-08-01'))).toMatchObject({
      due: 11,
      actual: 10,
      status: 'behind',
    });
  });
});

describe('at least 1 per year ("Tối thiểu 01 lần/năm")', () => {
  const task = rate(1, 'year', true);
  it('is not overdue at the end of Q1', () => {
    expect(progress(task, '2021-Q1', '2021-03-15')).toEqual({ due: 0, total: 1, actual: 0, status: 'on_track' });
  });
  it('done in Q1 shows done in Q3', () => {
    expect(progress(task, '2021-Q3', '2021-08-01', ['2021-02-01']).status).toBe('done');
  });
  it("is behind on the year's last day and overdue after", () => {
    expect(progress(task, '2021', '2021-12-14')).toMatchObject({ due: 1, status: 'behind' });
    expect(progress(task, '2021', '2021-12-15').status).toBe('overdue');
  });
});

describe('weekly', () => {
  const task = rate(1, 'week');
  // Tháng 7/2021 is Tue 15/06..Wed 14/07: 30 days, 4.3 weeks.
  it('asks 4 in a 30-day month, not 5 for its two part-weeks', () => {
    expect(progress(task, '2021-M07', '2021-07-14').total).toBe(4);
    const weekly = ['2021-06-15', '2021-06-22', '2021-06-29', '2021-07-06'];
    expect(progress(task, '2021-M07', '2021-07-15', weekly).status).toBe('done');
    expect(progress(task, '2021-M07', '2021-07-15', weekly.slice(1)).status).toBe('overdue');
  });
  it('asks 1 by the second Sunday and 13 over a quarter', () => {
    // 15/06..27/06 is 13 days: 6/7 of the first week and all of the second.
    expect(progress(task, '2021-M07', '2021-06-27')).toMatchObject({ due: 1, status: 'behind' });
    expect(progress(task, '2021-M07', '2021-06-27', ['2021-06-27']).status).toBe('on_track');
    expect(progress(task, '2021-Q3', '2021-09-14').total).toBe(13);
    expect(progress(task, '2021', '2021-12-14').total).toBe(52);
  });
});

describe('window "Quý III/2021" (01/07..30/09)', () => {
  const task = windowed('2021-07-01', '2021-09-30');
  it('before the window: not due', () => {
    expect(progress(task, '2021-Q3', '2021-06-20')).toEqual({ due: 0, total: 1, actual: 0, status: 'not_due' });
  });
  it('first day and mid-window: on track', () => {
    expect(progress(task, '2021-Q3', '2021-07-01').status).toBe('on_track');
    expect(progress(task, '2021-Q3', '2021-08-15')).toEqual({ due: 0, total: 1, actual: 0, status: 'on_track' });
  });
  it('done by an entry in the window', () => {
    expect(progress(task, '2021-Q3', '2021-08-15', ['2021-07-10'])).toMatchObject({ actual: 1, status: 'done' });
    expect(progress(task, '2021-Q3', '2021-08-15', ['2021-06-30']).status).toBe('on_track');
  });
  it("in the next report: behind on the window's last day, overdue the day after", () => {
    expect(progress(task, '2021-Q4', '2021-09-30')).toEqual({ due: 1, total: 1, actual: 0, status: 'behind' });
    expect(progress(task, '2021-Q4', '2021-10-01').status).toBe('overdue');
    // An entry of the window logged in the earlier report still counts.
    expect(progress(task, '2021-Q4', '2021-10-01', ['2021-07-10']).status).toBe('done');
  });
  it('not in a report the window does not touch', () => {
    expect(progress(task, '2021-Q2', '2021-10-01')).toEqual({ due: 0, total: 0, actual: 0, status: 'not_due' });
  });
  it('a report that closed before the window ended is not overdue when opened later', () => {
    // Quý III on decree 09 closes 14/09, before the window's 30/09.
    expect(progress(task, '2021-Q3', '2021-11-01')).toMatchObject({ due: 0, status: 'on_track' });
  });
});

describe('deadline "chậm nhất trước 15/12/2023"', () => {
  const task: Schedule = { target: null, window: null, deadline: '2023-12-14' };
  it('runs from the plan year to the deadline', () => {
    expect(activeRangeOf(task, 2023)).toEqual({ from: '2022-12-15', to: '2023-12-14' });
    expect(activeRangeOf(task, 2021)).toEqual({ from: '2020-12-15', to: '2023-12-14' });
  });
  it('is on track until the deadline, behind on it, overdue after, done with an entry', () => {
    const opts = { planYear: 2023 };
    expect(progress(task, '2023', '2023-06-01', [], opts)).toEqual({ due: 0, total: 1, actual: 0, status: 'on_track' });
    expect(progress(task, '2023', '2023-12-14', [], opts)).toMatchObject({ due: 1, status: 'behind' });
    expect(progress(task, '2023', '2023-12-15', [], opts).status).toBe('overdue');
    expect(progress(task, '2023', '2023-12-15', ['2023-11-01'], opts).status).toBe('done');
  });
  it("is not overdue in an earlier year's report of a multi-year plan", () => {
    expect(progress(task, '2021', '2022-01-05')).toMatchObject({ due: 0, status: 'on_track' });
  });
});

describe('no target ("Thường xuyên trong năm 2021")', () => {
  const task: Schedule = { target: null, window: null, deadline: null };
  it('asks for one entry in the plan year', () => {
    expect(activeRangeOf(task, 2021)).toEqual({ from: '2020-12-15', to: '2021-12-14' });
    expect(activeRangeOf(task, 2021, 'calendar')).toEqual({ from: '2021-01-01', to: '2021-12-31' });
    expect(progress(task, '2021-Q3', '2021-07-01')).toEqual({ due: 0, total: 1, actual: 0, status: 'on_track' });
    expect(progress(task, '2021-Q3', '2021-07-01', ['2021-02-01']).status).toBe('done');
  });
  it('is not due before the plan year and not counted in the next year', () => {
    expect(progress(task, '2021-M01', '2020-12-01').status).toBe('not_due');
    expect(progress(task, '2022', '2022-05-01')).toMatchObject({ total: 0, status: 'not_due' });
  });
  it("is behind on the year's last day and overdue after with nothing logged", () => {
    expect(progress(task, '2021', '2021-12-14').status).toBe('behind');
    expect(progress(task, '2021', '2021-12-15').status).toBe('overdue');
  });
});

describe('a rate target starting late in a month', () => {
  it('still asks for one in that month', () => {
    const task: Schedule = { ...rate(1, 'month'), window: { from: '2021-07-10', to: '2021-12-14' } };
    expect(progress(task, '2021-M07', '2021-07-05')).toMatchObject({ total: 1, status: 'not_due' });
    expect(progress(task, '2021-M07', '2021-07-14')).toMatchObject({ total: 1, due: 1, status: 'behind' });
  });
});

describe('the dates behind `actual`', () => {
  it('are the period for a target that fits in it', () => {
    expect(progressWithRange(rate(1, 'month'), '2021-Q3', '2021-08-01').counted).toEqual({
      from: '2021-06-15',
      to: '2021-09-14',
    });
  });
  it("run from the cell's start for a coarser target, and from the window's start for a window", () => {
    expect(progressWithRange(rate(15, 'year'), '2021-Q3', '2021-08-01').counted).toEqual({
      from: '2020-12-15',
      to: '2021-09-14',
    });
    expect(progressWithRange(windowed('2021-07-01', '2021-09-30'), '2021-Q4', '2021-10-01').counted).toEqual({
      from: '2021-07-01',
      to: '2021-09-30',
    });
  });
});

describe('statuses', () => {
  it('combines the units of a task: the worst news first', () => {
    expect(combineStatuses([])).toBe('not_due');
    expect(combineStatuses(['done', 'overdue', 'behind'])).toBe('overdue');
    expect(combineStatuses(['done', 'behind', 'on_track'])).toBe('behind');
    expect(combineStatuses(['done', 'done'])).toBe('done');
    expect(combineStatuses(['not_due', 'not_due'])).toBe('not_due');
    expect(combineStatuses(['done', 'not_due'])).toBe('on_track');
    expect(combineStatuses(['done', 'on_track'])).toBe('on_track');
  });
  it('has a Vietnamese label for each, and an English one', () => {
    expect(Object.fromEntries(Object.entries(TASK_STATUS_LABELS).map(([status, text]) => [status, text.vi]))).toEqual({
      done: 'Đã thực hiện',
      on_track: 'Đúng tiến độ',
      behind: 'Chậm tiến độ',
      overdue: 'Quá hạn',
      not_due: 'Chưa đến hạn',
    });
    for (const text of Object.values(TASK_STATUS_LABELS)) expect(text.en).toMatch(/^[A-Z][a-z ]+$/);
  });
});

describe('the status matrix of Quý III/2021 (15/06..14/09) with nothing logged', () => {
  // before the report opens, its first day, mid-period, its last day, the day after
  const DATES = ['2021-06-10', '2021-06-15', '2021-07-31', '2021-09-14', '2021-09-15'] as const;
  const ROWS: [string, Schedule, [number, string][]][] = [
    [
      '01/tháng',
      rate(1, 'month'),
      [
        [0, 'not_due'],
        [0, 'on_track'],
        [1, 'behind'],
        [3, 'behind'],
        [3, 'overdue'],
      ],
    ],
    [
      '04/tháng',
      rate(4, 'month'),
      [
        [0, 'not_due'],
        [0, 'on_track'],
        [6, 'behind'],
        [12, 'behind'],
        [12, 'overdue'],
      ],
    ],
    [
      '01/quý',
      rate(1, 'quarter'),
      [
        [0, 'not_due'],
        [0, 'on_track'],
        [0, 'on_track'],
        [1, 'behind'],
        [1, 'overdue'],
      ],
    ],
    [
      '15/năm',
      rate(15, 'year'),
      [
        [0, 'not_due'],
        [7, 'behind'],
        [9, 'behind'],
        [11, 'behind'],
        [11, 'behind'],
      ],
    ],
    [
      'tối thiểu 01/năm',
      rate(1, 'year', true),
      [
        [0, 'not_due'],
        [0, 'on_track'],
        [0, 'on_track'],
        [0, 'on_track'],
        [0, 'on_track'],
      ],
    ],
    [
      '01/tuần',
      rate(1, 'week'),
      [
        [0, 'not_due'],
        [0, 'on_track'],
        [6, 'behind'],
        [13, 'behind'],
        [13, 'overdue'],
      ],
    ],
    [
      'Quý III/2021',
      windowed('2021-07-01', '2021-09-30'),
      [
        [0, 'not_due'],
        [0, 'not_due'],
        [0, 'on_track'],
        [0, 'on_track'],
        [0, 'on_track'],
      ],
    ],
    [
      'trước 01/09/2021',
      { target: null, window: null, deadline: '2021-08-31' },
      [
        [0, 'on_track'],
        [0, 'on_track'],
        [0, 'on_track'],
        [1, 'overdue'],
        [1, 'overdue'],
      ],
    ],
    [
      'Thường xuyên',
      { target: null, window: null, deadline: null },
      [
        [0, 'on_track'],
        [0, 'on_track'],
        [0, 'on_track'],
        [0, 'on_track'],
        [0, 'on_track'],
      ],
    ],
  ];
  for (const [name, task, expected] of ROWS) {
    it(`${name}: ${expected.map(([due, status]) => `${status}(${due})`).join(', ')}`, () => {
      expect(DATES.map((asOf) => progress(task, '2021-Q3', asOf))).toEqual(
        expected.map(([due, status]) => expect.objectContaining({ due, status, actual: 0 })),
      );
    });
  }

  it('each becomes done the day after the report closes once enough was logged in time', () => {
    const enough: [Schedule, (string | [string, number])[]][] = [
      [rate(1, 'month'), ['2021-07-01', '2021-08-01', '2021-09-01']],
      [
        rate(4, 'month'),
        [
          ['2021-07-01', 4],
          ['2021-08-01', 4],
          ['2021-09-01', 4],
        ],
      ],
      [rate(1, 'quarter'), ['2021-09-14']],
      [rate(15, 'year'), [['2021-01-01', 15]]],
      [rate(1, 'year', true), ['2021-02-01']],
      [rate(1, 'week'), [['2021-07-01', 13]]],
      [windowed('2021-07-01', '2021-09-30'), ['2021-07-01']],
      [{ target: null, window: null, deadline: '2021-08-31' }, ['2021-08-31']],
      [{ target: null, window: null, deadline: null }, ['2020-12-15']],
    ];
    for (const [task, entries] of enough) expect(progress(task, '2021-Q3', '2021-09-15', entries).status).toBe('done');
  });
});

describe('invariants (property)', () => {
  const scheduleArb: fc.Arbitrary<Schedule> = fc.oneof(
    fc.record({
      target: fc.record({
        count: fc.integer({ min: 1, max: 20 }),
        per: fc.constantFrom<Target['per']>('week', 'month', 'quarter', 'year'),
        atLeast: fc.boolean(),
      }),
      window: fc.constant(null),
      deadline: fc.constant(null),
    }),
    fc
      .tuple(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 120 }))
      .map(([start, length]) => windowed(addDays('2020-12-01', start), addDays('2020-12-01', start + length))),
    fc.integer({ min: 0, max: 400 }).map((d) => ({ target: null, window: null, deadline: addDays('2020-12-01', d) })),
    fc.constant<Schedule>({ target: null, window: null, deadline: null }),
  );
  const codeArb = fc.constantFrom('2021-M01', '2021-M07', '2021-Q1', '2021-Q3', '2021-H2', '2021-9M', '2021');

  it('due never exceeds total, never falls as days pass, and done means actual reached total', () => {
    fc.assert(
      fc.property(
        scheduleArb,
        codeArb,
        fc.constantFrom<PeriodBasis>('decree09', 'calendar'),
        fc.array(fc.integer({ min: 0, max: 420 }), { maxLength: 30 }),
        (task, code, basis, entryDays) => {
          const entries = entryDays.map((d) => addDays('2020-12-01', d));
          const range = periodRange(parsePeriodCode(code)!, basis);
          let previousDue = 0;
          for (let asOf = addDays(range.from, -3); asOf <= addDays(range.to, 3); asOf = addDays(asOf, 7)) {
            const p = progress(task, code, asOf, entries, { basis });
            expect(p.due).toBeLessThanOrEqual(p.total);
            expect(p.due).toBeGreaterThanOrEqual(previousDue);
            previousDue = p.due;
            if (p.status === 'done') expect(p.actual).toBeGreaterThanOrEqual(p.total);
            if (p.status === 'behind') expect(p.actual).toBeLessThan(p.due);
            if (p.status === 'overdue') expect(asOf > range.from).toBe(true);
          }
          // Logging more never makes a status worse.
          const rank = { done: 0, not_due: 1, on_track: 1, behind: 2, overdue: 3 } as const;
          const asOf = addDays(range.to, 1);
          const fewer = progress(task, code, asOf, entries.slice(1), { basis });
          const more = progress(task, code, asOf, entries, { basis });
          expect(rank[more.status]).toBeLessThanOrEqual(rank[fewer.status]);
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });
});
