import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/app/app';
import { type LocalActivity, listEntries, openAppDatabase, saveEntry, writeMeta } from '../../src/app/db/database';
import { SyncScheduler } from '../../src/app/sync/scheduler';
import type { Transport } from '../../src/app/sync/sync-client';
import { today } from '../../src/app/today';
import { addDays, periodContaining, periodRange } from '../../src/shared/period';
import { mount, unmountAll, until } from './support/render';
import { addAttachment, recordUploaded } from '../../src/app/db/attachments';
import { readMeta } from '../../src/app/db/database';
import { photoRowOf } from './support/attachment-row';

afterEach(unmountAll);

describe('the log of a busy month', () => {
  it('draws the newest 200, says how many are older, draws more on request and follows a save', async () => {
    const db = openAppDatabase(`log-pages-${Date.now()}`);
    await writeMeta(db, { deviceId: 'dev-1', token: 'x'.repeat(32), unitId: 'c1', role: 'reporter' });
    const range = periodRange(periodContaining(today(), 'month', 'decree09'), 'decree09');
    const days: string[] = [];
    for (let d = range.from; d <= range.to && d <= today(); d = addDays(d, 1)) days.push(d);
    const rows: LocalActivity[] = [];
    for (let i = 0; i < 450; i++) {
      rows.push({
        // Ids in the reverse of creation order: the log must order a day by creation, not by id.
        id: `00000000-0000-7000-8000-${String(1000 - i).padStart(12, '0')}`,
        unitId: 'c1',
        deviceId: 'dev-1',
        kind: 'broadcast',
        date: days[i % days.length]!,
        title: `Bản tin ${i}`,
        figures: { sessions: 1, minutes: 10, source: 'own' },
        createdAt: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString(),
        voided: false,
        voidReason: null,
        receivedAt: null,
        syncState: 'synced',
        serverVersion: 1,
        error: null,
        conflictWith: null,
      });
    }
    await db.activities.bulkPut(rows);
    const transport: Transport = { baseUrl: '', fetch: () => Promise.reject(new TypeError('offline')) };
    location.hash = '#/log';
    const root = mount(<App services={{ db, transport, scheduler: new SyncScheduler(db, transport) }} pwa={null} />);
    const titles = () => [...root.querySelectorAll('.page.log li.entry-row .title')].map((el) => el.textContent);
    const more = () => root.querySelector('.page.log button.more') as HTMLButtonElement | null;
    const sorted = async () => (await listEntries(db, range)).map((e) => e.title);

    await until(() => titles().length > 0 && root.querySelector('.page.log[aria-busy=false]') !== null, 'the log');
    expect(titles()).toEqual((await sorted()).slice(0, 200));
    expect(more()?.textContent).toBe('Xem thêm 250 mục cũ hơn');

    more()!.click();
    await until(() => titles().length === 400, 'the next 200');
    expect(titles()).toEqual((await sorted()).slice(0, 400));
    expect(more()?.textContent).toBe('Xem thêm 50 mục cũ hơn');

    await saveEntry(db, { kind: 'broadcast', date: today(), title: 'Bản tin mới', figures: { minutes: 5 } });
    await until(() => titles()[0] === 'Bản tin mới', 'the saved entry on top');
    expect(titles()).toEqual((await sorted()).slice(0, 400));
    expect(more()?.textContent).toBe('Xem thêm 51 mục cũ hơn');
    await db.delete();
  }, 60_000);
});

describe('the upload line of the log', () => {
  it('says how many photos are going up and what is left, follows each acknowledged chunk, and pauses', async () => {
    const KB = 1024;
    const db = openAppDatabase(`log-uploads-${Date.now()}`);
    await writeMeta(db, { deviceId: 'dev-1', token: 'x'.repeat(32), unitId: 'c1', role: 'reporter' });
    const entry = await saveEntry(db, { kind: 'broadcast', date: today(), title: 'Có ảnh', figures: { minutes: 5 } });
    await db.activities.update(entry.id, { serverVersion: 1, syncState: 'synced' });
    await db.outbox.clear();
    // Two photos of 164 KB, each with a 6 KB thumbnail: 340 KB to send.
    const rows = [1, 2].map((n) =>
      photoRowOf(entry.id, new Uint8Array(164 * KB).fill(n), new Uint8Array(6 * KB).fill(n)),
    );
    for (const row of rows) await addAttachment(db, row);
    const transport: Transport = { baseUrl: '', fetch: () => Promise.reject(new TypeError('offline')) };
    location.hash = '#/log';
    const root = mount(<App services={{ db, transport, scheduler: new SyncScheduler(db, transport) }} pwa={null} />);
    const line = () => root.querySelector('[data-testid=upload-line] span')?.textContent;
    await until(() => line() === '2 ảnh đang gửi, còn 340 KB', 'the upload line');
    // The server acknowledged the first 64 KB of the first photo.
    await recordUploaded(db, rows[0]!.id, 64 * KB);
    await until(() => line() === '2 ảnh đang gửi, còn 276 KB', 'the progress of a chunk');
    (root.querySelector('[data-testid=upload-line] button') as HTMLButtonElement).click();
    await until(() => line() === 'Đã tạm dừng gửi 2 ảnh và tệp (276 KB)', 'the paused line');
    expect((await readMeta(db)).uploadsPaused).toBe(true);
    expect(root.querySelector('[data-testid=upload-line] button')?.textContent).toBe('Tiếp tục gửi ảnh');
  });
});
