import { randomBytes } from 'node:crypto';
import Dexie from 'dexie';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addAttachment,
  attachmentBytes,
  freeRoomIfLow,
  listAttachments,
  listThumbs,
  originalOf,
  readUploadQueue,
  uploadedOf,
} from '../../src/app/db/attachments';
import {
  type AppDatabase,
  type AttachmentRow,
  type EntryDraft,
  isQuotaError,
  openAppDatabase,
  saveEntry,
  writeMeta,
} from '../../src/app/db/database';
import { SyncScheduler } from '../../src/app/sync/scheduler';
import { enrollDevice } from '../../src/app/sync/sync-client';
import { runUploads } from '../../src/app/sync/uploads';
import { UPLOAD_CHUNK_BYTES } from '../../src/shared/attachment';
import { attachmentStandIn } from './support/attachment-server';
import { photoRowOf } from './support/attachment-row';
import { makeCode, seedCommune, startTestServer, transportFor } from './support/server';

// The upload queue of photos and files (issue 14, item 2) against a stand-in of the server's
// attachment routes (support/attachment-server.ts, written from the contract), which lets each
// case set what the server holds; uploads-server.test.ts drives the same queue against the real
// routes.

let dbCounter = 0;
const KB = 1024;

function broadcast(title = 'Tập huấn CCHC'): EntryDraft {
  return { kind: 'broadcast', date: '2021-07-06', title, figures: { sessions: 1, minutes: 10, source: 'own' } };
}

/** A phone holding one entry the server already has (its sync applied it). */
async function phoneWithEntry(): Promise<{ db: AppDatabase; entryId: string }> {
  const db = openAppDatabase(`uploads-${++dbCounter}`);
  await writeMeta(db, { deviceId: crypto.randomUUID(), unitId: crypto.randomUUID(), token: 'token' });
  const entry = await saveEntry(db, broadcast());
  await db.activities.update(entry.id, { serverVersion: 1, syncState: 'synced' });
  return { db, entryId: entry.id };
}

/** An attachment row as the phone stores a photo: random bytes (they do not compress), a thumbnail. */
function photoRow(entryId: string, size: number, createdAt = new Date().toISOString()): AttachmentRow {
  return photoRowOf(entryId, randomBytes(size), randomBytes(6 * KB), { createdAt });
}

const transportOf = (standIn: ReturnType<typeof attachmentStandIn>) => ({ fetch: standIn.fetch, baseUrl: '' });
const puts = (standIn: ReturnType<typeof attachmentStandIn>, hash: string) =>
  standIn.log.filter((r) => r.method === 'PUT' && r.path.endsWith(hash));

