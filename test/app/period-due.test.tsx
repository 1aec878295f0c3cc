import { afterEach, describe, expect, it, vi } from 'vitest';
import { openAppDatabase, writeMeta } from '../../src/app/db/database';
import { loadScope } from '../../src/app/db/queries';
import { SignoffSection } from '../../src/app/console/signoff-panel';
import { HomePage } from '../../src/app/pages/home-page';
import { type Services, ServicesContext } from '../../src/app/services';
import { SyncScheduler } from '../../src/app/sync/scheduler';
import type { Plan } from '../../src/shared/plan';
import { findSchedule } from '../../src/shared/plan-import/schedule';
import type { SignoffUnit } from '../../src/shared/signoff';
import { mount, unmountAll } from './support/render';

// Issue 17, item 6: home's "Gửi báo cáo kỳ" shows the due date the plans the phone holds set
// ("báo cáo hằng tháng trước ngày 5"), not only the national one. The clock is faked at an instant
// whose UTC date is the day before Vietnam's.

afterEach(() => {
  unmountAll();
  vi.useRealTimers();
});

const plan = (year: number, sentence: string): Plan => ({
  id: `p-${year}`,
  unitId: 'd1',
  number: '152/KH-UBND',
  title: `Kế hoạch tuyên truyền CCHC năm ${year}`,
  issuer: null,
  year,
  issuedOn: null,
  version: 1,
  status: 'published',
  publishedAt: null,
  tasks: [],
  assignments: [],
  schedule: findSchedule([sentence]),
});

async function home(plans: Plan[]) {
  const db = openAppDatabase(`period-due-${Date.now()}-${Math.random()}`);
  await writeMeta(db, { deviceId: 'dev-1', token: 'x'.repeat(32), unitId: 'c1', role: 'reporter' });
  await db.units.bulkPut([
    { id: 'd1', code: '446', name: 'Huyện Cẩm Xuyên', kind: 'district', parentId: null },
    { id: 'c1', code: '18673', name: 'Thị trấn Cẩm Xuyên', kind: 'commune', parentId: 'd1' },
  ]);
  await db.plans.bulkPut(plans);
  const transport = { fetch: (() => Promise.reject(new TypeError('offline'))) as typeof fetch, baseUrl: '' };
  const services: Services = { db, transport, scheduler: new SyncScheduler(db, transport) };
  const scope = await loadScope(db);
  const root = mount(
    <ServicesContext.Provider value={services}>
      <HomePage scope={scope} />
    </ServicesContext.Provider>,
  );
  await vi.waitFor(() => expect(root.querySelector('.period-submit .due')).not.toBeNull(), { timeout: 5000 });
  const due = root.querySelector('.period-submit')?.textContent ?? '';
  await db.delete();
  return due;
}

describe('the period report’s due date on home', () => {
  it('is the plan’s "trước ngày 5" for the month, and the national day without such a plan', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    // 00:30 on 20/07/2026 in Vietnam: Tháng 8/2026 on Decree 09 (15/07–14/08).
    vi.setSystemTime(new Date('2026-07-19T17:30:00Z'));
    const monthly = 'Các xã báo cáo hằng tháng trước ngày 5 của tháng sau.';
    const withPlan = await home([plan(2026, monthly)]);
    expect(withPlan).toContain('Gửi báo cáo kỳ: Tháng 8/2026');
    expect(withPlan).toContain('Hạn gửi: 04/09/2026');
    // A plan of another year, or one that names no day, leaves the national day: the 15th.
    expect(await home([plan(2025, monthly)])).toContain('Hạn gửi: 15/08/2026');
    expect(await home([plan(2026, 'Các xã báo cáo định kỳ hằng tháng về UBND huyện.')])).toContain(
      'Hạn gửi: 15/08/2026',
    );
  });
});

describe('the console’s sign-off when the communes’ plans set different days', () => {
  it('gives the span in the count and each commune’s own due date', () => {
    const unit = (
      unitId: string,
      name: string,
      dueDate: string,
      timeliness: SignoffUnit['timeliness'],
    ): SignoffUnit => ({
      unitId,
      name,
      status: 'submitted',
      timeliness,
      dueDate,
      submissionId: unitId,
      firstSubmittedAt: '2021-09-17T03:00:00.000Z',
      decidedAt: null,
      comment: null,
      changedAfterApproval: false,
      approvedTotals: null,
      currentTotals: {},
    });
    const root = mount(
      <SignoffSection
        heading="V. Báo cáo kỳ của các xã"
        signoff={{
          dueDate: '2021-09-15',
          lastDueDate: '2021-09-19',
          units: [unit('a', 'Xã An', '2021-09-19', 'on_time'), unit('b', 'Xã Bình', '2021-09-15', 'late')],
          counts: { units: 2, onTime: 1, late: 1, missing: 0, approved: 0 },
          approvedTotals: {},
        }}
      />,
    );
    expect(root.querySelector('.completeness')?.textContent).toBe(
      '1/2 xã gửi báo cáo đúng hạn (hạn từ 15/09/2021 đến 19/09/2021 theo kế hoạch của từng xã); 1 xã gửi trễ, 0 xã chưa gửi; 0 xã đã được duyệt.',
    );
    const rows = [...root.querySelectorAll('tbody tr')].map((r) => r.textContent);
    expect(rows[0]).toContain('Đã gửi, chờ duyệt · Đúng hạn · Hạn gửi: 19/09/2021');
    expect(rows[1]).toContain('Đã gửi, chờ duyệt · Trễ hạn · Hạn gửi: 15/09/2021');
  });
});
