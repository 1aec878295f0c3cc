import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type AppDatabase, openAppDatabase, readMeta, saveEntry, writeMeta } from '../../src/app/db/database';
import { buildLocalReport } from '../../src/app/report/local-report';
import { runReminders } from '../../src/app/reminders/run-reminders';
import type { Plan, Task } from '../../src/shared/plan';
import { draftNarrative, narrativeWith, shareSummary } from '../../src/shared/report-narrative';

// Issue 16: the narrative a commune's report is filed with, written from its figures, and the
// reminders a phone gives, judged on Vietnam's dates whatever zone the machine runs in (the clock is
// faked at instants where the UTC date and Vietnam's differ).

const task = (id: string, title: string, kinds: Task['kinds'], target: Task['target']): Task => ({
  id,
  ordinal: id.slice(1),
  title,
  products: [],
  lead: [],
  cooperating: [],
  timing: '',
  window: null,
  deadline: null,
  target,
  budgetVnd: null,
  kinds,
  notes: null,
});

const PLAN: Plan = {
  id: 'plan',
  unitId: 'p',
  number: '152/KH-UBND',
  title: 'Kế hoạch tuyên truyền cải cách hành chính năm 2026',
  issuer: null,
  year: 2026,
  issuedOn: '2026-01-20',
  version: 1,
  status: 'published',
  publishedAt: null,
  tasks: [
    task('t1', 'Tập huấn dịch vụ công trực tuyến', ['training'], { count: 3, per: 'quarter', atLeast: false }),
    task('t2', 'Ngày Pháp luật hằng tháng', ['law_day'], { count: 1, per: 'month', atLeast: false }),
    task('t3', 'Phát thanh CCHC trên loa', ['broadcast'], { count: 4, per: 'month', atLeast: false }),
  ],
  assignments: [
    { taskId: 't1', unitId: 'c1', unitKind: null },
    { taskId: 't2', unitId: 'c1', unitKind: null },
    { taskId: 't3', unitId: 'p', unitKind: 'station' },
  ],
};

let db: AppDatabase;
const notes: { title: string; body: string }[] = [];