describe('the upload queue', () => {
  it('registers, sends the thumbnail, then the original in chunks of UPLOAD_CHUNK_BYTES', async () => {
    const { db, entryId } = await phoneWithEntry();
    const row = photoRow(entryId, 200 * KB);
    await addAttachment(db, row);
    expect(await readUploadQueue(db)).toEqual({ photos: 1, files: 0, bytesLeft: 206 * KB });
    const standIn = attachmentStandIn();
    // The attachment's row (it holds the blobs) is written at its changes of state only, never at
    // each chunk: a chunk's acknowledgement goes to its small progress row.
    let rowWrites = 0;
    const unhook = () => db.attachments.hook('updating').unsubscribe(count);
    function count() {
      rowWrites++;
    }
    db.attachments.hook('updating', count);
    const outcome = await runUploads(db, transportOf(standIn));
    unhook();
    expect(outcome).toMatchObject({ done: 1, lost: 0, paused: false });
    expect(rowWrites).toBe(3);
    expect(
      standIn.log.map(
        (r) => `${r.method} ${r.path.replace(/[0-9a-f]{64}/, (h) => (h === row.sha256 ? 'ORIGINAL' : 'THUMB'))}`,
      ),
    ).toEqual([
      'POST /api/v1/attachments',
      'PUT /api/v1/files/THUMB',
      'PUT /api/v1/files/ORIGINAL',
      'PUT /api/v1/files/ORIGINAL',
      'PUT /api/v1/files/ORIGINAL',
      'PUT /api/v1/files/ORIGINAL',
    ]);
    expect(puts(standIn, row.sha256).map((r) => r.range)).toEqual([
      `bytes 0-${UPLOAD_CHUNK_BYTES - 1}/${200 * KB}`,
      `bytes ${UPLOAD_CHUNK_BYTES}-${2 * UPLOAD_CHUNK_BYTES - 1}/${200 * KB}`,
      `bytes ${2 * UPLOAD_CHUNK_BYTES}-${3 * UPLOAD_CHUNK_BYTES - 1}/${200 * KB}`,
      `bytes ${3 * UPLOAD_CHUNK_BYTES}-${200 * KB - 1}/${200 * KB}`,
    ]);
    expect(standIn.files.get(row.sha256)?.complete).toBe(true);
    expect(standIn.attachments.get(row.id)?.thumb).toEqual({ sha256: row.thumbSha256, size: 6 * KB });
    expect(await db.attachments.get(row.id)).toMatchObject({ state: 'done', uploaded: 200 * KB, thumbDone: true });
    expect(await readUploadQueue(db)).toEqual({ photos: 0, files: 0, bytesLeft: 0 });
    // Shown in the log: the thumbnail stays with its entry.
    expect((await listThumbs(db, [entryId])).get(entryId)?.map((t) => t.id)).toEqual([row.id]);
  });

  it('resumes after the link drops mid-upload from what the server holds, never resending a finished chunk', async () => {
    const { db, entryId } = await phoneWithEntry();
    const row = photoRow(entryId, 300 * KB);
    await addAttachment(db, row);
    const standIn = attachmentStandIn();
    // Registration, thumbnail, two chunks; the third chunk reaches the server but its answer is lost.
    standIn.faults.push('none', 'none', 'none', 'none', 'drop');
    await expect(runUploads(db, transportOf(standIn))).rejects.toMatchObject({ kind: 'offline' });
    expect(await uploadedOf(db, row.id)).toBe(2 * UPLOAD_CHUNK_BYTES);
    expect(await readUploadQueue(db)).toMatchObject({ bytesLeft: 300 * KB - 2 * UPLOAD_CHUNK_BYTES });
    expect(standIn.files.get(row.sha256)?.bytes.length).toBe(3 * UPLOAD_CHUNK_BYTES);
    // The next pass asks where the server stands and goes on from there: chunk 3 is not sent again.
    const before = standIn.log.length;
    await runUploads(db, transportOf(standIn));
    const after = standIn.log.slice(before);
    expect(after[0]).toMatchObject({ method: 'GET', path: `/api/v1/files/${row.sha256}/status` });
    expect(after.filter((r) => r.method === 'PUT').map((r) => r.start)).toEqual(
      [3, 4].map((n) => n * UPLOAD_CHUNK_BYTES),
    );
    expect(puts(standIn, row.sha256).map((r) => r.start)).toEqual([0, 1, 2, 3, 4].map((n) => n * UPLOAD_CHUNK_BYTES));
    expect(standIn.files.get(row.sha256)?.complete).toBe(true);
    expect((await db.attachments.get(row.id))?.state).toBe('done');
  });

  it('asks where the server stands before resuming, even when it heard of no chunk', async () => {
    const { db, entryId } = await phoneWithEntry();
    // Registered and thumbnail sent; the phone never heard of the two chunks the server holds.
    const row = { ...photoRow(entryId, 150 * KB), registered: true, thumbDone: true, state: 'uploading' as const };
    await addAttachment(db, row);
    const standIn = attachmentStandIn();
    const bytes = Buffer.from(await row.blob!.arrayBuffer());
    standIn.files.set(row.sha256, {
      total: row.size,
      bytes: bytes.subarray(0, 2 * UPLOAD_CHUNK_BYTES),
      complete: false,
    });
    await runUploads(db, transportOf(standIn));
    expect(puts(standIn, row.sha256).map((r) => r.start)).toEqual([2 * UPLOAD_CHUNK_BYTES]);
    expect(standIn.files.get(row.sha256)?.complete).toBe(true);
    expect((await db.attachments.get(row.id))?.state).toBe('done');
  });

  it('takes a 409 as where to resume (the server held more than the phone knew)', async () => {
    const { db, entryId } = await phoneWithEntry();
    // Registered in this pass: the same file half sent from elsewhere waits on the server.
    const row = { ...photoRow(entryId, 150 * KB), thumbDone: true };
    await addAttachment(db, row);
    const standIn = attachmentStandIn();
    const bytes = Buffer.from(await row.blob!.arrayBuffer());
    standIn.files.set(row.sha256, {
      total: row.size,
      bytes: bytes.subarray(0, 2 * UPLOAD_CHUNK_BYTES),
      complete: false,
    });
    await runUploads(db, transportOf(standIn));
    expect(puts(standIn, row.sha256).map((r) => r.start)).toEqual([0, 2 * UPLOAD_CHUNK_BYTES]);
    expect(standIn.files.get(row.sha256)?.complete).toBe(true);
    expect((await db.attachments.get(row.id))?.state).toBe('done');
  });

  it('sends one attachment at a time, oldest first, each whole before the next', async () => {
    const { db, entryId } = await phoneWithEntry();
    const first = photoRow(entryId, 100 * KB, '2021-07-06T01:00:00.000Z');
    const second = photoRow(entryId, 100 * KB, '2021-07-06T02:00:00.000Z');
    await addAttachment(db, second);
    await addAttachment(db, first);
    const standIn = attachmentStandIn();
    await runUploads(db, transportOf(standIn));
    expect(standIn.maxInFlight()).toBe(1);
    const lastOfFirst = Math.max(...puts(standIn, first.sha256).map((r) => r.at));
    const firstOfSecond = Math.min(
      ...standIn.log
        .filter((r) => r.path.includes(second.sha256) || r.path.includes(second.thumbSha256!))
        .map((r) => r.at),
    );
    expect(lastOfFirst).toBeLessThan(firstOfSecond);
  });

  it('stops at the person’s pause between chunks and goes on from there when resumed', async () => {
    const { db, entryId } = await phoneWithEntry();
    const row = photoRow(entryId, 256 * KB);
    await addAttachment(db, row);
    const standIn = attachmentStandIn();
    let checks = 0;
    // Paused after the thumbnail and one chunk of the original went up.
    const outcome = await runUploads(db, transportOf(standIn), { isPaused: async () => ++checks > 3 });
    expect(outcome.paused).toBe(true);
    expect(puts(standIn, row.sha256)).toHaveLength(1);
    await writeMeta(db, { uploadsPaused: true });
    const sent = standIn.log.length;
    expect((await runUploads(db, transportOf(standIn))).paused).toBe(true);
    expect(standIn.log.length).toBe(sent);
    await writeMeta(db, { uploadsPaused: false });
    await runUploads(db, transportOf(standIn));
    expect(
      puts(standIn, row.sha256)
        .filter((r) => r.method === 'PUT')
        .map((r) => r.start),
    ).toEqual([0, 1, 2, 3].map((n) => n * UPLOAD_CHUNK_BYTES));
  });

  it('reports a file gone from the phone as lost, once, and never tries it again', async () => {
    const { db, entryId } = await phoneWithEntry();
    const row = { ...photoRow(entryId, 50 * KB), blob: null };
    await addAttachment(db, row);
    const standIn = attachmentStandIn();
    expect(await runUploads(db, transportOf(standIn))).toMatchObject({ lost: 1, done: 0 });
    expect(standIn.log.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /api/v1/attachments',
      `POST /api/v1/attachments/${row.id}/lost`,
    ]);
    expect(standIn.attachments.get(row.id)?.lost).toBe(true);
    expect((await db.attachments.get(row.id))?.state).toBe('lost');
    await runUploads(db, transportOf(standIn));
    await runUploads(db, transportOf(standIn));
    expect(standIn.log).toHaveLength(2);
  });

  it('sends no bytes of a file the server already holds', async () => {
    const { db, entryId } = await phoneWithEntry();
    const row = photoRow(entryId, 100 * KB);
    await addAttachment(db, row);
    const standIn = attachmentStandIn();
    standIn.files.set(row.sha256, { total: row.size, bytes: Buffer.alloc(row.size), complete: true });
    await runUploads(db, transportOf(standIn));
    expect(standIn.log.map((r) => r.method)).toEqual(['POST']);
    expect((await db.attachments.get(row.id))?.state).toBe('done');
  });

  it('leaves the attachments of an entry the server does not hold yet in the queue', async () => {
    const { db } = await phoneWithEntry();
    const unsent = await saveEntry(db, broadcast('Chưa gửi'));
    await addAttachment(db, photoRow(unsent.id, 10 * KB));
    const standIn = attachmentStandIn();
    await runUploads(db, transportOf(standIn));
    expect(standIn.log).toHaveLength(0);
    expect((await readUploadQueue(db)).photos).toBe(1);
    // A photo of a form never saved belongs to no entry: not counted as waiting, never sent.
    await addAttachment(db, photoRow(crypto.randomUUID(), 10 * KB));
    expect((await readUploadQueue(db)).photos).toBe(1);
    await runUploads(db, transportOf(standIn));
    expect(standIn.log).toHaveLength(0);
  });

  it('checks the room a new photo needs before storing it: sent originals go first, then it is refused', async () => {
    const { db, entryId } = await phoneWithEntry();
    const sent = photoRow(entryId, 100 * KB);
    await addAttachment(db, sent);
    await runUploads(db, transportOf(attachmentStandIn()), { isPaused: async () => false });
    // 60 KB + 6 KB to store with 20 KB free: the sent original's 100 KB make room, and it is stored.
    const fits = photoRow(entryId, 60 * KB);
    await addAttachment(db, fits, async () => ({ usage: 980 * KB, quota: 1000 * KB }));
    expect(await originalOf(db, sent.id)).toBeNull();
    expect((await listAttachments(db, entryId)).find((a) => a.id === sent.id)).toMatchObject({ originalDropped: true });
    expect((await originalOf(db, fits.id))?.size).toBe(60 * KB);
    // Nothing left to drop: the next one is refused as storage full, and nothing of it is stored.
    const refused = photoRow(entryId, 60 * KB);
    const error = await addAttachment(db, refused, async () => ({ usage: 980 * KB, quota: 1000 * KB })).catch(
      (e: unknown) => e,
    );
    expect(isQuotaError(error)).toBe(true);
    expect(await db.attachments.get(refused.id)).toBeUndefined();
    expect(await originalOf(db, refused.id)).toBeNull();
    expect((await originalOf(db, fits.id))?.size).toBe(60 * KB);
    expect(await db.activities.get(entryId)).toMatchObject({ id: entryId });
  });
});

