import { afterEach, describe, expect, it } from 'vitest';
import {
  currentReportPeriod,
  type DueDatePlan,
  parsePeriodCode,
  reportDueDate,
  unitReportDueDate,
} from '../../src/shared/period';
import { findSchedule } from '../../src/shared/plan-import/schedule';

// Issue 17, item 6: a plan's reporting schedule ("trước ngày 20") sets when a unit's report is due;
// without one, the national rule (the day after the Decree 09 cutoff) stands.

const period = (code: string) => parsePeriodCode(code)!;
const planOf = (year: number, ...sentences: string[]): DueDatePlan => ({ year, schedule: findSchedule(sentences) });

const QUARTERS_BY_20 = planOf(
  2021,
  'Định kỳ hằng quý, 6 tháng, 9 tháng, năm, UBND các xã báo cáo kết quả thực hiện về UBND huyện trước ngày 20 của tháng cuối kỳ.',
);
const MONTHLY_BY_5 = planOf(2021, 'Các xã báo cáo hằng tháng trước ngày 5 của tháng sau.');
const machineZone = process.env.TZ;

afterEach(() => {
  if (machineZone === undefined) delete process.env.TZ;
  else process.env.TZ = machineZone;
});

describe('the due date of a unit’s period report', () => {
  it('without a plan that sets a day: the national rule, on both bases', () => {
    for (const plans of [[], [planOf(2021, 'Định kỳ hằng quý UBND các xã báo cáo kết quả về UBND huyện.')]]) {
      expect(unitReportDueDate(period('2021-Q3'), 'decree09', plans)).toBe('2021-09-15');
      expect(unitReportDueDate(period('2021-Q3'), 'calendar', plans)).toBe('2021-10-01');
      expect(unitReportDueDate(period('2021-M07'), 'decree09', plans)).toBe(reportDueDate(period('2021-M07')));
    }
    // The plan said nothing of a day: it is read, and leaves the rule alone.
    expect(planOf(2021, 'Định kỳ hằng quý UBND các xã báo cáo kết quả về UBND huyện.').schedule?.reports).toHaveLength(
      1,
    );
  });

  it('"trước ngày 20": the 19th, in the first month where it is not before the period’s last day', () => {
    const plans = [QUARTERS_BY_20];
    // Decree 09 closes Quý III on 14/09: the 19th of September.
    expect(unitReportDueDate(period('2021-Q3'), 'decree09', plans)).toBe('2021-09-19');
    expect(unitReportDueDate(period('2021-9M'), 'decree09', plans)).toBe('2021-09-19');
    expect(unitReportDueDate(period('2021'), 'decree09', plans)).toBe('2021-12-19');
    // The calendar closes it on 30/09: 19/09 would be before the end, so 19/10; Quý IV's falls in January.
    expect(unitReportDueDate(period('2021-Q3'), 'calendar', plans)).toBe('2021-10-19');
    expect(unitReportDueDate(period('2021-Q4'), 'calendar', plans)).toBe('2022-01-19');
    expect(unitReportDueDate(period('2021-H1'), 'calendar', plans)).toBe('2021-07-19');
    // Months are not in this plan's schedule.
    expect(unitReportDueDate(period('2021-M07'), 'decree09', plans)).toBe('2021-07-15');
  });

  it('a monthly report "trước ngày 5": the 4th of the month after, on both bases', () => {
    const plans = [MONTHLY_BY_5];
    expect(unitReportDueDate(period('2021-M07'), 'decree09', plans)).toBe('2021-08-04');
    expect(unitReportDueDate(period('2021-M07'), 'calendar', plans)).toBe('2021-08-04');
    expect(unitReportDueDate(period('2021-M12'), 'calendar', plans)).toBe('2022-01-04');
    // The quarters keep the national rule.
    expect(unitReportDueDate(period('2021-Q3'), 'decree09', plans)).toBe('2021-09-15');
  });

  it('never before the period’s end: a day before the cutoff moves to the next month, the cutoff day itself stays', () => {
    const by15 = planOf(2021, 'Báo cáo định kỳ hằng quý gửi UBND huyện trước ngày 15.');
    const by10 = planOf(2021, 'Báo cáo định kỳ hằng quý gửi UBND huyện trước ngày 10.');
    expect(unitReportDueDate(period('2021-Q3'), 'decree09', [by15])).toBe('2021-09-14');
    expect(unitReportDueDate(period('2021-Q3'), 'decree09', [by10])).toBe('2021-10-09');
    // "trước ngày 31" in a shorter month is its last day; "trước ngày 1" the last day of the month before.
    const by31 = planOf(2021, 'Báo cáo định kỳ hằng tháng gửi UBND huyện trước ngày 31.');
    expect(unitReportDueDate(period('2021-M02'), 'calendar', [by31])).toBe('2021-02-28');
    // January's 30th is before its end (31/01): February's last day.
    expect(unitReportDueDate(period('2021-M01'), 'calendar', [by31])).toBe('2021-02-28');
    const by1 = planOf(2021, 'Báo cáo định kỳ hằng tháng gửi UBND huyện trước ngày 1.');
    expect(unitReportDueDate(period('2021-M07'), 'calendar', [by1])).toBe('2021-07-31');
    expect(unitReportDueDate(period('2021-M07'), 'decree09', [by1])).toBe('2021-07-31');
  });

  it('only the plans of the period’s year count, and the earliest day among them wins', () => {
    const earlier = planOf(2021, 'Định kỳ hằng quý, các xã báo cáo UBND huyện trước ngày 18.');
    expect(unitReportDueDate(period('2022-Q3'), 'decree09', [QUARTERS_BY_20])).toBe('2022-09-15');
    expect(unitReportDueDate(period('2021-Q3'), 'decree09', [QUARTERS_BY_20, earlier])).toBe('2021-09-17');
    expect(unitReportDueDate(period('2021-Q3'), 'decree09', [{ year: 2021, schedule: null }, { year: 2021 }])).toBe(
      '2021-09-15',
    );
  });

  it('the report page opens on the closed quarter until its plan’s due date, then on the running one', () => {
    const plans = [QUARTERS_BY_20];
    expect(currentReportPeriod('2021-09-16', 'decree09')).toEqual(period('2021-Q4'));
    expect(currentReportPeriod('2021-09-19', 'decree09', plans)).toEqual(period('2021-Q3'));
    expect(currentReportPeriod('2021-09-20', 'decree09', plans)).toEqual(period('2021-Q4'));
    expect(currentReportPeriod('2021-09-15', 'decree09')).toEqual(period('2021-Q3'));
    expect(currentReportPeriod('2022-01-01', 'calendar')).toEqual(period('2021-Q4'));
    expect(currentReportPeriod('2022-01-02', 'calendar')).toEqual(period('2022-Q1'));
  });

  it('gives the same dates whatever the machine’s time zone', () => {
    const dates = () => [
      unitReportDueDate(period('2021-Q4'), 'calendar', [QUARTERS_BY_20]),
      unitReportDueDate(period('2021-Q3'), 'decree09', [QUARTERS_BY_20]),
      unitReportDueDate(period('2021-M12'), 'decree09', [MONTHLY_BY_5]),
      unitReportDueDate(period('2021-M02'), 'calendar', []),
    ];
    const expected = ['2022-01-19', '2021-09-19', '2022-01-04', '2021-03-01'];
    for (const zone of ['Pacific/Kiritimati', 'America/Los_Angeles', 'Asia/Ho_Chi_Minh', 'UTC']) {
      process.env.TZ = zone;
      expect(dates(), zone).toEqual(expected);
    }
  });
});
