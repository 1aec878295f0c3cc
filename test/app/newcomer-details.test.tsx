import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/app/app';
import { openAppDatabase, saveEntry, writeMeta } from '../../src/app/db/database';
import { loadLanguage, setLanguage, t } from '../../src/app/i18n/messages';
import { ct } from '../../src/app/console/messages';
import { SyncScheduler } from '../../src/app/sync/scheduler';
import type { Transport } from '../../src/app/sync/transport';
import { today } from '../../src/app/today';
import { describeFigures, describeTotals } from '../../src/app/ui/kind-text';
import type { UnitKind } from '../../src/shared/unit';
import { mount, unmountAll, until } from './support/render';

// Issue 13 item 8: small things a newcomer sees on the phone.
afterEach(() => {
  unmountAll();
  setLanguage('vi');
});

const offline: Transport = { baseUrl: '', fetch: () => Promise.reject(new TypeError('offline')) };

async function phoneOf(unitKind: UnitKind, persisted: boolean | null) {
  const db = openAppDatabase(`newcomer-${unitKind}-${Date.now()}-${Math.random()}`);
  await writeMeta(db, { deviceId: 'dev-1', token: 'x'.repeat(32), unitId: 'u', role: 'reporter', persisted });
  await db.units.bulkPut([
    { id: 'c', code: '1', name: 'Xã Cẩm Xuyên', kind: 'commune', parentId: null },
    ...(unitKind === 'commune' ? [] : [{ id: 'u', code: '', name: 'Đơn vị', kind: unitKind, parentId: 'c' }]),
  ]);
  if (unitKind === 'commune') await writeMeta(db, { unitId: 'c' });
  location.hash = '#/';
  const root = mount(
    <App services={{ db, transport: offline, scheduler: new SyncScheduler(db, offline) }} pwa={null} />,
  );
  await until(() => root.querySelector('.home') !== null, 'home');
  return { db, root };
}

const navLabels = (root: HTMLElement) => [...root.querySelectorAll('.bottom-nav a')].map((a) => a.textContent);

describe('the phone as a newcomer meets it', () => {
  it('offers each unit only the books it keeps: no broadcast book at the post office, no stock at the station', async () => {
    const postOffice = await phoneOf('post_office', true);
    expect(navLabels(postOffice.root)).toEqual(['⌂Trang chính', '☰Nhật ký', '▤Tài liệu', '♪Được gửi', '⚙Cài đặt']);
    unmountAll();
    const station = await phoneOf('station', true);
    expect(navLabels(station.root)).toEqual(['⌂Trang chính', '☰Nhật ký', '✎Sổ phát thanh', '♪Được gửi', '⚙Cài đặt']);
    unmountAll();
    const commune = await phoneOf('commune', true);
    expect(navLabels(commune.root)).toHaveLength(6);
  });

  it('speaks of storage on home only when unsent entries are at risk, in plain words', async () => {
    const { db, root } = await phoneOf('station', false);
    expect(root.textContent).not.toContain('Bộ nhớ bền vững');
    expect(root.querySelector('[data-testid=storage-risk]')).toBeNull();
    await saveEntry(db, { kind: 'broadcast', date: today(), title: 'Chuyên mục', figures: { minutes: 10 } });
    await until(() => root.querySelector('[data-testid=storage-risk]') !== null, 'the warning');
    expect(root.querySelector('[data-testid=storage-risk]')!.textContent).toBe(
      '1 mục chưa gửi chỉ có trên máy này, và trình duyệt có thể xóa khi máy đầy bộ nhớ. Hãy đồng bộ khi có mạng.',
    );
    unmountAll();
    // A browser that keeps the data says nothing about it on home, even with entries unsent.
    const kept = await phoneOf('station', true);
    await saveEntry(kept.db, { kind: 'broadcast', date: today(), title: 'Chuyên mục', figures: { minutes: 10 } });
    await new Promise((r) => setTimeout(r, 200));
    expect(kept.root.querySelector('[data-testid=storage-risk]')).toBeNull();
  });

  it('says "1 session", not "1 sessions", in English', async () => {
    await loadLanguage('en');
    setLanguage('en');
    expect(describeTotals('broadcast', { sessions: 1, minutes: 1 })).toBe('1 session · 1 minute');
    expect(describeTotals('broadcast', { sessions: 2, minutes: 30 })).toBe('2 sessions · 30 minutes');
    expect(describeFigures({ kind: 'training', figures: { participants: 1 } })).toContain('1 participant');
    expect(describeFigures({ kind: 'material', figures: { direction: 'received', copies: 1 } })).toContain('1 copy');
    // The console's and the phone's messages alike.
    expect(ct('dash.lagging', { n: 1 })).toBe('1 unit behind or overdue');
    expect(ct('dash.lagging', { n: 2 })).toBe('2 units behind or overdue');
    expect(ct('report.late', { n: 1, date: '14/09/2026' })).toContain('1 late entry ');
    expect(t('home.idleTasks', { n: 1 })).toBe('1 more task with nothing asked in this period.');
    setLanguage('vi');
    expect(describeTotals('broadcast', { sessions: 1, minutes: 1 })).toBe('1 buổi · 1 phút');
    expect(ct('dash.lagging', { n: 1 })).toBe('1 đơn vị chậm hoặc quá hạn');
  });
});
