import { createHash } from 'node:crypto';
import { Blob as NodeBlob } from 'node:buffer';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { App } from '../../src/app/app';
import type { ContentRow } from '../../src/app/db/database';
import { openAppDatabase, writeMeta } from '../../src/app/db/database';
import { loggedFor, relayDraft, timeOfDayAt } from '../../src/app/pages/content-entry';
import { DOWNLOAD_PART_BYTES, isCostlyLink, mustAsk, refreshContent } from '../../src/app/sync/content-sync';
import { SyncScheduler } from '../../src/app/sync/scheduler';
import type { Transport } from '../../src/app/sync/transport';
import type { ContentItem } from '../../src/shared/content';
import { wav } from '../support/audio';
import { mount, typeInto, unmountAll, until } from './support/render';

afterEach(unmountAll);
// The phone's code makes blobs of the parts it stored: Node's, which fake IndexedDB keeps.
const domBlob = globalThis.Blob;
beforeAll(() => {
  globalThis.Blob = NodeBlob as unknown as typeof Blob;
});
afterAll(() => {
  globalThis.Blob = domBlob;
});

// The phone's side of content relay (issue 15): the list comes after a sync, files download in
// parts with Range and resume after a cut, nothing is fetched twice or unsent, a large file on a
// costly link waits for a yes, and the screen says what each item is at and logs in one tap.

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function item(
  bytes: Buffer | null,
  overrides: Partial<ContentItem & { forUnitIds: string[] }> = {},
): ContentItem & { forUnitIds: string[] } {
  return {
    id: crypto.randomUUID(),
    kind: bytes ? 'audio' : 'script',
    title: 'Chuyên mục CCHC tháng 10',
    seconds: 600,
    topics: ['Dịch vụ công'],
    period: '2025-M10',
    taskId: null,
    planId: null,
    file: bytes ? { sha256: sha(bytes), size: bytes.length, mime: 'audio/wav', name: 'a.wav' } : null,
    script: bytes ? null : 'Kính thưa bà con',
    unitIds: [],
    unitKinds: ['station'],
    expectation: 'Phát trong tháng 10, tối thiểu 2 lần',
    minAirings: 2,
    due: '2025-10-31',
    createdAt: '2025-10-01T08:00:00+07:00',
    unitId: 'p1',
    unitName: 'Tỉnh Hà Tĩnh',
    receivedAt: '2025-10-01T01:00:00.000Z',
    complete: true,
    forUnitIds: ['s1'],
    ...overrides,
  };
}

/** A server in memory: the list, files by Range, and a switch that cuts the link after N file requests. */
function fakeServer(items: ReturnType<typeof item>[], files: Map<string, Buffer>) {
  const log: string[] = [];
  let cutAfter = Number.POSITIVE_INFINITY;
  const transport: Transport = {
    baseUrl: '',
    async fetch(input, init) {
      const url = String(input);
      const headers = (init?.headers ?? {}) as Record<string, string>;
      if (url === '/api/v1/content') return Response.json({ items });
      const file = /^\/api\/v1\/files\/([0-9a-f]{64})$/.exec(url);
      if (file) {
        log.push(`GET ${file[1]!.slice(0, 8)} ${headers.range ?? ''}`);
        if (log.filter((l) => l.startsWith('GET')).length > cutAfter) throw new TypeError('network');
        const bytes = files.get(file[1]!)!;
        const [, a, b] = /bytes=(\d+)-(\d+)/.exec(headers.range ?? '')!;
        const part = bytes.subarray(Number(a), Number(b) + 1);
        // Node's Blob: fake IndexedDB keeps it (happy-dom's does not survive its structured clone).
        return { status: 206, ok: true, blob: async () => new NodeBlob([part]) } as unknown as Response;
      }
      const done = /^\/api\/v1\/content\/([^/]+)\/downloaded$/.exec(url);
      if (done) {
        log.push(`downloaded ${done[1]}`);
        return Response.json({ unitIds: ['s1'] });
      }
      return new Response('{}', { status: 404 });
    },
  };
  return {
    transport,
    log,
    cut(after: number) {
      cutAfter = after;
    },
  };
}

