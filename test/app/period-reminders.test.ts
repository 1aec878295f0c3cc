import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type AppDatabase, openAppDatabase, readMeta, writeMeta } from '../../src/app/db/database';
import { queueSubmission, refuseSubmission, storeServerSubmissions } from '../../src/app/db/signoff';
import { runReminders } from '../../src/app/reminders/run-reminders';
import { findSchedule } from '../../src/shared/plan-import/schedule';
import type { Submission } from '../../src/shared/signoff';

// Issue 16: a phone stops reminding that a period's report is due once its unit has submitted it
// (still waiting to go, or sent), and reminds again when the supervisor returns it. The clock is
// faked at instants where the UTC date and Vietnam's differ.

let db: AppDatabase;
const notes: { title: string; body: string }[] = [];

beforeEach(async () => {
  db = openAppDatabase(`period-reminders-${Date.now()}-${Math.random()}`);
  await writeMeta(db, { deviceId: 'dev-1', token: 'x'.repeat(32), unitId: 'c1', role: 'reporter' });
  await db.units.bulkPut([
    { id: 'p', code: '42', name: 'Tỉnh Hà Tĩnh', kind: 'province', parentId: null },
    { id: 'c1', code: '18673', name: 'Xã Cẩm Xuyên', kind: 'commune', parentId: 'p' },
  ]);
  notes.length = 0;
  vi.stubGlobal(
    'Notification',
    class {
      static permission = 'granted';
      constructor(title: string, options?: NotificationOptions) {
        notes.push({ title, body: options?.body ?? '' });
      }
    },
  );
});

afterEach(async () => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  await db.delete();
});

const at = (instant: string) => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(instant));
};

const COMING = 'Quý III/2026 và 9 tháng năm 2026 chốt số liệu ngày 14/09/2026, hạn gửi báo cáo ngày 15/09/2026.';
const DUE = 'Đã chốt số liệu Quý III/2026 và 9 tháng năm 2026 (ngày 14/09/2026): hạn gửi báo cáo ngày 15/09/2026.';
const ID = '01900000-0000-7000-8000-000000000001';

function server(id: string, status: Submission['status'], extra: Partial<Submission> = {}): Submission {
  return {
    id,
    unitId: 'c1',
    period: '2026-Q3',
    basis: 'decree09',
    status,
    submittedAt: '2026-09-11T02:00:00Z',
    deviceSubmittedAt: '2026-09-11T01:59:00Z',
    deviceId: 'dev-1',
    note: null,
    decidedAt: null,
    decidedBy: null,
    comment: null,
    snapshot: { totals: {}, entries: 0 },
    ...extra,
  };
}

const submit = (id: string, submittedAt: string, period = '2026-Q3') =>
  queueSubmission(db, { id, unitId: 'c1', period, basis: 'decree09', submittedAt, note: null });

