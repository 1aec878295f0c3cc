import { describe, expect, it } from 'vitest';
import { findSchedule } from '../../src/shared/plan-import/schedule';
import type { Plan } from '../../src/shared/plan';
import { deadlineLines, REMINDER_TITLE, reminderOn, scheduleLines } from '../../src/shared/reminders';
import type { Unit } from '../../src/shared/unit';

// Issue 17, item 6: the plans' reporting schedule and deadlines feed the phone's reminders. The day
// is given (Vietnam's date), as the phone's faked clock gives it.

function plan(year: number, sentences: string[], extra: Partial<Plan> = {}): Plan {
  return {
    id: `plan-${year}-${sentences.length}`,
    unitId: 'd',
    number: '152/KH-UBND',
    title: `Kế hoạch tuyên truyền CCHC năm ${year}`,
    issuer: 'UBND huyện Cẩm Xuyên',
    year,
    issuedOn: null,
    version: 1,
    status: 'published',
    publishedAt: null,
    tasks: [],
    assignments: [],
    schedule: findSchedule(sentences),
    ...extra,
  };
}

const MONTHLY = 'Các xã báo cáo hằng tháng trước ngày 5 của tháng sau.';
const PERIODIC =
  'Định kỳ hằng quý, 6 tháng, 9 tháng, năm, UBND các xã báo cáo kết quả thực hiện về UBND huyện trước ngày 20 của tháng cuối kỳ.';
const SUBORDINATE = 'UBND các xã xây dựng kế hoạch tuyên truyền CCHC năm 2026 gửi về UBND huyện trước ngày 31/01/2026.';
const none = new Set<string>();

describe('the schedule’s reminders with the plans', () => {
  it('reminds of a monthly report only a plan asks for, within 5 days of its due date, and not once submitted', () => {
    const plans = [plan(2026, [MONTHLY])];
    const JULY = 'Đã chốt số liệu Tháng 7/2026 (ngày 14/07/2026): hạn gửi báo cáo ngày 04/08/2026.';
    expect(scheduleLines('2026-07-30', 'decree09', none, plans)).toEqual([]);
    expect(scheduleLines('2026-07-31', 'decree09', none, plans)).toEqual([JULY]);
    expect(scheduleLines('2026-08-04', 'decree09', none, plans)).toEqual([JULY]);
    expect(scheduleLines('2026-08-05', 'decree09', none, plans)).toEqual([]);
    // The national rule alone asks no monthly report.
    expect(scheduleLines('2026-08-01', 'decree09', none, [])).toEqual([]);
    // A plan of another year does not ask for 2026's.
    expect(scheduleLines('2026-08-01', 'decree09', none, [plan(2025, [MONTHLY])])).toEqual([]);
    expect(scheduleLines('2026-08-01', 'decree09', new Set(['2026-M07']), plans)).toEqual([]);
    // On the calendar basis July closes on 31/07; the same due day.
    expect(scheduleLines('2026-08-01', 'calendar', none, plans)).toEqual([
      'Đã chốt số liệu Tháng 7/2026 (ngày 31/07/2026): hạn gửi báo cáo ngày 04/08/2026.',
    ]);
  });

  it('a month closing with the quarter gets its own line when its due date differs', () => {
    expect(scheduleLines('2026-09-10', 'decree09', none, [plan(2026, [MONTHLY])])).toEqual([
      'Quý III/2026 và 9 tháng năm 2026 chốt số liệu ngày 14/09/2026, hạn gửi báo cáo ngày 15/09/2026.',
      'Tháng 9/2026 chốt số liệu ngày 14/09/2026, hạn gửi báo cáo ngày 04/10/2026.',
    ]);
    // The quarter's submission answers for the nine months, not for the month.
    expect(scheduleLines('2026-09-10', 'decree09', new Set(['2026-Q3']), [plan(2026, [MONTHLY])])).toEqual([
      'Tháng 9/2026 chốt số liệu ngày 14/09/2026, hạn gửi báo cáo ngày 04/10/2026.',
    ]);
  });

  it('gives the quarter’s due date from the plan ("trước ngày 20": 19/09) and reminds until that day', () => {
    const plans = [plan(2026, [PERIODIC])];
    expect(scheduleLines('2026-09-10', 'decree09', none, plans)).toEqual([
      'Quý III/2026 và 9 tháng năm 2026 chốt số liệu ngày 14/09/2026, hạn gửi báo cáo ngày 19/09/2026.',
    ]);
    const due = [
      'Đã chốt số liệu Quý III/2026 và 9 tháng năm 2026 (ngày 14/09/2026): hạn gửi báo cáo ngày 19/09/2026.',
    ];
    expect(scheduleLines('2026-09-15', 'decree09', none, plans)).toEqual(due);
    expect(scheduleLines('2026-09-19', 'decree09', none, plans)).toEqual(due);
    expect(scheduleLines('2026-09-20', 'decree09', none, plans)).toEqual([]);
    expect(scheduleLines('2026-09-16', 'decree09', new Set(['2026-Q3']), plans)).toEqual([]);
    // Without the plan: the national day, the 15th, and nothing after it.
    expect(scheduleLines('2026-09-15', 'decree09', none, [])).toEqual([
      'Đã chốt số liệu Quý III/2026 và 9 tháng năm 2026 (ngày 14/09/2026): hạn gửi báo cáo ngày 15/09/2026.',
    ]);
    expect(scheduleLines('2026-09-16', 'decree09', none, [])).toEqual([]);
    // The calendar basis: Quý IV and the year close on 31/12, due 19/01 of the next year.
    expect(scheduleLines('2027-01-15', 'calendar', none, plans)).toEqual([
      'Đã chốt số liệu Quý IV/2026 và Năm 2026 (ngày 31/12/2026): hạn gửi báo cáo ngày 19/01/2027.',
    ]);
  });
});