async function stationDb(name: string) {
  const db = openAppDatabase(`${name}-${Date.now()}-${Math.random()}`);
  await writeMeta(db, { deviceId: 'dev-1', token: 'x'.repeat(32), unitId: 's1', role: 'reporter' });
  await db.units.bulkPut([
    { id: 'c1', code: '18673', name: 'Xã Cẩm Xuyên', kind: 'commune', parentId: null },
    { id: 's1', code: '', name: 'Trạm truyền thanh Xã Cẩm Xuyên', kind: 'station', parentId: 'c1' },
  ]);
  return db;
}

describe('content sent to a station', () => {
  it('downloads a file in parts, resumes after a cut where it stopped, and never fetches it again', async () => {
    const db = await stationDb('content-download');
    const bytes = wav(40, 8_000); // 640 KB: three parts
    const segment = item(bytes);
    const unfinished = item(wav(1), { complete: false, title: 'Chưa gửi xong' });
    const server = fakeServer([segment, unfinished], new Map([[segment.file!.sha256, bytes]]));
    server.cut(1);
    await refreshContent(db, server.transport).catch(() => undefined);
    let row = (await db.content.get(segment.id))!;
    expect(row.parts.reduce((n, p) => n + p.size, 0)).toBe(DOWNLOAD_PART_BYTES);
    expect(row.fileState).toBe('downloading');

    server.cut(Number.POSITIVE_INFINITY);
    await refreshContent(db, server.transport);
    row = (await db.content.get(segment.id))!;
    expect(row.fileState).toBe('done');
    expect(Buffer.from(await row.blob!.arrayBuffer()).equals(bytes)).toBe(true);
    expect(row.parts).toEqual([]);
    // The second pass asked only for what was missing.
    const gets = server.log.filter((l) => l.startsWith('GET'));
    expect(gets.map((l) => l.split(' ')[2])).toEqual([
      `bytes=0-${DOWNLOAD_PART_BYTES - 1}`,
      `bytes=${DOWNLOAD_PART_BYTES}-${2 * DOWNLOAD_PART_BYTES - 1}`,
      `bytes=${DOWNLOAD_PART_BYTES}-${2 * DOWNLOAD_PART_BYTES - 1}`,
      `bytes=${2 * DOWNLOAD_PART_BYTES}-${bytes.length - 1}`,
    ]);
    expect(server.log.filter((l) => l.startsWith('downloaded'))).toEqual([`downloaded ${segment.id}`]);
    // An item whose file upstream has not finished sending is not fetched; the held one not again.
    await refreshContent(db, server.transport);
    expect(server.log.filter((l) => l.startsWith('GET'))).toHaveLength(4);
    expect((await db.content.get(unfinished.id))?.fileState).toBe('none');
    await db.delete();
  });

  it('drops a file whose bytes are not the ones sent (SHA-256), never offers it, and never says it holds it', async () => {
    const db = await stationDb('content-hostile');
    const bytes = wav(20, 8_000);
    const segment = item(bytes);
    // A proxy (or a forged server) hands other bytes of the same length.
    const forged = Buffer.from(bytes);
    forged.fill(0x7f, 1_000, 2_000);
    const server = fakeServer([segment], new Map([[segment.file!.sha256, forged]]));
    await refreshContent(db, server.transport);
    const row = (await db.content.get(segment.id))!;
    expect(row).toMatchObject({ fileState: 'none', blob: null, parts: [] });
    expect(server.log.filter((l) => l.startsWith('downloaded'))).toEqual([]);
    // Tried once more by itself; wrong again, it waits for the person instead of spending their
    // data at every sync, and says why.
    const gets = () => server.log.filter((l) => l.startsWith('GET')).length;
    await refreshContent(db, server.transport);
    const once = gets();
    expect((await db.content.get(segment.id))!).toMatchObject({ fileState: 'ask', error: 'corrupt', parts: [] });
    await refreshContent(db, server.transport);
    await refreshContent(db, server.transport);
    expect(gets()).toBe(once);
    location.hash = '#/content';
    const root = mount(
      <App
        services={{ db, transport: server.transport, scheduler: new SyncScheduler(db, server.transport) }}
        pwa={null}
      />,
    );
    await until(() => root.querySelector('[data-testid=file-state]') !== null, 'the list');
    expect(root.querySelector('[data-testid=file-state]')!.textContent).toBe(
      'Tệp tải về hai lần đều bị lỗi (mạng làm sai dữ liệu), máy đã bỏ. Bấm Tải về để thử lại khi có mạng khác.',
    );
    // The person taps: it downloads again, from zero. (The screen is taken down at once: a part
    // as fake IndexedDB gives it back here is no Blob the screen could measure.)
    (root.querySelector('.content-item button') as HTMLButtonElement).click();
    unmountAll();
    await until(() => gets() > once, 'downloading again at the tap');
    await expect
      .poll(async () => {
        const row = await db.content.get(segment.id);
        return row && { fileState: row.fileState, error: row.error, parts: row.parts.length };
      })
      .toEqual({ fileState: 'none', error: 'corrupt', parts: 0 });
    await db.delete();
  });

  it('keeps what it downloaded when the phone is full, says so, and goes on once there is room', async () => {
    const db = await stationDb('content-full');
    const bytes = wav(40, 8_000);
    const segment = item(bytes);
    const server = fakeServer([segment], new Map([[segment.file!.sha256, bytes]]));
    const put = db.content.put.bind(db.content);
    let full = true;
    db.content.put = ((row: ContentRow) => {
      if (full && row.parts.length >= 2) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put(row);
    }) as typeof db.content.put;
    await expect(refreshContent(db, server.transport)).rejects.toThrow(/quota/);
    const row = (await db.content.get(segment.id))!;
    expect(row.error).toBe('full');
    expect(row.parts.reduce((n, p) => n + p.size, 0)).toBe(DOWNLOAD_PART_BYTES);
    full = false;
    await refreshContent(db, server.transport);
    const done = (await db.content.get(segment.id))!;
    expect(done.fileState).toBe('done');
    expect(done.error).toBeNull();
    expect(Buffer.from(await done.blob!.arrayBuffer()).equals(bytes)).toBe(true);
    await db.delete();
  });

  it('asks before a download over 5 MB on a costly link', async () => {
    expect(isCostlyLink({ saveData: true })).toBe(true);
    expect(isCostlyLink({ type: 'cellular' })).toBe(true);
    expect(isCostlyLink({ effectiveType: '3g' })).toBe(true);
    expect(isCostlyLink({ type: 'wifi', effectiveType: '4g' })).toBe(false);
    expect(isCostlyLink(undefined)).toBe(false);
    const large = { file: { sha256: 'a', size: 6 * 1024 * 1024, mime: 'audio/mpeg', name: 'a' }, allowed: false };
    expect(mustAsk(large, true)).toBe(true);
    expect(mustAsk({ ...large, allowed: true }, true)).toBe(false);
    expect(mustAsk(large, false)).toBe(false);
    expect(mustAsk({ ...large, file: { ...large.file, size: 4 * 1024 * 1024 } }, true)).toBe(false);

    const db = await stationDb('content-ask');
    const bytes = Buffer.alloc(6 * 1024 * 1024, 1);
    const segment = item(bytes);
    const server = fakeServer([segment], new Map([[segment.file!.sha256, bytes]]));
    const connection = Object.getOwnPropertyDescriptor(navigator, 'connection');
    Object.defineProperty(navigator, 'connection', { value: { saveData: true }, configurable: true });
    try {
      await refreshContent(db, server.transport);
    } finally {
      if (connection) Object.defineProperty(navigator, 'connection', connection);
      else delete (navigator as { connection?: unknown }).connection;
    }
    expect((await db.content.get(segment.id))?.fileState).toBe('ask');
    expect(server.log).toEqual([]);
    await db.delete();
  });

  it('shows each item new, downloaded, aired N of its minimum and due by; a relay entry is one tap away', async () => {
    const db = await stationDb('content-screen');
    const bytes = wav(1);
    const segment = item(bytes);
    const row: ContentRow = {
      ...segment,
      seenAt: null,
      fileState: 'done',
      parts: [],
      blob: new Blob([new Uint8Array(bytes)], { type: 'audio/wav' }),
      allowed: false,
      reported: true,
    };
    await db.content.put(row);
    const aired = relayDraft(segment, 95, new Date('2025-10-05T00:30:00Z'), () => undefined, 'Tiếp sóng lúc 07:30');
    expect(aired).toMatchObject({
      kind: 'broadcast',
      date: '2025-10-05',
      title: segment.title,
      figures: { sessions: 1, minutes: 1.6, source: 'relay', timeOfDay: 'sang', contentId: segment.id },
      topics: ['Dịch vụ công'],
    });
    // The task the item serves goes with it, under its plan (the item's, else the plan holding the task).
    expect(
      relayDraft(
        { ...segment, taskId: 't-7' },
        95,
        new Date('2025-10-05T11:30:00Z'),
        (taskId) => (taskId === 't-7' ? 'plan-2025' : undefined),
        'Tiếp sóng lúc 18:30',
      ),
    ).toMatchObject({
      taskId: 't-7',
      planId: 'plan-2025',
      date: '2025-10-05',
      note: 'Tiếp sóng lúc 18:30',
      figures: { timeOfDay: 'toi', contentId: segment.id },
    });
    const { saveEntry } = await import('../../src/app/db/database');
    await saveEntry(db, aired);

    const transport: Transport = { baseUrl: '', fetch: () => Promise.reject(new TypeError('offline')) };
    location.hash = '#/content';
    const root = mount(<App services={{ db, transport, scheduler: new SyncScheduler(db, transport) }} pwa={null} />);
    await until(() => root.querySelector('li.content-item') !== null, 'the content list');
    const line = root.querySelector('li.content-item')!;
    await until(() => line.querySelector('[data-testid=aired]')?.textContent?.includes('1/2') ?? false, 'the airing');
    expect(line.textContent).toContain('Mới');
    expect(line.querySelector('[data-testid=file-state]')?.textContent).toBe('Đã tải về');
    expect(line.querySelector('[data-testid=aired]')?.textContent).toContain('Đã phát 1/2 lần');
    expect(line.textContent).toContain('Hạn: 31/10/2025');
    expect(line.textContent).toContain('Phát trong tháng 10, tối thiểu 2 lần');
    await db.delete();
  });

  it('lets a post-office point mark a sent material received with its copies, in one tap', async () => {
    const db = openAppDatabase(`content-post-${Date.now()}`);
    await writeMeta(db, { deviceId: 'dev-2', token: 'x'.repeat(32), unitId: 'po1', role: 'reporter' });
    await db.units.put({ id: 'po1', code: '', name: 'Điểm BĐ-VH Cẩm Xuyên', kind: 'post_office', parentId: null });
    const leaflet = item(null, {
      title: 'Tờ gấp dịch vụ công trực tuyến',
      unitKinds: ['post_office'],
      forUnitIds: ['po1'],
    });
    await db.content.put({
      ...leaflet,
      seenAt: null,
      fileState: 'done',
      parts: [],
      blob: null,
      allowed: false,
      reported: true,
    });
    const transport: Transport = { baseUrl: '', fetch: () => Promise.reject(new TypeError('offline')) };
    location.hash = '#/content';
    const root = mount(<App services={{ db, transport, scheduler: new SyncScheduler(db, transport) }} pwa={null} />);
    await until(() => root.querySelector('.content-received button') !== null, 'the received button');
    typeInto(root, 'copies', '150');
    (root.querySelector('.content-received button') as HTMLButtonElement).click();
    await until(() => root.querySelector('.content-received [role=status]') !== null, 'the saved line');
    const entries = await db.activities.toArray();
    expect(entries).toEqual([
      expect.objectContaining({
        kind: 'material',
        unitId: 'po1',
        title: leaflet.title,
        figures: { direction: 'received', copies: 150, contentId: leaflet.id },
      }),
    ]);
    await until(() => root.textContent?.includes('Đã nhận 150 bản') ?? false, 'the copies received');
    await db.delete();
  });

  it('shows a script in large type with a timer, and logs the relay in one tap when reading ends', async () => {
    const db = await stationDb('content-script');
    const script = item(null, { script: 'Kính thưa bà con\nTừ ngày 1/7, thủ tục…' });
    await db.content.put({
      ...script,
      seenAt: null,
      fileState: 'done',
      parts: [],
      blob: null,
      allowed: false,
      reported: true,
    });
    const transport: Transport = { baseUrl: '', fetch: () => Promise.reject(new TypeError('offline')) };
    location.hash = `#/content/${script.id}`;
    const root = mount(<App services={{ db, transport, scheduler: new SyncScheduler(db, transport) }} pwa={null} />);
    await until(() => root.querySelector('.script-text') !== null, 'the script');
    expect([...root.querySelectorAll('.script-text p')].map((p) => p.textContent)).toEqual([
      'Kính thưa bà con',
      'Từ ngày 1/7, thủ tục…',
    ]);
    const button = (text: string) =>
      [...root.querySelectorAll('button')].find((b) => b.textContent === text) as HTMLButtonElement;
    button('Bắt đầu đọc').click();
    await until(() => button('Đọc xong') !== undefined, 'reading');
    button('Đọc xong').click();
    await until(() => root.querySelector('[data-testid=save-relay]') !== null, 'the offer');
    expect(root.querySelector('.offer')?.textContent).toMatch(/tiếp sóng “Chuyên mục CCHC tháng 10”, 0,1 phút/);
    (root.querySelector('[data-testid=save-relay]') as HTMLButtonElement).click();
    await until(() => root.querySelector('.offer.saved') !== null, 'saved');
    expect(await db.activities.toArray()).toEqual([
      expect.objectContaining({
        kind: 'broadcast',
        title: script.title,
        figures: expect.objectContaining({ source: 'relay', minutes: 0.1, sessions: 1, contentId: script.id }),
      }),
    ]);
    // Opened, it is no longer new.
    expect((await db.content.get(script.id))?.seenAt).not.toBeNull();
    // In the list, a script (no file to download) starts its status line with its airings.
    location.hash = '#/content';
    await until(() => root.querySelector('li.content-item .content-status') !== null, 'the list');
    expect(root.querySelector('li.content-item .content-status')?.textContent).toMatch(/^Đã phát/);
    await db.delete();
  });

  it("logs what a commune's phone airs or receives for the station or post-office point it was sent to", async () => {
    // The units a commune phone holds: the commune, its station and its post-office point.
    const units = [
      { id: 'c1', kind: 'commune' as const },
      { id: 's1', kind: 'station' as const },
      { id: 'po1', kind: 'post_office' as const },
    ];
    expect(loggedFor(['s1'], 'broadcast', 'c1', units)).toBe('s1');
    expect(loggedFor(['po1', 's1'], 'broadcast', 'c1', units)).toBe('s1');
    expect(loggedFor(['po1', 's1'], 'material', 'c1', units)).toBe('po1');
    // Sent to the phone's own unit: its own.
    expect(loggedFor(['c1', 's1'], 'broadcast', 'c1', units)).toBeUndefined();
    expect(loggedFor(['s1'], 'broadcast', 's1', units)).toBeUndefined();

    const db = openAppDatabase(`content-commune-${Date.now()}`);
    await writeMeta(db, { deviceId: 'dev-3', token: 'x'.repeat(32), unitId: 'c1', role: 'reporter' });
    await db.units.bulkPut([
      { id: 'c1', code: '18673', name: 'Xã Cẩm Xuyên', kind: 'commune', parentId: null },
      { id: 's1', code: '', name: 'Trạm truyền thanh Xã Cẩm Xuyên', kind: 'station', parentId: 'c1' },
      { id: 'po1', code: '', name: 'Điểm BĐ-VH Cẩm Xuyên', kind: 'post_office', parentId: 'c1' },
    ]);
    const held = { seenAt: null, fileState: 'done' as const, parts: [], blob: null, allowed: false, reported: true };
    const script = item(null, { forUnitIds: ['s1'] });
    const leaflet = item(null, {
      title: 'Tờ gấp dịch vụ công trực tuyến',
      unitKinds: ['post_office'],
      forUnitIds: ['po1'],
      receivedAt: '2025-09-01T01:00:00.000Z',
    });
    await db.content.bulkPut([
      { ...script, ...held },
      { ...leaflet, ...held },
    ]);
    const transport: Transport = { baseUrl: '', fetch: () => Promise.reject(new TypeError('offline')) };
    location.hash = '#/content';
    const root = mount(<App services={{ db, transport, scheduler: new SyncScheduler(db, transport) }} pwa={null} />);
    // The leaflet sent to the commune's post-office point: marked received from the commune's phone.
    await until(() => root.querySelector('.content-received button') !== null, 'the received button');
    expect(root.querySelectorAll('.content-received')).toHaveLength(1);
    typeInto(root, 'copies', '40');
    (root.querySelector('.content-received button') as HTMLButtonElement).click();
    await until(() => root.querySelector('.content-received [role=status]') !== null, 'the saved line');
    expect(root.querySelector('.content-received [role=status]')?.textContent).toBe(
      'Đã ghi nhận 40 bản “Tờ gấp dịch vụ công trực tuyến”. Ghi cho Điểm BĐ-VH Cẩm Xuyên.',
    );
    // The script sent to its station, read on air: the offer says for whom, and logs it there.
    location.hash = `#/content/${script.id}`;
    const button = (text: string) =>
      [...root.querySelectorAll('button')].find((b) => b.textContent === text) as HTMLButtonElement;
    await until(() => button('Bắt đầu đọc') !== undefined, 'the script');
    button('Bắt đầu đọc').click();
    await until(() => button('Đọc xong') !== undefined, 'reading');
    button('Đọc xong').click();
    await until(() => root.querySelector('[data-testid=save-relay]') !== null, 'the offer');
    expect(root.querySelector('.offer p')?.textContent).toMatch(/Ghi cho Trạm truyền thanh Xã Cẩm Xuyên\.$/);
    (root.querySelector('[data-testid=save-relay]') as HTMLButtonElement).click();
    await until(() => root.querySelector('.offer.saved') !== null, 'saved');
    const entries = await db.activities.toArray();
    expect(entries.map((e) => [e.kind, e.unitId, e.figures.contentId])).toEqual(
      expect.arrayContaining([
        ['material', 'po1', leaflet.id],
        ['broadcast', 's1', script.id],
      ]),
    );
    expect(entries).toHaveLength(2);
    // Queued for the server under those units.
    const queued = await db.outbox.toArray();
    expect(queued.map((m) => (m.mutation as { activity: { unitId: string } }).activity.unitId).sort()).toEqual([
      'po1',
      's1',
    ]);
    await db.delete();
  });

  it('names the time of day by the hour in Vietnam, whatever zone the phone is in', () => {
    expect(timeOfDayAt(new Date('2025-10-05T03:59:00Z'))).toBe('sang'); // 10:59
    expect(timeOfDayAt(new Date('2025-10-05T04:00:00Z'))).toBe('trua'); // 11:00
    expect(timeOfDayAt(new Date('2025-10-05T06:00:00Z'))).toBe('chieu'); // 13:00
    expect(timeOfDayAt(new Date('2025-10-05T11:00:00Z'))).toBe('toi'); // 18:00
    expect(timeOfDayAt(new Date('2025-10-05T20:00:00Z'))).toBe('sang'); // 03:00 the next day
  });
});