describe('room on the phone', () => {
  it('drops only originals the server holds whole when storage runs low, keeping thumbnails', async () => {
    const { db, entryId } = await phoneWithEntry();
    const sent = photoRow(entryId, 100 * KB);
    const waiting = photoRow(entryId, 50 * KB);
    await addAttachment(db, sent);
    await addAttachment(db, waiting);
    await runUploads(db, transportOf(attachmentStandIn()), { isPaused: async () => false });
    await db.attachments.put({ ...(await db.attachments.get(waiting.id))!, state: 'queued', uploaded: 0 });
    expect(await attachmentBytes(db)).toBe(150 * KB + 12 * KB);
    // Plenty of room: nothing goes.
    expect(await freeRoomIfLow(db, async () => ({ usage: 50, quota: 100 }))).toBe(0);
    expect(await freeRoomIfLow(db, async () => ({ usage: 95, quota: 100 }))).toBe(100 * KB);
    // The original's row is deleted (a delete, which a full quota still allows); the thumbnail stays.
    expect(await originalOf(db, sent.id)).toBeNull();
    expect((await listAttachments(db, entryId)).find((a) => a.id === sent.id)).toMatchObject({
      originalDropped: true,
      state: 'done',
    });
    expect((await db.attachments.get(sent.id))?.thumb?.size).toBe(6 * KB);
    expect((await originalOf(db, waiting.id))?.size).toBe(50 * KB);
    expect(await attachmentBytes(db)).toBe(50 * KB + 12 * KB);
    // A dropped original is not a lost file: nothing is reported or sent again.
    const standIn = attachmentStandIn();
    await db.attachments.put({ ...(await db.attachments.get(waiting.id))!, state: 'done' });
    await runUploads(db, transportOf(standIn));
    expect(standIn.log).toHaveLength(0);
  });
});