beforeEach(async () => {
  db = openAppDatabase(`period-report-${Date.now()}-${Math.random()}`);
  await writeMeta(db, { deviceId: 'dev-1', token: 'x'.repeat(32), unitId: 'c1', role: 'reporter' });
  await db.units.bulkPut([
    { id: 'p', code: '42', name: 'Tỉnh Hà Tĩnh', kind: 'province', parentId: null },
    { id: 'c1', code: '18673', name: 'Xã Cẩm Xuyên', kind: 'commune', parentId: 'p' },
    { id: 's1', code: '', name: 'Trạm truyền thanh cơ sở Xã Cẩm Xuyên', kind: 'station', parentId: 'c1' },
  ]);
  await db.plans.put(PLAN);
  // Quý III/2026 on Decree 09 runs from 15/06 to 14/09: three classes of 35, two Law Days of the
  // three months, and the station's broadcasts (saved as the commune's phone holds them).
  for (const date of ['2026-06-20', '2026-07-22', '2026-08-25'])
    await saveEntry(db, {
      kind: 'training',
      date,
      title: 'Tập huấn',
      figures: { participants: 35 },
      taskId: 't1',
      planId: 'plan',
    });
  for (const date of ['2026-06-30', '2026-07-30'])
    await saveEntry(db, { kind: 'law_day', date, title: 'Ngày Pháp luật', figures: {}, taskId: 't2', planId: 'plan' });
  for (let i = 0; i < 24; i++) {
    const date = `2026-0${7 + Math.floor(i / 12)}-${String(1 + (i % 12)).padStart(2, '0')}`;
    await db.activities.put({
      ...(await saveEntry(db, { kind: 'broadcast', date, title: 'Chuyên mục CCHC', figures: { minutes: 15 } })),
      unitId: 's1',
      taskId: 't3',
      planId: 'plan',
    });
  }
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

const Q3 = { type: 'quarter', year: 2026, index: 3 } as const;
const scope = () => ({ unitId: 'c1', units: [], plans: [PLAN] });

describe('the narrative of a commune period report', () => {
  it('says each result in words from the figures, against the plan, and what fell short by how much', async () => {
    const { report } = await buildLocalReport(
      db,
      { ...scope(), units: await db.units.toArray() },
      Q3,
      'decree09',
      '2026-09-15',
    );
    const { results, shortfalls, proposals } = draftNarrative(report);
    expect(results.split('\n')).toEqual([
      'Đã tổ chức 03 lớp tập huấn với 105 lượt người tham gia, đạt 100% chỉ tiêu.',
      'Đã tổ chức 02 buổi Ngày Pháp luật, sinh hoạt chuyên đề pháp luật, đạt 66% chỉ tiêu.',
      'Đã phát 24 buổi tuyên truyền cải cách hành chính trên hệ thống loa truyền thanh cơ sở với tổng thời lượng 360 phút, đạt 200% chỉ tiêu.',
      'Trong kỳ có 03 nhiệm vụ theo kế hoạch: 02 đã hoàn thành, 01 quá hạn.',
    ]);
    expect(shortfalls).toContain(
      'Nhiệm vụ "Ngày Pháp luật hằng tháng" (chỉ tiêu 1 lần/tháng): mới thực hiện 02/03 lần, đạt 66% chỉ tiêu, còn thiếu 01 lần.',
    );
    expect(proposals).toBe('');
    // The summary for the Zalo group: broadcasts first, counts as officers write them.
    expect(shareSummary(report)).toBe(
      'Xã Cẩm Xuyên, Quý III/2026: 24 buổi phát thanh, 03 lớp tập huấn, 02 buổi Ngày Pháp luật; 02/03 nhiệm vụ đã hoàn thành.',
    );
    // The officer's edit of a part is kept as typed; the other parts still follow the figures.
    const edited = narrativeWith(report, { proposals: 'Đề nghị hỗ trợ kinh phí.' });
    expect(edited.proposals).toBe('Đề nghị hỗ trợ kinh phí.');
    expect(edited.results).toBe(results);
  });

  it('while the period runs, measures a task against what is due by the report date', async () => {
    const { report } = await buildLocalReport(
      db,
      { ...scope(), units: await db.units.toArray() },
      Q3,
      'decree09',
      '2026-08-20',
    );
    const { shortfalls } = draftNarrative(report);
    expect(shortfalls).not.toContain('Tập huấn');
    expect(shortfalls).toContain('Các nhiệm vụ');
  });
});

describe('reminders, at Vietnam dates under a faked clock', () => {
  const at = (instant: string) => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(instant));
  };

  it('reminds five days before the cutoff, of the report and of a target not met, once a day', async () => {
    // 00:30 on 10/09 in Vietnam: still the 9th in UTC and west of it.
    at('2026-09-09T17:30:00Z');
    const reminder = await runReminders(db);
    expect(reminder?.on).toBe('2026-09-10');
    expect(reminder?.lines).toEqual([
      'Quý III/2026 và 9 tháng năm 2026 chốt số liệu ngày 14/09/2026, hạn gửi báo cáo ngày 15/09/2026.',
      'Nhiệm vụ "Ngày Pháp luật hằng tháng" (chỉ tiêu 1 lần/tháng): đã làm 0/01, còn thiếu 01 lần, hạn ngày 14/09/2026.',
      'Nhiệm vụ "Phát thanh CCHC trên loa" (chỉ tiêu 4 lần/tháng): đã làm 0/04, còn thiếu 04 lần, hạn ngày 14/09/2026.',
    ]);
    expect(notes).toEqual([{ title: 'Nhắc việc tuyên truyền CCHC', body: reminder!.lines.join('\n') }]);
    expect((await readMeta(db)).reminder?.on).toBe('2026-09-10');

    // Opened again that evening, and after a sync: the banner stays, no second notification.
    at('2026-09-10T12:00:00Z');
    expect((await runReminders(db))?.on).toBe('2026-09-10');
    expect(notes).toHaveLength(1);

    // The Law Day is held: that line goes from the banner.
    await saveEntry(db, { kind: 'law_day', date: '2026-09-10', title: 'Ngày Pháp luật', figures: {}, taskId: 't2' });
    expect((await runReminders(db))?.lines.some((l) => l.includes('Ngày Pháp luật'))).toBe(false);

    // The next day, a new reminder.
    at('2026-09-10T17:01:00Z');
    await runReminders(db);
    expect(notes).toHaveLength(2);
  });

  it('says nothing six days before the cutoff, and reminds of the report due after it', async () => {
    at('2026-09-08T17:30:00Z'); // 09/09 in Vietnam
    await saveEntry(db, { kind: 'law_day', date: '2026-08-20', title: 'Ngày PL', figures: {}, taskId: 't2' });
    for (let i = 0; i < 4; i++) {
      const entry = await saveEntry(db, { kind: 'broadcast', date: '2026-08-21', title: 'CCHC', figures: {} });
      await db.activities.put({ ...entry, unitId: 's1', taskId: 't3', planId: 'plan' });
    }
    expect(await runReminders(db)).toBeNull();
    expect(notes).toHaveLength(0);

    at('2026-09-15T01:00:00Z'); // 15/09 in Vietnam: Q3 has closed, its report is due that day (before 16/9).
    const reminder = await runReminders(db);
    expect(reminder?.lines[0]).toBe(
      'Đã chốt số liệu Quý III/2026 và 9 tháng năm 2026 (ngày 14/09/2026): hạn gửi báo cáo ngày 15/09/2026.',
    );
    at('2026-09-16T18:00:00Z'); // 17/09: past due, nothing more to remind of this quarter.
    expect(await runReminders(db)).toBeNull();
  });

  it('turned off, reminds of nothing and clears the banner; the service worker gets the coming days', async () => {
    at('2026-09-05T02:00:00Z');
    await runReminders(db);
    const plan = (await readMeta(db)).reminderPlan;
    expect(plan.map((r) => r.on)).toContain('2026-09-10');
    expect(plan.map((r) => r.on)).not.toContain('2026-09-05');

    at('2026-09-10T02:00:00Z');
    await writeMeta(db, { remindersOff: true });
    expect(await runReminders(db)).toBeNull();
    expect(notes).toHaveLength(0);
    const meta = await readMeta(db);
    expect(meta.reminder).toBeNull();
    expect(meta.reminderPlan).toEqual([]);
  });
});
