import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { App } from '../../src/app/app';
import { DrillDown } from '../../src/app/console/drilldown';
import { type AppDatabase, type LocalActivity, openAppDatabase, saveEntry, writeMeta } from '../../src/app/db/database';
import { ConsoleApi } from '../../src/app/sync/console-api';
import { SyncScheduler } from '../../src/app/sync/scheduler';
import type { Transport } from '../../src/app/sync/sync-client';
import { enroll, type TestDevice, type Tree } from '../support/test-server';
import { mount, unmountAll, until } from './support/render';
import { startTestServer, transportFor } from './support/server';

// An entry's change history, as the phone's entry view and the console's drill-down show it,
// read from the real server in process.

afterEach(unmountAll);

describe('an entry’s history', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let tree: Tree;
  let phone: TestDevice;
  let supervisor: TestDevice;
  const id = '0190f000-0000-7000-8000-000000000001';
  const entry = {
    id,
    kind: 'broadcast' as const,
    date: '2021-07-10',
    title: 'Phát thanh CCHC',
    figures: { sessions: 1, minutes: 10, source: 'own' },
    deviceId: 'phone',
    createdAt: '2021-07-10T08:00:00+07:00',
  };
  const location = { lat: 18.2591, lon: 106.1213 };

  beforeAll(async () => {
    server = await startTestServer();
    tree = server.tree;
    phone = await enroll(server.app, server.db, tree.commune, 'reporter', new Date('2021-07-20T03:00:00Z'));
    supervisor = await enroll(server.app, server.db, tree.district, 'supervisor', new Date('2021-07-20T03:00:00Z'));
    const push = (mutations: unknown[]) =>
      server.app.inject({
        method: 'POST',
        url: '/api/v1/sync',
        headers: phone.headers,
        payload: { deviceId: phone.deviceId, protocolVersion: 1, mutations, cursor: null },
      });
    server.setNow('2021-07-20T03:00:00Z');
    await push([{ seq: 1, op: 'upsert', baseVersion: 0, activity: { ...entry, unitId: tree.commune } }]);
    server.setNow('2021-07-21T09:15:00Z');
    await push([
      {
        seq: 2,
        op: 'upsert',
        baseVersion: 1,
        activity: { ...entry, unitId: tree.commune, figures: { sessions: 1, minutes: 15, source: 'own' }, location },
      },
    ]);
  });
  afterAll(async () => {
    await server?.close();
  });

  const newDatabase = () => openAppDatabase(`history-${Date.now()}-${Math.random()}`);

  /** The phone's entry view; the phone holds the entry at `serverVersion` (2 unless said). */
  async function openEntry(transport: Transport, db: AppDatabase = newDatabase(), serverVersion = 2) {
    await writeMeta(db, {
      deviceId: phone.deviceId,
      deviceName: 'Điện thoại xã',
      token: phone.token,
      unitId: tree.commune,
      role: 'reporter',
    });
    const local: LocalActivity = {
      ...entry,
      unitId: tree.commune,
      // Version 1: the entry as this phone created it, the server's first answer.
      ...(serverVersion === 1
        ? { deviceId: phone.deviceId }
        : { figures: { sessions: 1, minutes: 15, source: 'own' }, location }),
      voided: false,
      voidReason: null,
      receivedAt: '2021-07-20T03:00:00Z',
      syncState: 'synced',
      serverVersion,
      error: null,
      conflictWith: null,
    };
    if (!(await db.activities.get(id))) await db.activities.put(local);
    window.location.hash = `#/edit/${id}`;
    const root = mount(<App services={{ db, transport, scheduler: new SyncScheduler(db, transport) }} pwa={null} />);
    return root;
  }

  it('shows each change on the phone: action, Vietnam time, device and what changed, and the place', async () => {
    const { transport } = transportFor(server.app);
    const root = await openEntry(transport);
    const list = () => [...root.querySelectorAll('.history-list > li')].map((li) => li.textContent ?? '');
    await until(() => list().length === 2, 'the history');
    expect(root.querySelector('.history h3')?.textContent).toBe('Lịch sử thay đổi');
    expect(list()[0]).toContain('Tạo mới');
    expect(list()[0]).toContain('20/07/2021 10:00');
    expect(list()[0]).toContain('máy Máy thử');
    expect(list()[1]).toContain('Sửa');
    expect(list()[1]).toContain('21/07/2021 16:15');
    expect(list()[1]).toContain('Số phút: 10 → 15');
    expect(list()[1]).toContain('Vị trí: (trống) → 18,2591° B, 106,1213° Đ');
    const place = root.querySelector('.page.entry p.location');
    expect(place?.textContent).toContain('Vị trí: 18,2591° B, 106,1213° Đ');
    const links = [...(place?.querySelectorAll('a') ?? [])].map((a) => a.getAttribute('href'));
    expect(links).toEqual([
      'https://www.openstreetmap.org/?mlat=18.25910&mlon=106.12130#map=16/18.25910/106.12130',
      'geo:18.25910,106.12130',
    ]);
  }, 30_000);

  it('says in Vietnamese that the history needs a connection when the server cannot be reached', async () => {
    const offline: Transport = { baseUrl: '', fetch: () => Promise.reject(new TypeError('Failed to fetch')) };
    const root = await openEntry(offline);
    await until(() => root.querySelector('.history .form-message') !== null, 'the offline message');
    expect(root.querySelector('.history .form-message')?.textContent).toMatch(/^Cần có mạng để xem lịch sử/);
    expect(root.querySelector('.history-list')).toBeNull();
  }, 30_000);

  it('offline, shows the history as last loaded and the phone’s own unsent edit, and says what needs the network', async () => {
    const db = newDatabase();
    // Online for the history only: the phone's sync must not send the edit below.
    const real = transportFor(server.app).transport;
    const historyOnly: Transport = {
      baseUrl: real.baseUrl,
      fetch: (url, init) =>
        String(url).endsWith('/history') ? real.fetch(url, init) : Promise.reject(new TypeError('Failed to fetch')),
    };
    const online = await openEntry(historyOnly, db);
    await until(() => online.querySelectorAll('.history-list > li').length === 2, 'the history online');
    unmountAll();
    // An edit saved on the phone with no network: the server has not heard of it.
    await saveEntry(db, { ...entry, id, figures: { sessions: 1, minutes: 20, source: 'own' }, location });
    const offline: Transport = { baseUrl: '', fetch: () => Promise.reject(new TypeError('Failed to fetch')) };
    const root = await openEntry(offline, db);
    await until(() => root.querySelectorAll('.history-list > li').length === 3, 'the held history');
    expect(root.querySelector('[data-testid=history-held]')?.textContent).toMatch(
      /^Không có mạng: đây là lịch sử máy đã tải lúc \d\d\/\d\d\/\d{4} \d\d:\d\d\. Cần có mạng để xem các thay đổi sau đó\.$/,
    );
    const list = [...root.querySelectorAll('.history-list > li')].map((li) => li.textContent ?? '');
    expect(list).toHaveLength(3);
    expect(list[0]).toContain('Tạo mới');
    expect(list[1]).toContain('Số phút: 10 → 15');
    expect(list[2]).toContain('Sửa');
    expect(list[2]).toContain('(chưa gửi lên máy chủ, giờ trên máy)');
    expect(list[2]).toContain('máy Điện thoại xã');
    expect(list[2]).toContain('Số phút: 15 → 20');
  }, 30_000);

  it('offline with no history loaded yet, shows the creation its last sync brought and says the rest needs the network', async () => {
    const offline: Transport = { baseUrl: '', fetch: () => Promise.reject(new TypeError('Failed to fetch')) };
    const root = await openEntry(offline, newDatabase(), 1);
    await until(() => root.querySelector('[data-testid=history-held]') !== null, 'the held history');
    expect(root.querySelector('[data-testid=history-held]')?.textContent).toBe(
      'Không có mạng: đây là những gì máy đang giữ. Cần có mạng để xem toàn bộ lịch sử thay đổi.',
    );
    const list = [...root.querySelectorAll('.history-list > li')].map((li) => li.textContent ?? '');
    expect(list).toEqual(['Tạo mới · 20/07/2021 10:00 · máy Điện thoại xã']);
  }, 30_000);

  it('opens from a row of the console’s drill-down, beside the entry’s place', async () => {
    const { transport } = transportFor(server.app);
    const api = new ConsoleApi(transport, supervisor.token);
    const root = mount(
      <DrillDown
        api={api}
        target={{
          heading: 'Phát thanh',
          unitId: tree.district,
          period: '2021-M07',
          basis: 'decree09',
          closesOn: '2021-07-31',
        }}
        units={[]}
        onClose={() => {}}
      />,
    );
    await until(() => root.querySelector('tbody tr') !== null, 'the drill-down');
    expect(root.querySelector('tbody p.location')?.textContent).toContain('18,2591° B, 106,1213° Đ');
    const button = [...root.querySelectorAll('tbody button')].find((b) => b.textContent === 'Lịch sử');
    (button as HTMLButtonElement).click();
    await until(() => root.querySelectorAll('.history-list > li').length === 2, 'the history in the console');
    const text = root.querySelector('.history-list')?.textContent ?? '';
    expect(text).toContain('Tạo mới');
    expect(text).toContain('Số phút: 10 → 15');
    expect(root.querySelector('tbody button[aria-expanded="true"]')?.textContent).toBe('Ẩn lịch sử');
  }, 30_000);
});