describe('the plans’ deadlines', () => {
  const plans = [plan(2026, [SUBORDINATE])];
  const LINE =
    'Hạn ngày 30/01/2026 theo Kế hoạch số 152/KH-UBND: "UBND các xã xây dựng kế hoạch tuyên truyền CCHC năm 2026 gửi về UBND huyện trước ngày 31/01/2026."';

  it('reminds of a dated deadline in the 5 days up to its last day, once for the same deadline in two plans', () => {
    expect(deadlineLines('2026-01-25', plans)).toEqual([]);
    expect(deadlineLines('2026-01-26', plans)).toEqual([LINE]);
    expect(deadlineLines('2026-01-30', [...plans, plan(2026, [SUBORDINATE], { id: 'other' })])).toEqual([LINE]);
    expect(deadlineLines('2026-01-31', plans)).toEqual([]);
    // A plan without a number is named by its title; a long sentence is cut.
    const unnumbered = plan(2026, [`${'Các phòng, ban, ngành xây dựng kế hoạch '.repeat(10)}trước ngày 31/01/2026.`], {
      number: null,
    });
    const [line] = deadlineLines('2026-01-30', [unnumbered]);
    expect(line).toMatch(/^Hạn ngày 30\/01\/2026 theo kế hoạch "Kế hoạch tuyên truyền CCHC năm 2026": "Các phòng/);
    expect(line).toMatch(/…"$/);
  });

  it('the day’s reminder carries the deadline with the schedule, once, under one title', () => {
    const units: Unit[] = [{ id: 'c1', code: '1', name: 'Xã Cẩm Xuyên', kind: 'commune', parentId: null }];
    const both = [plan(2026, [SUBORDINATE, MONTHLY])];
    const on = (today: string) => reminderOn({ unitId: 'c1', units, plans: both, facts: [], today, basis: 'calendar' });
    expect(on('2026-01-30')).toEqual({
      title: REMINDER_TITLE,
      lines: [
        'Tháng 1/2026 chốt số liệu ngày 31/01/2026, hạn gửi báo cáo ngày 04/02/2026.',
        'Hạn ngày 30/01/2026 theo Kế hoạch số 152/KH-UBND: "UBND các xã xây dựng kế hoạch tuyên truyền CCHC năm 2026 gửi về UBND huyện trước ngày 31/01/2026."',
      ],
    });
    expect(on('2026-02-05')).toBeNull();
  });

  it('reminds a commune only of the deadlines its sentence asks of communes, or of no level in particular', () => {
    const day = '2026-12-10';
    const sentences = [
      'Sở Nội vụ tổng hợp, báo cáo UBND tỉnh trước ngày 15/12/2026.',
      'UBND các xã, phường rà soát, gửi báo cáo về Sở Nội vụ trước ngày 14/12/2026.',
      'Các cơ quan, đơn vị, địa phương gửi số liệu trước ngày 13/12/2026.',
      'Các sở, ban, ngành và UBND các huyện, thị xã hoàn thành trước ngày 12/12/2026.',
      'Tuyên truyền trên mạng xã hội, cập nhật cơ sở dữ liệu của tỉnh trước ngày 11/12/2026.',
    ];
    const asked = (kind: Unit['kind']) =>
      deadlineLines(day, [plan(2026, sentences)], kind).map((line) => /trước ngày (\d+)/.exec(line)![1]);
    // "xã hội", "thị xã" and "cơ sở dữ liệu" do not name communes.
    expect(asked('commune')).toEqual(['13', '14']);
    expect(asked('station')).toEqual(['13', '14']);
    expect(asked('district')).toEqual(['11', '12', '13', '14', '15']);
    expect(asked(undefined as unknown as Unit['kind'])).toHaveLength(5);
  });
});