describe('counts first, then files, with the real sync server', () => {
  type Server = Awaited<ReturnType<typeof startTestServer>>;
  let server: Server;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('syncs the entry before any of its files, and a stuck upload never holds the next sync', async () => {
    const ids = await seedCommune(server);
    const db = openAppDatabase(`uploads-${++dbCounter}`);
    const net = transportFor(server.app);
    await enrollDevice(db, net.transport, await makeCode(server, ids.station), 'Máy xã');
    // The stand-in knows an entry once the real server holds it, and answers 404 before.
    const known = new Set<string>();
    const standIn = attachmentStandIn({ knownEntries: () => known });
    const order: string[] = [];
    const transport = {
      baseUrl: '',
      fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
        const path = String(input);
        order.push(path.startsWith('/api/v1/sync') ? 'sync' : path.replace(/\/[0-9a-f]{64}.*/, ''));
        const response = await standIn.handle(input, init);
        if (response) return response;
        const answer = await net.transport.fetch(input, init);
        if (path.startsWith('/api/v1/sync')) for (const e of await db.activities.toArray()) known.add(e.id);
        return answer;
      }) as typeof fetch,
    };
    const scheduler = new SyncScheduler(db, transport);
    const entry = await saveEntry(db, broadcast());
    const photo = photoRow(entry.id, 130 * KB);
    await addAttachment(db, photo);
    await scheduler.syncNow();
    await expect.poll(async () => (await db.attachments.get(photo.id))?.state, { timeout: 10_000 }).toBe('done');
    expect(order.indexOf('sync')).toBe(0);
    expect(order.indexOf('sync')).toBeLessThan(order.indexOf('/api/v1/attachments'));
    expect((await db.activities.get(entry.id))?.syncState).toBe('synced');

    // A second photo whose upload hangs on the link: a new entry's counts still sync at once.
    const other = await saveEntry(db, broadcast('Sau đó'));
    const stuck = photoRow(entry.id, 100 * KB);
    await addAttachment(db, stuck);
    standIn.faults.push('none', 'hang');
    await scheduler.syncNow();
    await expect.poll(() => standIn.log.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(5);
    const third = await saveEntry(db, broadcast('Trong lúc ảnh kẹt'));
    const outcome = await scheduler.syncNow();
    expect(outcome?.pushed).toBeGreaterThanOrEqual(1);
    expect((await db.activities.get(other.id))?.syncState).toBe('synced');
    expect((await db.activities.get(third.id))?.syncState).toBe('synced');
    expect((await db.attachments.get(stuck.id))?.state).not.toBe('done');
    scheduler.stop();
  });
});