describe('the report-due reminder and the unit’s own submission', () => {
  it('stops once the report is queued or sent, reminds again when returned, and stops when sent again', async () => {
    at('2026-09-09T17:30:00Z'); // 00:30 on 10/09 in Vietnam
    expect((await runReminders(db))?.lines).toEqual([COMING]);
    expect(notes).toHaveLength(1);

    // Sent offline from the phone: waiting to go, the banner goes that day, the coming days stay quiet.
    at('2026-09-10T03:00:00Z');
    await submit(ID, '2026-09-10T03:00:00Z');
    expect(await runReminders(db)).toBeNull();
    let meta = await readMeta(db);
    expect(meta.reminder).toBeNull();
    expect(meta.reminderPlan).toEqual([]);

    // The server took it, awaiting approval: 15/09 (still the 14th in UTC), the report's due day, says nothing.
    await storeServerSubmissions(db, [server(ID, 'submitted')]);
    at('2026-09-14T18:00:00Z');
    expect(await runReminders(db)).toBeNull();

    // Returned the night of 15/09 in Vietnam (the 15th's evening in UTC): reminded on the 16th, past due.
    await storeServerSubmissions(db, [
      server(ID, 'returned', {
        decidedAt: '2026-09-15T18:00:00Z',
        decidedBy: 'u-province',
        comment: 'Thiếu số liệu phát thanh tháng 9',
      }),
    ]);
    at('2026-09-16T01:00:00Z');
    const returned = await runReminders(db);
    expect(returned?.lines).toEqual([
      'Báo cáo kỳ bị trả lại: Quý III/2026 (ngày 16/09/2026), ý kiến: "Thiếu số liệu phát thanh tháng 9". Hãy sửa rồi gửi lại báo cáo kỳ.',
    ]);
    expect(notes.at(-1)?.body).toBe(returned!.lines[0]);
    meta = await readMeta(db);
    expect(meta.reminder?.lines).toEqual(returned!.lines);
    // Every coming day too, until it is sent again.
    expect(meta.reminderPlan.map((r) => r.on)).toHaveLength(14);

    // Sent again: nothing more to remind of.
    await submit('01900000-0000-7000-8000-000000000002', '2026-09-16T02:00:00Z');
    expect(await runReminders(db)).toBeNull();
    expect((await readMeta(db)).reminderPlan).toEqual([]);
  });

  it('an approved report is not due; a refused one, or one of another period, still is', async () => {
    at('2026-09-15T01:00:00Z'); // 15/09 in Vietnam
    await storeServerSubmissions(db, [server(ID, 'approved', { decidedAt: '2026-09-14T03:00:00Z' })]);
    expect(await runReminders(db)).toBeNull();

    await db.submissions.clear();
    // Quý II's report does not answer for Quý III's.
    await submit('01900000-0000-7000-8000-000000000003', '2026-06-15T02:00:00Z', '2026-Q2');
    expect((await runReminders(db))?.lines).toEqual([DUE]);

    // The server refused the submission for good (the person is told why): the report is still due.
    await submit(ID, '2026-09-15T01:00:00Z');
    expect(await runReminders(db)).toBeNull();
    await refuseSubmission(db, ID, 'Kỳ báo cáo không hợp lệ.');
    expect((await runReminders(db))?.lines).toEqual([DUE]);
  });

  it('a colleague unit’s submission kept on the phone does not silence this unit’s reminder', async () => {
    at('2026-09-15T01:00:00Z');
    await storeServerSubmissions(db, [server(ID, 'submitted', { unitId: 'c2' })]);
    expect((await runReminders(db))?.lines).toEqual([DUE]);
  });

  it('reminds of the reports and deadlines the phone’s plans set, once a day, until the report is sent', async () => {
    await db.plans.put({
      id: 'p1',
      unitId: 'p',
      number: '152/KH-UBND',
      title: 'Kế hoạch tuyên truyền CCHC năm 2026',
      issuer: null,
      year: 2026,
      issuedOn: null,
      version: 1,
      status: 'published',
      publishedAt: null,
      tasks: [],
      assignments: [],
      schedule: findSchedule([
        'Các xã báo cáo hằng tháng trước ngày 5 của tháng sau.',
        'UBND các xã rà soát, cập nhật kế hoạch gửi về Sở Nội vụ trước ngày 04/8/2026.',
      ]),
    });
    at('2026-07-31T17:30:00Z'); // 00:30 on 01/08 in Vietnam
    const MONTH = 'Đã chốt số liệu Tháng 7/2026 (ngày 14/07/2026): hạn gửi báo cáo ngày 04/08/2026.';
    const DEADLINE =
      'Hạn ngày 03/08/2026 theo Kế hoạch số 152/KH-UBND: "UBND các xã rà soát, cập nhật kế hoạch gửi về Sở Nội vụ trước ngày 04/8/2026."';
    expect((await runReminders(db))?.lines).toEqual([MONTH, DEADLINE]);
    expect(notes).toEqual([{ title: 'Nhắc việc tuyên truyền CCHC', body: `${MONTH}\n${DEADLINE}` }]);
    // Once a day: the app opened again the same day shows the banner but no second notification.
    at('2026-08-01T09:00:00Z');
    expect((await runReminders(db))?.lines).toEqual([MONTH, DEADLINE]);
    expect(notes).toHaveLength(1);
    // July's report sent: the deadline alone, until its day has passed.
    await submit(ID, '2026-08-01T09:00:00Z', '2026-M07');
    expect((await runReminders(db))?.lines).toEqual([DEADLINE]);
    const plan = (await readMeta(db)).reminderPlan;
    // The coming days: the deadline up to its day, then August's cutoff (14/08) from five days before.
    expect(plan.map((r) => r.on)).toEqual([
      '2026-08-02',
      '2026-08-03',
      ...['10', '11', '12', '13', '14'].map((d) => `2026-08-${d}`),
    ]);
    expect(plan.at(-1)?.lines).toEqual(['Tháng 8/2026 chốt số liệu ngày 14/08/2026, hạn gửi báo cáo ngày 04/09/2026.']);
  });
});
