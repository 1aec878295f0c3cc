import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/app/app';
import { openAppDatabase, saveEntry, writeMeta } from '../../src/app/db/database';
import { SyncScheduler } from '../../src/app/sync/scheduler';
import type { Transport } from '../../src/app/sync/sync-client';
import { today } from '../../src/app/today';
import { mount, settle, unmountAll, until } from './support/render';

afterEach(unmountAll);

describe('home opened again', () => {
  it('shows the figures it remembered only when nothing was written since, and never old ones as current', async () => {
    const db = openAppDatabase(`home-remembered-${Date.now()}`);
    await writeMeta(db, { deviceId: 'dev-1', token: 'x'.repeat(32), unitId: 'c1', role: 'reporter' });
    await db.units.bulkPut([
      { id: 'd1', code: '446', name: 'Huyện Cẩm Xuyên', kind: 'district', parentId: null },
      { id: 'c1', code: '18673', name: 'Thị trấn Cẩm Xuyên', kind: 'commune', parentId: 'd1' },
    ]);
    await saveEntry(db, { kind: 'training', date: today(), title: 'Tập huấn', figures: { participants: 35 } });
    const transport: Transport = { baseUrl: '', fetch: () => Promise.reject(new TypeError('offline')) };
    location.hash = '#/';
    const root = mount(<App services={{ db, transport, scheduler: new SyncScheduler(db, transport) }} pwa={null} />);
    // Every state home shows as ready (its task list not busy), with the totals it shows then.
    const seen: string[] = [];
    const observer = new MutationObserver(() => {
      if (root.querySelector('.home .tasks[aria-busy=false]'))
        seen.push(root.querySelector('[data-testid=totals]')?.textContent ?? '');
    });
    observer.observe(root, { childList: true, subtree: true, attributes: true, characterData: true });
    const homeReady = () => root.querySelector('.home .tasks[aria-busy=false]') !== null;
    await until(homeReady, 'home');
    await until(() => root.querySelector('[data-testid=totals]')?.textContent?.includes('35 người') ?? false, '35');

    // Away and back with nothing written: home is ready at its first draw, with the same figures.
    location.hash = '#/log';
    await until(() => root.querySelector('.page.log[aria-busy=false]') !== null, 'the log');
    seen.length = 0;
    location.hash = '#/';
    await until(() => root.querySelector('.home') !== null, 'home again');
    expect(homeReady()).toBe(true);
    expect(root.querySelector('[data-testid=totals]')?.textContent).toContain('35 người');

    // Away, a save, back: home never shows the remembered figures as ready; then the new ones.
    location.hash = '#/log';
    await until(() => root.querySelector('.page.log[aria-busy=false]') !== null, 'the log');
    await saveEntry(db, { kind: 'training', date: today(), title: 'Tập huấn 2', figures: { participants: 7 } });
    await settle(100);
    seen.length = 0;
    location.hash = '#/';
    await until(() => root.querySelector('[data-testid=totals]')?.textContent?.includes('42 người') ?? false, '42');
    observer.disconnect();
    expect(seen.length).toBeGreaterThan(0);
    for (const totals of seen) expect(totals).not.toContain('35 người');
    await db.delete();
  }, 30_000);
});