describe('the local database, version 2 to 3', () => {
  it('keeps every entry, outbox mutation, setting and roll-up, and adds an empty attachments table', async () => {
    const name = `upgrade-${++dbCounter}`;
    // The stores of versions 1 and 2 as phones in the field hold them.
    const old = new Dexie(name);
    old.version(1).stores({
      units: '&id, parentId',
      plans: '&id',
      activities: '&id, date, [kind+date], taskId, syncState',
      outbox: '&seq, entryId',
      meta: '&key',
    });
    old.version(2).stores({ daily: '&id, date' });
    await old.open();
    const held = openAppDatabase(`${name}-source`);
    await writeMeta(held, { deviceId: crypto.randomUUID(), unitId: crypto.randomUUID(), token: 'tok' });
    await saveEntry(held, broadcast('Trước nâng cấp 1'));
    await saveEntry(held, broadcast('Trước nâng cấp 2'));
    const [activities, outbox, meta, daily] = await Promise.all([
      held.activities.toArray(),
      held.outbox.toArray(),
      held.meta.toArray(),
      held.daily.toArray(),
    ]);
    held.close();
    await old.table('activities').bulkPut(activities);
    await old.table('outbox').bulkPut(outbox);
    await old.table('meta').bulkPut(meta);
    await old.table('daily').bulkPut(daily);
    await old.table('units').put({ id: 'u1', name: 'Xã A', parentId: null });
    expect(old.verno).toBe(2);
    old.close();

    const db = openAppDatabase(name);
    await db.open();
    expect(db.verno).toBe(7);
    expect((await db.activities.toArray()).map((a) => a.title).sort()).toEqual([
      'Trước nâng cấp 1',
      'Trước nâng cấp 2',
    ]);
    expect(await db.outbox.toArray()).toEqual(outbox);
    expect(await db.meta.toArray()).toEqual(expect.arrayContaining(meta));
    expect(await db.daily.toArray()).toEqual(daily);
    expect(await db.units.get('u1')).toMatchObject({ name: 'Xã A' });
    expect(await db.attachments.count()).toBe(0);
    await addAttachment(db, photoRow(activities[0]!.id, 1 * KB));
    expect(await db.attachments.count()).toBe(1);
  });

  it('moves the originals a version-6 phone holds into rows of their own when it upgrades to 7', async () => {
    const name = `uploads-v6-${++dbCounter}`;
    const v6 = new Dexie(name);
    v6.version(6).stores({
      units: '&id, parentId',
      plans: '&id',
      activities: '&id, date, [kind+date], taskId, syncState',
      outbox: '&seq, entryId',
      meta: '&key',
      daily: '&id, date',
      attachments: '&id, activityId, state',
      content: '&id',
      submissions: '&id, [period+basis]',
      nudges: '&id, createdAt',
    });
    const held = photoRow(crypto.randomUUID(), 40 * KB);
    const dropped = {
      ...photoRow(held.activityId, 30 * KB),
      blob: null,
      state: 'done' as const,
      originalDropped: true,
    };
    await v6.table('attachments').bulkPut([held, dropped]);
    v6.close();
    const db = openAppDatabase(name);
    await db.open();
    expect(db.verno).toBe(7);
    expect((await db.attachments.get(held.id))?.blob).toBeNull();
    expect(Buffer.from(await (await originalOf(db, held.id))!.arrayBuffer())).toEqual(
      Buffer.from(await held.blob!.arrayBuffer()),
    );
    expect(await originalOf(db, dropped.id)).toBeNull();
    expect((await db.attachments.get(dropped.id))?.thumb?.size).toBe(6 * KB);
    expect(await attachmentBytes(db)).toBe(40 * KB + 12 * KB);
  });
});
