import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Target } from '../../src/shared/plan';
import {
  addDays,
  type DateRange,
  daysInRange,
  intersectRanges,
  type PeriodBasis,
  parsePeriodCode,
  periodContaining,
  periodRange,
} from '../../src/shared/period';
import {
  activeRangeOf,
  type CountedEntry,
  computeProgress,
  type Progress,
  progressOn,
  progressSchedule,
  type TaskStatus,
} from '../../src/shared/progress';

const SEED = Number(process.env.FC_SEED ?? Date.now() % 2_147_483_647);
console.log(`progress-schedule.test.ts fast-check seed: ${SEED} (rerun with FC_SEED=${SEED})`);

type Schedule = { target: Target | null; window: DateRange | null; deadline: string | null };

/**
 * computeProgress as it stood before a task's schedule was worked out once per report (one call
 * per unit, everything recomputed each time): the oracle the per-task schedule must match.
 */
function progressBefore(input: {
  task: Schedule;
  planYear: number;
  period: DateRange;
  asOf: string;
  entries: readonly CountedEntry[];
  basis: PeriodBasis;
}): Progress {
  const basis = input.basis;
  const target = input.task.target ?? { count: 1, per: 'window', atLeast: true };
  const active = activeRangeOf(input.task, input.planYear, basis);
  const effective = intersectRanges(active, input.period);
  const asOf = input.asOf > input.period.to ? addDays(input.period.to, 1) : input.asOf;
  const sumIn = (range: DateRange) =>
    input.entries.reduce((sum, e) => (e.date >= range.from && e.date <= range.to ? sum + e.count : sum), 0);
  if (target.per === 'window') {
    const counted = intersectRanges(active, { from: active.from, to: input.period.to });
    const actual = counted ? sumIn(counted) : 0;
    const total = effective ? target.count : 0;
    const due = asOf >= active.to && effective ? target.count : 0;
    let status: TaskStatus;
    if (!effective) status = 'not_due';
    else if (actual >= target.count) status = 'done';
    else if (asOf < active.from) status = 'not_due';
    else if (asOf > active.to) status = 'overdue';
    else if (actual < due) status = 'behind';
    else status = 'on_track';
    return counted ? { due, total, actual, status, counted } : { due, total, actual, status };
  }
  if (!effective) return { due: 0, total: 0, actual: 0, status: 'not_due' };
  const cellsOf = (range: DateRange): DateRange[] => {
    const cells: DateRange[] = [];
    if (target.per === 'week') {
      const weekday = (new Date(`${range.from}T00:00:00Z`).getUTCDay() + 6) % 7;
      for (let start = addDays(range.from, -weekday); start <= range.to; start = addDays(start, 7))
        cells.push({ from: start, to: addDays(start, 6) });
      return cells;
    }
    const type = target.per === 'month' ? 'month' : target.per === 'quarter' ? 'quarter' : 'year';
    let cell = periodRange(periodContaining(range.from, type, basis), basis);
    while (cell.from <= range.to) {
      cells.push(cell);
      cell = periodRange(periodContaining(addDays(cell.to, 1), type, basis), basis);
    }
    return cells;
  };
  const effectiveCells = cellsOf(effective);
  const one = effectiveCells.length === 1 ? effectiveCells[0]! : null;
  const coarser =
    one !== null &&
    one.from <= input.period.from &&
    one.to >= input.period.to &&
    daysInRange(one) > daysInRange(input.period);
  const judged = coarser ? (intersectRanges(active, one) ?? effective) : effective;
  const countedTo = judged.to < input.period.to ? judged.to : input.period.to;
  const actual = sumIn({ from: judged.from, to: countedTo });
  const dueBy = asOf < countedTo ? asOf : countedTo;
  const elapsed = intersectRanges(judged, { from: judged.from, to: dueBy });
  let totalRaw = 0;
  let dueRaw = 0;
  for (const cell of cellsOf(judged)) {
    const cellDays = daysInRange(cell);
    const inJudged = intersectRanges(cell, judged);
    if (inJudged) totalRaw += (target.count * daysInRange(inJudged)) / cellDays;
    const inElapsed = elapsed ? intersectRanges(cell, elapsed) : null;
    if (inElapsed) dueRaw += (target.count * daysInRange(inElapsed)) / cellDays;
  }
  const total = totalRaw > 1e-9 ? Math.max(1, Math.round(totalRaw)) : 0;
  const due = asOf < effective.from ? 0 : asOf >= judged.to ? total : Math.min(total, Math.floor(dueRaw + 1e-9));
  let status: TaskStatus;
  if (asOf < effective.from) status = 'not_due';
  else if (actual >= total) status = 'done';
  else if (asOf > judged.to) status = 'overdue';
  else if (actual >= due) status = 'on_track';
  else status = 'behind';
  return { due, total, actual, status, counted: { from: judged.from, to: countedTo } };
}

