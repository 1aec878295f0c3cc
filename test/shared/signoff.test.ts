import { describe, expect, it } from 'vitest';
import { parsePeriodCode, reportDueDate } from '../../src/shared/period';
import { completenessLine, computeSignoff, type Submission, timelinessOf } from '../../src/shared/signoff';
import type { Unit } from '../../src/shared/unit';

const period = (code: string) => parsePeriodCode(code)!;

describe('report due dates and completeness', () => {
  it('puts the due date the day after the cutoff: the 15th on Decree 09, the 1st after a calendar period', () => {
    expect(reportDueDate(period('2021-Q3'))).toBe('2021-09-15');
    expect(reportDueDate(period('2021-M07'))).toBe('2021-07-15');
    expect(reportDueDate(period('2021-H1'))).toBe('2021-06-15');
    expect(reportDueDate(period('2021-9M'))).toBe('2021-09-15');
    expect(reportDueDate(period('2021'))).toBe('2021-12-15');
    expect(reportDueDate(period('2021-Q4'), 'calendar')).toBe('2022-01-01');
  });

  it('judges on time by the Vietnam date of the first submission, whatever the machine’s zone', () => {
    expect(timelinessOf('2021-09-15T16:59:59.999Z', '2021-09-15')).toBe('on_time');
    expect(timelinessOf('2021-09-15T17:00:00.000Z', '2021-09-15')).toBe('late');
    expect(timelinessOf(null, '2021-09-15')).toBe('missing');
  });

  it('counts the communes that exist in the period, keeps the approved figures and sums the current ones over each subtree', () => {
    const units: Unit[] = [
      { id: 'p', code: '42', name: 'Tỉnh', kind: 'province', parentId: null },
      { id: 'a', code: '1', name: 'Xã An', kind: 'commune', parentId: 'p' },
      { id: 'a:s', code: '', name: 'Trạm An', kind: 'station', parentId: 'a' },
      { id: 'b', code: '2', name: 'Xã Bình', kind: 'commune', parentId: 'p' },
      { id: 'c', code: '3', name: 'Xã Cũ', kind: 'commune', parentId: 'p', validTo: '2021-01-31' },
      { id: 'd', code: '4', name: 'Xã Đông', kind: 'commune', parentId: 'p' },
    ];
    const submission = (id: string, unitId: string, at: string, status: Submission['status']): Submission => ({
      id,
      unitId,
      period: '2021-Q3',
      basis: 'decree09',
      status,
      submittedAt: at,
      deviceSubmittedAt: at,
      deviceId: 'phone',
      note: null,
      decidedAt: status === 'submitted' ? null : '2021-09-20T00:00:00.000Z',
      decidedBy: null,
      comment: null,
      snapshot: { totals: { broadcast: { sessions: 3 } }, entries: 3 },
    });
    const fact = (unitId: string, date: string, sessions: number) => ({
      unitId,
      date,
      kind: 'broadcast' as const,
      taskId: null,
      receivedOn: date,
      entries: 1,
      count: sessions,
      figures: { sessions },
      spentVnd: 0,
    });
    const signoff = computeSignoff({
      units,
      reportUnitId: 'p',
      period: period('2021-Q3'),
      basis: 'decree09',
      facts: [fact('a', '2021-07-01', 2), fact('a:s', '2021-08-01', 2), fact('a', '2021-10-01', 9)],
      submissions: [
        submission('1', 'a', '2021-09-10T00:00:00.000Z', 'returned'),
        submission('2', 'a', '2021-09-18T00:00:00.000Z', 'approved'),
        submission('3', 'b', '2021-09-16T00:00:00.000Z', 'submitted'),
      ],
      changedAfterApproval: new Set(['a', 'b']),
      plansOf: () => [],
    });
    expect(signoff.units.map((u) => [u.name, u.status, u.timeliness, u.changedAfterApproval])).toEqual([
      ['Xã An', 'approved', 'on_time', true],
      ['Xã Bình', 'submitted', 'late', false],
      ['Xã Đông', null, 'missing', false],
    ]);
    expect(signoff.units[0]!.approvedTotals).toEqual({ broadcast: { sessions: 3 } });
    expect(signoff.units[0]!.currentTotals).toEqual({ broadcast: { sessions: 4 } });
    expect(signoff.approvedTotals).toEqual({ broadcast: { sessions: 3 } });
    expect(completenessLine(signoff)).toBe(
      '1/3 xã gửi báo cáo đúng hạn (hạn 15/09/2021); 1 xã gửi trễ, 1 xã chưa gửi; 1 xã đã được duyệt.',
    );
  });

  it('judges each commune by the due date its plans set, and the count gives the span of them', () => {
    const units: Unit[] = [
      { id: 'p', code: '42', name: 'Tỉnh', kind: 'province', parentId: null },
      { id: 'a', code: '1', name: 'Xã An', kind: 'commune', parentId: 'p' },
      { id: 'b', code: '2', name: 'Xã Bình', kind: 'commune', parentId: 'p' },
    ];
    const quarterlyBy20 = {
      year: 2021,
      schedule: {
        reports: [{ periods: ['quarter' as const], dueDay: 20, text: 'Báo cáo định kỳ hằng quý trước ngày 20.' }],
        deadlines: [],
      },
    };
    const submitted = (unitId: string): Submission => ({
      id: unitId,
      unitId,
      period: '2021-Q3',
      basis: 'decree09',
      status: 'submitted',
      // 17/09 in Vietnam: after the national 15/09, before the plan's 19/09.
      submittedAt: '2021-09-17T03:00:00.000Z',
      deviceSubmittedAt: '2021-09-17T03:00:00.000Z',
      deviceId: 'phone',
      note: null,
      decidedAt: null,
      decidedBy: null,
      comment: null,
      snapshot: { totals: {}, entries: 0 },
    });
    const signoff = computeSignoff({
      units,
      reportUnitId: 'p',
      period: period('2021-Q3'),
      basis: 'decree09',
      facts: [],
      submissions: [submitted('a'), submitted('b')],
      changedAfterApproval: new Set(),
      plansOf: (unitId) => (unitId === 'a' ? [quarterlyBy20] : []),
    });
    expect(signoff.units.map((u) => [u.name, u.dueDate, u.timeliness])).toEqual([
      ['Xã An', '2021-09-19', 'on_time'],
      ['Xã Bình', '2021-09-15', 'late'],
    ]);
    expect(completenessLine(signoff)).toBe(
      '1/2 xã gửi báo cáo đúng hạn (hạn từ 15/09/2021 đến 19/09/2021 theo kế hoạch của từng xã); 1 xã gửi trễ, 0 xã chưa gửi; 0 xã đã được duyệt.',
    );
    // No commune reports: the report's own unit's due date.
    const empty = computeSignoff({
      units: units.slice(0, 1),
      reportUnitId: 'p',
      period: period('2021-Q3'),
      basis: 'decree09',
      facts: [],
      submissions: [],
      changedAfterApproval: new Set(),
      plansOf: () => [quarterlyBy20],
    });
    expect([empty.dueDate, empty.lastDueDate]).toEqual(['2021-09-19', '2021-09-19']);
  });
});
