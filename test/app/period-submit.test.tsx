import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ReportView } from '../../src/app/console/report-view';
import { SignoffPanel } from '../../src/app/console/signoff-panel';
import { openAppDatabase, readMeta, saveEntry, writeMeta } from '../../src/app/db/database';
import { ServicesContext } from '../../src/app/services';
import { ConsoleApi } from '../../src/app/sync/console-api';
import { SyncScheduler } from '../../src/app/sync/scheduler';
import { queueSubmission } from '../../src/app/db/signoff';
import { uuidv7 } from '../../src/app/db/uuid';
import { syncSignoff } from '../../src/app/sync/signoff-sync';
import { runSync } from '../../src/app/sync/sync-client';
import { NudgeBanner, PeriodSubmit } from '../../src/app/ui/period-submit';
import type { Report } from '../../src/shared/report';
import { enroll, type TestDevice, type Tree } from '../support/test-server';
import { mount, settle, unmountAll, until } from './support/render';
import { startTestServer, transportFor } from './support/server';

// Closing the period on the phone and in the console, against the real server in process: the
// submission waits on the phone until the server took it (a lost answer included), the phone shows
// the supervisor's answer after its sync, nudges show as a banner, and the console approves.

afterEach(unmountAll);

describe('closing the period', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let tree: Tree;
  let phone: TestDevice;
  let supervisor: TestDevice;
  let neighbour: TestDevice;

  beforeAll(async () => {
    server = await startTestServer();
    tree = server.tree;
    phone = await enroll(server.app, server.db, tree.commune, 'reporter', new Date('2021-09-01T03:00:00Z'));
    supervisor = await enroll(server.app, server.db, tree.district, 'supervisor', new Date('2021-09-01T03:00:00Z'));
    neighbour = await enroll(server.app, server.db, tree.neighbour, 'reporter', new Date('2021-09-01T03:00:00Z'));
    server.setNow('2021-09-10T03:00:00Z');
  });
  afterAll(async () => {
    await server?.close();
  });

  async function phoneDb() {
    const db = openAppDatabase(`signoff-${Date.now()}-${Math.random()}`);
    await writeMeta(db, { deviceId: phone.deviceId, token: phone.token, unitId: tree.commune, role: 'reporter' });
    return db;
  }
  const click = (root: HTMLElement, text: string) => {
    const button = [...root.querySelectorAll('button')].find((b) => b.textContent?.includes(text));
    if (!button) throw new Error(`no button ${text}: ${root.textContent}`);
    (button as HTMLButtonElement).click();
  };

  it('queues the submission offline, sends it once across a lost answer, and shows the return with its comment', async () => {
    const db = await phoneDb();
    const { transport, faults } = transportFor(server.app);
    const root = mount(
      <ServicesContext.Provider value={{ db, transport, scheduler: new SyncScheduler(db, transport) }}>
        <PeriodSubmit
          unitId={tree.commune}
          period={{ type: 'quarter', year: 2021, index: 3 }}
          basis="decree09"
          plans={[]}
        />
      </ServicesContext.Provider>,
    );
    const card = () => root.querySelector('.period-submit')?.textContent ?? '';
    await until(() => card().includes('Chưa gửi'), 'not submitted yet');
    expect(card()).toContain('Hạn gửi: 15/09/2021');
    faults.push('offline', 'offline', 'offline');
    click(root, 'Gửi báo cáo kỳ');
    await settle();
    click(root.querySelector('.confirm') as HTMLElement, 'Gửi báo cáo kỳ');
    await until(() => card().includes('sẽ gửi khi có mạng'), 'queued');
    // Offline: it stays queued.
    await syncSignoff(db, transport);
    expect(card()).toContain('sẽ gửi khi có mạng');
    faults.length = 0;
    // The server takes it but its answer is lost; the next sync sends it again, taken once.
    faults.push('drop-response');
    await syncSignoff(db, transport);
    expect((await db.submissions.toArray())[0]?.state).toBe('queued');
    await syncSignoff(db, transport);
    await until(() => card().includes('Đã gửi, chờ duyệt'), 'sent');
    const history = await server.app.inject({
      url: `/api/v1/period-history?unitId=${tree.commune}&period=2021-Q3`,
      headers: supervisor.headers,
    });
    expect(history.json().events).toHaveLength(1);

    const id = (await db.submissions.toArray())[0]!.id;
    const returned = await server.app.inject({
      method: 'POST',
      url: `/api/v1/submissions/${id}/return`,
      headers: supervisor.headers,
      payload: { comment: 'Bổ sung số liệu phát thanh tháng 8' },
    });
    expect(returned.statusCode).toBe(200);
    await syncSignoff(db, transport);
    await until(() => card().includes('Bị trả lại'), 'returned');
    expect(card()).toContain('Ý kiến: Bổ sung số liệu phát thanh tháng 8');
    expect(card()).toContain('Gửi lại báo cáo kỳ');
    // The return reminds at once: the day's banner says what to fix.
    expect((await readMeta(db)).reminder?.lines).toContain(
      'Báo cáo kỳ bị trả lại: Quý III/2021 (ngày 10/09/2021), ý kiến: "Bổ sung số liệu phát thanh tháng 8". Hãy sửa rồi gửi lại báo cáo kỳ.',
    );
  }, 30_000);

  it('shows a supervisor’s nudge after the sync until the person dismisses it', async () => {
    const db = await phoneDb();
    const { transport } = transportFor(server.app);
    const sent = await server.app.inject({
      method: 'POST',
      url: '/api/v1/nudges',
      headers: supervisor.headers,
      payload: { unitIds: [tree.commune], message: 'Đề nghị cập nhật số liệu Quý III trước 16/9' },
    });
    expect(sent.statusCode).toBe(200);
    const root = mount(
      <ServicesContext.Provider value={{ db, transport, scheduler: new SyncScheduler(db, transport) }}>
        <NudgeBanner />
      </ServicesContext.Provider>,
    );
    await settle();
    expect(root.querySelector('.nudge-banner')).toBeNull();
    await syncSignoff(db, transport);
    await until(() => root.querySelector('.nudge-banner') !== null, 'the banner');
    expect(root.textContent).toContain('Huyện Cẩm Xuyên');
    expect(root.textContent).toContain('Đề nghị cập nhật số liệu Quý III trước 16/9');
    click(root, 'Đã xem');
    await until(() => root.querySelector('.nudge-banner') === null, 'dismissed');
    // A later sync does not bring it back.
    await syncSignoff(db, transport);
    await settle();
    expect(root.querySelector('.nudge-banner')).toBeNull();
  }, 30_000);

  it('lets the supervisor approve a submission from the console and counts the communes', async () => {
    const id = '0190f000-0000-7000-8000-00000000aa01';
    const submitted = await server.app.inject({
      method: 'POST',
      url: '/api/v1/submissions',
      headers: neighbour.headers,
      payload: {
        id,
        unitId: tree.neighbour,
        period: '2021-Q3',
        basis: 'decree09',
        submittedAt: '2021-09-10T10:00:00+07:00',
      },
    });
    expect(submitted.statusCode).toBe(200);
    const { transport } = transportFor(server.app);
    const api = new ConsoleApi(transport, supervisor.token);
    let changed = 0;
    let report: Report = await api.fetchReport(tree.district, '2021-Q3', 'decree09');
    const root = mount(<SignoffPanel api={api} report={report} behind={[]} onChanged={() => changed++} />);
    expect(root.querySelector('[data-testid=completeness]')?.textContent).toBe(
      '2/2 xã gửi báo cáo đúng hạn (hạn 15/09/2021); 0 xã gửi trễ, 0 xã chưa gửi; 0 xã đã được duyệt.',
    );
    const row = root.querySelector(`tr[data-unit="${tree.neighbour}"]`) as HTMLElement;
    expect(row.textContent).toContain('Đã gửi, chờ duyệt');
    click(row, 'Duyệt');
    await until(() => changed === 1, 'approved');
    report = await api.fetchReport(tree.district, '2021-Q3', 'decree09');
    expect(report.signoff!.units.find((u) => u.unitId === tree.neighbour)?.status).toBe('approved');
    expect(report.signoff!.counts.approved).toBe(1);
    // The report view states the count and each commune's standing.
    const view = mount(<ReportView report={report} />);
    const section = view.querySelector('.signoff-section')?.textContent ?? '';
    expect(section).toContain('V. Báo cáo kỳ của các xã');
    expect(section).toContain(
      '2/2 xã gửi báo cáo đúng hạn (hạn 15/09/2021); 0 xã gửi trễ, 0 xã chưa gửi; 1 xã đã được duyệt.',
    );
    expect(section).toContain('Đã duyệt · Đúng hạn');
    // The nudge starts with the units not sent, returned, or behind on the grid ticked: an
    // approved commune the grid shows behind is among them.
    const picked = mount(<SignoffPanel api={api} report={report} behind={[tree.neighbour]} onChanged={() => {}} />);
    const ticked = (unitId: string) =>
      (picked.querySelector(`tr[data-unit="${unitId}"] input[type=checkbox]`) as HTMLInputElement).checked;
    expect(ticked(tree.neighbour)).toBe(true);
    const own = report.signoff!.units.find((u) => u.unitId === tree.commune)!;
    expect(ticked(tree.commune)).toBe(own.status === null || own.status === 'returned');
    // Its words: the day after the last day on time, as officers write it.
    expect((picked.querySelector('form.nudge-form input') as HTMLInputElement).value).toBe(
      'Đề nghị cập nhật số liệu Quý III/2021 trước 16/9',
    );
  }, 30_000);

  it('keeps the figures as they were at the tap: changes made offline after it go up after the submission', async () => {
    // A phone of its own (fresh seqs on the server); last here, it leaves the commune's quarter approved.
    const device = await enroll(server.app, server.db, tree.commune, 'reporter', new Date('2021-09-10T03:00:00Z'));
    const db = openAppDatabase(`signoff-order-${Date.now()}`);
    await writeMeta(db, { deviceId: device.deviceId, token: device.token, unitId: tree.commune, role: 'reporter' });
    const { transport, faults, log } = transportFor(server.app);
    const broadcast = (date: string, sessions: number) => ({
      kind: 'broadcast' as const,
      date,
      title: 'Chuyên mục CCHC',
      figures: { sessions, minutes: 10 * sessions, source: 'own' as const },
    });
    server.setNow('2021-09-10T03:00:00Z');
    const synced = await saveEntry(db, broadcast('2021-08-02', 2));
    await runSync(db, transport);
    // Offline from here: an entry saved, the quarter submitted, then an edit and a new entry.
    faults.push(...Array<'offline'>(20).fill('offline'));
    await saveEntry(db, broadcast('2021-08-03', 3));
    const scheduler = new SyncScheduler(db, transport);
    const failed = new Promise<void>((resolve) =>
      scheduler.subscribe((status) => status.lastError === 'offline' && resolve()),
    );
    const root = mount(
      <ServicesContext.Provider value={{ db, transport, scheduler }}>
        <PeriodSubmit
          unitId={tree.commune}
          period={{ type: 'quarter', year: 2021, index: 3 }}
          basis="decree09"
          plans={[]}
        />
      </ServicesContext.Provider>,
    );
    const card = () => root.querySelector('.period-submit')?.textContent ?? '';
    await until(() => card().includes('Chưa gửi'), 'not submitted yet');
    click(root, 'Gửi báo cáo kỳ');
    await settle();
    click(root.querySelector('.confirm') as HTMLElement, 'Gửi báo cáo kỳ');
    await until(() => card().includes('sẽ gửi khi có mạng'), 'queued');
    // The sync the tap started found no network; its retry timer is not this test's.
    await failed;
    scheduler.stop();
    await saveEntry(db, { ...broadcast('2021-08-02', 5), id: synced.id });
    await saveEntry(db, broadcast('2021-08-20', 4));
    const [queued] = await db.submissions.toArray();
    // Its place: after the entry saved before the tap (seq 2), before the two changes after it.
    expect(queued).toMatchObject({ state: 'queued', uptoSeq: 2 });

    // Back online, but the server fails the submission once: the entry before it went up, the
    // changes after it wait with it for the next sync.
    faults.length = 0;
    faults.push('none', 'http-503');
    const from = log.length;
    expect(await scheduler.syncNow()).toBeNull();
    scheduler.stop();
    expect(log.slice(from).map((l) => [l.path, l.status])).toEqual([
      ['/api/v1/sync', 200],
      ['/api/v1/submissions', 503],
    ]);
    expect((await db.outbox.toArray()).map((r) => r.seq)).toEqual([3, 4]);
    expect(await db.submissions.get(queued!.id)).toMatchObject({ state: 'queued' });
    // The supervisor approves as soon as the submission is in, before the later changes arrive:
    // they are then changes after approval, as the grid shows.
    const fetchFirst = transport.fetch;
    let approvedAt: string | null = null;
    transport.fetch = async (input, init) => {
      const response = await fetchFirst(input, init);
      if (String(input).endsWith('/api/v1/submissions') && response.ok && !approvedAt) {
        const { submission } = (await response.clone().json()) as { submission: { id: string } };
        server.setNow('2021-09-10T03:05:00Z');
        const approved = await server.app.inject({
          method: 'POST',
          url: `/api/v1/submissions/${submission.id}/approve`,
          headers: supervisor.headers,
          payload: {},
        });
        expect(approved.statusCode).toBe(200);
        approvedAt = '2021-09-10T03:05:00Z';
        server.setNow('2021-09-10T03:10:00Z');
      }
      return response;
    };
    const retry = log.length;
    expect(await scheduler.syncNow()).toMatchObject({ pushed: 2 });
    // The submission, then the two changes after it.
    expect(log.slice(retry, retry + 2).map((l) => [l.path, l.status])).toEqual([
      ['/api/v1/submissions', 200],
      ['/api/v1/sync', 200],
    ]);
    expect(approvedAt).not.toBeNull();
    await until(() => card().includes('Đã duyệt'), 'approved on the phone');
    expect(await db.outbox.count()).toBe(0);
    const kept = (await db.submissions.get(queued!.id))!.server!;
    // What the person saw at the tap: 2 + 3 sessions, in two entries.
    expect(kept.snapshot).toMatchObject({ entries: 2, totals: { broadcast: { sessions: 5, minutes: 50 } } });

    const api = new ConsoleApi(transport, supervisor.token);
    const report = await api.fetchReport(tree.district, '2021-Q3', 'decree09');
    const unit = report.signoff!.units.find((u) => u.unitId === tree.commune)!;
    expect(unit).toMatchObject({ status: 'approved', submissionId: kept.id, changedAfterApproval: true });
    expect(unit.approvedTotals).toMatchObject({ broadcast: { sessions: 5 } });
    expect(unit.currentTotals).toMatchObject({ broadcast: { sessions: 12 } });
    const grid = mount(<SignoffPanel api={api} report={report} behind={[]} onChanged={() => {}} />);
    const row = grid.querySelector(`tr[data-unit="${tree.commune}"]`)?.textContent ?? '';
    expect(row).toContain('Đã duyệt');
    expect(row).toContain('thay đổi sau khi duyệt');

    // A submission the server refuses in words (another unit's) never holds the changes behind it.
    await queueSubmission(db, {
      id: uuidv7(),
      unitId: tree.neighbour,
      period: '2021-Q3',
      basis: 'decree09',
      submittedAt: new Date().toISOString(),
      note: null,
    });
    await saveEntry(db, broadcast('2021-08-21', 1));
    expect(await scheduler.syncNow()).toMatchObject({ pushed: 1 });
    expect(await db.outbox.count()).toBe(0);
    expect((await db.submissions.toArray()).find((r) => r.unitId === tree.neighbour)?.error).toBeTruthy();
    await until(() => log.at(-1)?.path === '/api/v1/signoff', 'the answers read');

    // Submitted again while a sync is pushing, and an entry saved right after: the running sync
    // stops at the submission's place, the submission goes up, and the entry after it.
    await saveEntry(db, broadcast('2021-08-22', 2));
    const again = uuidv7();
    let tapped = false;
    transport.fetch = ((fetchBefore) =>
      (async (input, init) => {
        if (!tapped && String(input).endsWith('/api/v1/sync')) {
          tapped = true;
          await queueSubmission(db, {
            id: again,
            unitId: tree.commune,
            period: '2021-Q3',
            basis: 'decree09',
            submittedAt: new Date().toISOString(),
            note: null,
          });
          await saveEntry(db, broadcast('2021-08-23', 7));
        }
        return fetchBefore(input, init);
      }) as typeof fetch)(transport.fetch);
    const racing = log.length;
    expect(await scheduler.syncNow()).toMatchObject({ pushed: 1 });
    await until(() => log.slice(racing).some((l) => l.path === '/api/v1/signoff'), 'the answers read');
    const pushes = (from: number) =>
      log
        .slice(from)
        .map((l) => l.path)
        .filter((path) => path === '/api/v1/sync' || path === '/api/v1/submissions');
    expect(pushes(racing)).toEqual(['/api/v1/sync', '/api/v1/submissions']);
    expect(await db.submissions.get(again)).toMatchObject({ state: 'sent' });
    expect(await db.outbox.count()).toBe(1);
    const next = log.length;
    expect(await scheduler.syncNow()).toMatchObject({ pushed: 1 });
    await until(() => log.slice(next).some((l) => l.path === '/api/v1/signoff'), 'the answers read');
    expect(pushes(next)).toEqual(['/api/v1/sync']);
    const second = (await db.submissions.get(again))!.server!;
    // 5 + 4 + 1 + 2 sessions as approved, the edit (+3) and the 2 saved before this tap; not the 7 after it.
    expect(second.snapshot.totals).toMatchObject({ broadcast: { sessions: 15 } });
    const now = await api.fetchReport(tree.district, '2021-Q3', 'decree09');
    expect(now.signoff!.units.find((u) => u.unitId === tree.commune)).toMatchObject({
      submissionId: again,
      status: 'submitted',
      currentTotals: { broadcast: { sessions: 22 } },
    });
  }, 30_000);
});