const DAY0 = '2023-11-01';
const dayArb = fc.integer({ min: 0, max: 1100 }).map((d) => addDays(DAY0, d));
const taskArb: fc.Arbitrary<Schedule> = fc.oneof(
  fc.record({
    target: fc.record({
      count: fc.integer({ min: 1, max: 30 }),
      per: fc.constantFrom<Target['per']>('week', 'month', 'quarter', 'year', 'window'),
      atLeast: fc.boolean(),
    }),
    window: fc.option(
      fc
        .tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 200 }))
        .map(([start, length]) => ({ from: addDays(DAY0, start), to: addDays(DAY0, start + length) })),
      { nil: null },
    ),
    deadline: fc.option(dayArb, { nil: null }),
  }),
  fc.record({ target: fc.constant(null), window: fc.constant(null), deadline: fc.option(dayArb, { nil: null }) }),
);
const codeArb = fc
  .tuple(
    fc.integer({ min: 2024, max: 2026 }),
    fc.constantFrom('-M01', '-M06', '-M07', '-M12', '-Q1', '-Q2', '-Q3', '-Q4', '-H1', '-H2', '-9M', ''),
  )
  .map(([year, suffix]) => `${year}${suffix}`);
const entriesArb = fc.array(fc.record({ date: dayArb, count: fc.integer({ min: 0, max: 5 }) }), { maxLength: 40 });

describe('a task schedule worked out once per report', () => {
  it('gives every unit the progress the per-unit computation gave, for random tasks, periods and dates', () => {
    fc.assert(
      fc.property(
        taskArb,
        fc.integer({ min: 2024, max: 2026 }),
        codeArb,
        fc.constantFrom<PeriodBasis>('decree09', 'calendar'),
        dayArb,
        fc.array(entriesArb, { minLength: 1, maxLength: 6 }),
        (task, planYear, code, basis, asOf, units) => {
          const period = periodRange(parsePeriodCode(code)!, basis);
          const input = { task, planYear, period, asOf, basis };
          // One schedule, reused for each unit's entries, as a report does for a task's assignees.
          const schedule = progressSchedule(input);
          for (const entries of units) {
            const expected = progressBefore({ ...input, entries });
            expect(progressOn(schedule, entries)).toStrictEqual(expected);
            expect(computeProgress({ ...input, entries })).toStrictEqual(expected);
          }
        },
      ),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it('is not changed by the units it is applied to', () => {
    const input = {
      task: { target: { count: 4, per: 'month' as const, atLeast: true }, window: null, deadline: null },
      planYear: 2025,
      period: periodRange(parsePeriodCode('2025')!, 'decree09'),
      asOf: '2025-07-01',
      basis: 'decree09' as const,
    };
    const schedule = progressSchedule(input);
    const copy = structuredClone(schedule);
    const busy = progressOn(schedule, [{ date: '2025-03-01', count: 48 }]);
    const idle = progressOn(schedule, []);
    expect(busy.status).toBe('done');
    expect(idle).toStrictEqual({
      due: 26,
      total: 48,
      actual: 0,
      status: 'behind',
      counted: { from: '2024-12-15', to: '2025-12-14' },
    });
    expect(schedule).toStrictEqual(copy);
  });
});
