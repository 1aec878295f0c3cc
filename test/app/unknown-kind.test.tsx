import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/app/app';
import { listEntries, openAppDatabase, writeMeta } from '../../src/app/db/database';
import { applySyncResponse } from '../../src/app/db/sync-store';
import { SyncScheduler } from '../../src/app/sync/scheduler';
import type { Transport } from '../../src/app/sync/sync-client';
import { today } from '../../src/app/today';
import type { Activity } from '../../src/shared/activity';
import type { SyncResponse } from '../../src/shared/sync';
import { mount, unmountAll, until } from './support/render';

afterEach(unmountAll);

// A colleague's phone of a newer release logs a kind this release does not know: this phone keeps
// it, shows it for what it is, counts it on home, and never fails on it.
describe('an entry of a kind this release does not know', () => {
  it('is kept, listed, counted and shown read-only, never dropped', async () => {
    const db = openAppDatabase(`unknown-kind-${Date.now()}`);
    await writeMeta(db, { deviceId: 'dev-1', token: 'x'.repeat(32), unitId: 'c1', role: 'reporter' });
    await db.units.put({ id: 'c1', code: '18673', name: 'Thị trấn Cẩm Xuyên', kind: 'commune', parentId: null });
    const entry = {
      id: '0190f3a0-0000-7000-8000-00000000aaaa',
      unitId: 'c1',
      kind: 'podcast',
      date: today(),
      title: 'Podcast: nộp hồ sơ trực tuyến',
      figures: { episodes: 2, listeners: 1250, host: 'Đài xã' },
      deviceId: 'dev-2',
      createdAt: `${today()}T01:00:00.000Z`,
      version: 1,
      voided: false,
      voidReason: null,
      receivedAt: `${today()}T01:05:00.000Z`,
    } as unknown as Activity;
    const response: SyncResponse = {
      ackedThrough: 0,
      results: [],
      changes: { activities: [entry], plans: [], units: [] },
      cursor: 'e.1.1',
      hasMore: false,
      serverTime: new Date().toISOString(),
    };
    await applySyncResponse(db, [], response);
    expect((await listEntries(db)).map((e) => e.id)).toEqual([entry.id]);
    expect(await db.daily.count()).toBe(1);

    const transport: Transport = { baseUrl: '', fetch: () => Promise.reject(new TypeError('offline')) };
    location.hash = '#/log';
    const root = mount(<App services={{ db, transport, scheduler: new SyncScheduler(db, transport) }} pwa={null} />);
    await until(() => root.querySelector('.page.log li.entry-row') !== null, 'the log');
    const row = root.querySelector('.page.log li.entry-row')!;
    expect(row.textContent).toContain('Loại hoạt động mới (podcast)');
    expect(row.textContent).toContain('episodes: 2 · listeners: 1.250 · host: Đài xã');

    location.hash = `#/edit/${entry.id}`;
    await until(() => root.textContent?.includes('hãy cập nhật ứng dụng để sửa') ?? false, 'the read-only view');
    expect(root.querySelector('form.entry-form')).toBeNull();

    location.hash = '#/';
    await until(() => root.querySelector('[data-testid=totals] [data-kind=podcast]') !== null, 'home totals');
    expect(root.querySelector('[data-testid=totals] [data-kind=podcast]')!.textContent).toContain('episodes: 2');
    await db.delete();
  }, 60_000);
});
