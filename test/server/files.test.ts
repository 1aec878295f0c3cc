import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Attachment } from '../../src/shared/attachment';
import { MAX_ATTACHMENTS_PER_ENTRY } from '../../src/shared/attachment';
import { openDatabase } from '../../src/server/db/database';
import { databaseFileStore } from '../../src/server/files/file-store';
import { attachmentFor, docx, evidenceClient, jpeg, noise, png, sha256Of, uploadAll } from './files-fixtures';
import Fastify from 'fastify';
import { installUploadSweep } from '../../src/server/files/upload-sweep';
import {
  backends,
  buildTestApp,
  enroll,
  newActivity,
  type openTestDatabase,
  openTestServer,
  syncAs,
  type TestClock,
  type TestDevice,
  type Tree,
  upsert,
} from './helpers';

describe.each(backends())('evidence files on %s', (backend) => {
  let app: FastifyInstance;
  let close: () => Promise<void>;
  let db: Awaited<ReturnType<typeof openTestDatabase>>['db'];
  let clock: TestClock;
  let tree: Tree;
  let phone: TestDevice;
  let neighbour: TestDevice;
  let district: TestDevice;
  let otherDistrict: TestDevice;

  beforeAll(async () => {
    ({ db, app, tree, clock, close } = await openTestServer(backend, { unitEvidenceBytes: 1024 * 1024 }));
    phone = await enroll(app, db, tree.commune);
    neighbour = await enroll(app, db, tree.neighbour);
    district = await enroll(app, db, tree.district, 'supervisor');
    otherDistrict = await enroll(app, db, tree.otherDistrict, 'supervisor');
  });
  afterAll(async () => {
    await close?.();
  });

  /** An entry synced to the server by a device; returns its id. */
  async function entryOf(device: TestDevice, unitId = device.unitId): Promise<string> {
    const activity = newActivity(unitId, { deviceId: device.deviceId });
    device.seq++;
    const { body } = await syncAs(app, device, [upsert(device.seq, activity)]);
    expect(body.results[0]?.status).toBe('applied');
    return activity.id;
  }

  it('takes a file in chunks, answers a repeated or skipped chunk with what it holds, and serves it back', async () => {
    const client = evidenceClient(app, phone);
    const entry = await entryOf(phone);
    const bytes = png(1600, 1200, 150_000);
    const input = attachmentFor(entry, bytes);
    const registered = await client.register(input);
    expect(registered.statusCode).toBe(200);
    expect(registered.json().attachment).toMatchObject({
      id: input.id,
      unitId: tree.commune,
      deviceId: phone.deviceId,
      received: 0,
      complete: false,
      lost: false,
    });
    // Registering again (the answer was lost) answers the same.
    expect((await client.register(input)).json()).toEqual(registered.json());

    const first = await client.put(input.sha256, 0, bytes.subarray(0, 65_536), bytes.length);
    expect(first.json()).toEqual({ received: 65_536, complete: false });
    // The first chunk again (its answer dropped): nothing doubles, the server says where to go on.
    const again = await client.put(input.sha256, 0, bytes.subarray(0, 65_536), bytes.length);
    expect(again.statusCode).toBe(409);
    expect(again.json().received).toBe(65_536);
    expect(again.json().error).toMatch(/gửi tiếp/);
    // A chunk past a gap is refused the same way.
    const gap = await client.put(input.sha256, 131_072, bytes.subarray(131_072), bytes.length);
    expect(gap.statusCode).toBe(409);
    expect(gap.json().received).toBe(65_536);
    expect((await client.status(input.sha256)).json()).toEqual({ received: 65_536, size: 150_000, complete: false });

    const second = await client.put(input.sha256, 65_536, bytes.subarray(65_536, 131_072), bytes.length);
    expect(second.json()).toEqual({ received: 131_072, complete: false });
    const last = await client.put(input.sha256, 131_072, bytes.subarray(131_072), bytes.length);
    expect(last.statusCode).toBe(200);
    expect(last.json()).toEqual({ received: 150_000, complete: true });
    expect((await client.status(input.sha256)).json()).toEqual({ received: 150_000, size: 150_000, complete: true });

    const served = await client.get(input.sha256);
    expect(served.statusCode).toBe(200);
    expect(served.rawPayload.equals(bytes)).toBe(true);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    expect(served.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    expect(served.headers['cache-control']).toBe('private, max-age=31536000, immutable');
    expect(served.headers['content-disposition']).toBe(
      `inline; filename="Anh hoi nghi.png"; filename*=UTF-8''${encodeURIComponent('Ảnh hội nghị.png')}`,
    );
    const upload = await db.selectFrom('file_chunks').select('sha256').where('sha256', '=', input.sha256).execute();
    expect(upload).toHaveLength(0);
  });

  it('stores a file once and takes a second registration of it as complete, with no upload', async () => {
    const client = evidenceClient(app, phone);
    const bytes = jpeg(800, 600, 20_000);
    const firstInput = attachmentFor(await entryOf(phone), bytes, { mime: 'image/jpeg', name: 'a.jpg' });
    await client.register(firstInput);
    expect((await uploadAll(client, bytes)).json()).toEqual({ received: 20_000, complete: true });

    // Another unit's phone holds the same photo: answered complete at once.
    const other = evidenceClient(app, neighbour);
    const secondInput = attachmentFor(await entryOf(neighbour), bytes, { mime: 'image/jpeg', name: 'b.jpg' });
    const second = await other.register(secondInput);
    expect(second.json().attachment).toMatchObject({ complete: true, received: 20_000, unitId: tree.neighbour });
    const rows = await db.selectFrom('files').select('sha256').where('sha256', '=', firstInput.sha256).execute();
    expect(rows).toHaveLength(1);
    // A chunk sent anyway changes nothing.
    expect((await other.put(firstInput.sha256, 0, bytes.subarray(0, 100), bytes.length)).json()).toEqual({
      received: 20_000,
      complete: true,
    });
  });

  it('refuses a reused attachment id for another file, an unknown entry and another unit’s entry', async () => {
    const client = evidenceClient(app, phone);
    const entry = await entryOf(phone);
    const input = attachmentFor(entry, png(10, 10));
    await client.register(input);
    const reused = await client.register({ ...input, sha256: sha256Of(png(11, 11)) });
    expect(reused.statusCode).toBe(409);
    const unknown = await client.register(attachmentFor('00000000-0000-4000-8000-000000000000', png(10, 10)));
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error).toMatch(/chưa có mục này/);
    const foreign = await client.register(attachmentFor(await entryOf(neighbour), png(12, 12)));
    expect(foreign.statusCode).toBe(403);
  });

  it(`takes at most ${MAX_ATTACHMENTS_PER_ENTRY} attachments on an entry`, async () => {
    const client = evidenceClient(app, phone);
    const entry = await entryOf(phone);
    for (let i = 0; i < MAX_ATTACHMENTS_PER_ENTRY; i++) {
      expect((await client.register(attachmentFor(entry, png(20 + i, 20)))).statusCode).toBe(200);
    }
    const over = await client.register(attachmentFor(entry, png(40, 20)));
    expect(over.statusCode).toBe(400);
    expect(over.json().error).toMatch(/tối đa 10 tệp/);
  });

  it('discards a file whose bytes do not match their SHA-256', async () => {
    const client = evidenceClient(app, phone);
    const good = png(100, 100, 5_000);
    const input = attachmentFor(await entryOf(phone), good);
    await client.register(input);
    const bad = Buffer.from(good);
    bad[4_000] = bad[4_000]! ^ 0xff;
    const answer = await client.put(input.sha256, 0, bad, bad.length);
    expect(answer.statusCode).toBe(422);
    expect(answer.json().error).toMatch(/không khớp mã SHA-256/);
    expect((await client.status(input.sha256)).json()).toEqual({ received: 0, size: 5_000, complete: false });
    // Sent again correctly, it goes in.
    expect((await client.put(input.sha256, 0, good, good.length)).json()).toEqual({ received: 5_000, complete: true });
  });

  it('refuses hostile files in words: a web page named .jpg, a PNG of 10 gigapixels, a .docx zip bomb', async () => {
    const client = evidenceClient(app, phone);
    const entry = await entryOf(phone);

    const html = Buffer.from('<!doctype html><html><script>fetch("/api/v1/devices")</script></html>');
    const page = attachmentFor(entry, html, { mime: 'image/jpeg', name: 'anh.jpg' });
    expect((await client.register(page)).statusCode).toBe(200);
    const refusedPage = await client.put(page.sha256, 0, html, html.length);
    expect(refusedPage.statusCode).toBe(415);
    expect(refusedPage.json().error).toMatch(/^Tệp không phải ảnh JPEG/);
    expect((await client.get(page.sha256)).statusCode).toBe(404);

    const huge = png(100_000, 100_000);
    const bomb = attachmentFor(entry, huge);
    await client.register(bomb);
    const refusedPng = await client.put(bomb.sha256, 0, huge, huge.length);
    expect(refusedPng.statusCode).toBe(413);
    expect(refusedPng.json().error).toMatch(/quá lớn \(tối đa 50 megapixel\)/);
    // A JPEG's start-of-frame declaring 50,000 × 50,000 px in 4 KB: the same.
    const jpegBomb = jpeg(50_000, 50_000, 4_000);
    const bombJpeg = attachmentFor(entry, jpegBomb, { mime: 'image/jpeg', name: 'bom.jpg' });
    await client.register(bombJpeg);
    const refusedJpeg = await client.put(bombJpeg.sha256, 0, jpegBomb, jpegBomb.length);
    expect(refusedJpeg.statusCode).toBe(413);
    expect(refusedJpeg.json().error).toMatch(/quá lớn \(tối đa 50 megapixel\)/);
    // An 11 MB file is refused at its registration, before any byte.
    const eleven = attachmentFor(entry, Buffer.alloc(1), {
      size: 11 * 1024 * 1024,
      mime: 'application/pdf',
      kind: 'file',
    });
    const refusedEleven = await client.register(eleven);
    expect(refusedEleven.statusCode).toBe(400);
    expect(JSON.stringify(refusedEleven.json())).toMatch(/Tệp quá lớn: tối đa 10 MB/);

    const zipBomb = docx(Buffer.alloc(20 * 1024 * 1024));
    expect(zipBomb.length).toBeLessThan(100_000);
    const word = attachmentFor(entry, zipBomb, {
      mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      name: 'Báo cáo.docx',
      kind: 'file',
    });
    await client.register(word);
    const refusedDocx = await uploadAll(client, zipBomb);
    expect(refusedDocx.statusCode).toBe(413);
    expect(refusedDocx.json().error).toMatch(/Tệp Word khai báo nội dung giải nén quá lớn/);

    // A PNG registered as a PDF is refused too: the bytes decide.
    const mislabelled = png(10, 13);
    const pdf = attachmentFor(entry, mislabelled, { mime: 'application/pdf', name: 'a.pdf', kind: 'file' });
    await client.register(pdf);
    const refusedPdf = await client.put(pdf.sha256, 0, mislabelled, mislabelled.length);
    expect(refusedPdf.statusCode).toBe(415);
    expect(refusedPdf.json().error).toMatch(/^Tệp không phải tệp PDF: nội dung của tệp là ảnh PNG/);
    const rows = await db
      .selectFrom('files')
      .select('sha256')
      .where('sha256', 'in', [page.sha256, bomb.sha256, bombJpeg.sha256, word.sha256, pdf.sha256])
      .execute();
    expect(rows).toHaveLength(0);
  });

  it('takes a real .docx and serves it as a download, never inline', async () => {
    const client = evidenceClient(app, phone);
    const bytes = docx();
    const input = attachmentFor(await entryOf(phone), bytes, {
      mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      name: 'Biên bản "họp".docx',
      kind: 'file',
    });
    await client.register(input);
    expect((await uploadAll(client, bytes)).json()).toMatchObject({ complete: true });
    const served = await client.get(input.sha256);
    expect(served.headers['content-type']).toBe(input.mime);
    expect(served.headers['content-disposition']).toMatch(
      /^attachment; filename="Bien ban _hop_.docx"; filename\*=UTF-8''Bi%C3%AAn/,
    );
  });

  it('takes a photo’s thumbnail as a file of its own, an image by its bytes', async () => {
    const client = evidenceClient(app, phone);
    const full = jpeg(1600, 1200, 40_000);
    const thumb = jpeg(240, 180, 8_000);
    const notImage = Buffer.from('%PDF-1.7 not a thumbnail');
    const input = attachmentFor(await entryOf(phone), full, {
      mime: 'image/jpeg',
      name: 'Lễ phát động.jpg',
      width: 1600,
      height: 1200,
      thumb: { sha256: sha256Of(thumb), size: thumb.length },
    });
    const registered = (await client.register(input)).json().attachment as Attachment;
    expect(registered.thumb).toEqual({ sha256: sha256Of(thumb), size: thumb.length });
    expect((await client.put(sha256Of(thumb), 0, thumb, thumb.length)).json()).toEqual({
      received: thumb.length,
      complete: true,
    });
    const served = await client.get(sha256Of(thumb));
    expect(served.headers['content-type']).toBe('image/jpeg');
    expect(served.headers['content-disposition']).toMatch(/^inline; /);
    // A size other than the registered one is refused before anything is kept.
    expect((await client.put(input.sha256, 0, full.subarray(0, 1000), 1000)).statusCode).toBe(400);
    const other = attachmentFor(await entryOf(phone), full, {
      mime: 'image/jpeg',
      thumb: { sha256: sha256Of(notImage), size: notImage.length },
    });
    await client.register(other);
    const refused = await client.put(sha256Of(notImage), 0, notImage, notImage.length);
    expect(refused.statusCode).toBe(415);
    expect(refused.json().error).toMatch(/^Tệp không phải ảnh: nội dung của tệp là tệp PDF/);
  });

  it('refuses a file over 10 MB from its Content-Range, without reading its body', async () => {
    // A body that never ends: had the server waited for it, no answer would come.
    const body = new Readable({ read() {} });
    body.push(Buffer.alloc(1024));
    const answer = await Promise.race([
      app.inject({
        method: 'PUT',
        url: `/api/v1/files/${'a'.repeat(64)}`,
        headers: {
          ...phone.headers,
          'content-type': 'application/octet-stream',
          'content-range': `bytes 0-65535/${11 * 1024 * 1024}`,
        },
        payload: body,
      }),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the server read the body')), 3_000)),
    ]);
    body.destroy();
    expect(answer.statusCode).toBe(413);
    expect(answer.json().error).toMatch(/tối đa 10 MB/);
  });

  it('keeps a unit within its quota, in words', async () => {
    const client = evidenceClient(app, neighbour);
    const entry = await entryOf(neighbour);
    const big = noise(600 * 1024);
    expect((await client.register(attachmentFor(entry, big))).statusCode).toBe(200);
    const over = await client.register(attachmentFor(entry, noise(500 * 1024).reverse()));
    expect(over.statusCode).toBe(413);
    expect(over.json().error).toMatch(/hết dung lượng lưu minh chứng/);
  });

  it('serves a file only within scope: the unit and the supervisors above it', async () => {
    const client = evidenceClient(app, phone);
    const bytes = png(300, 200, 4_000);
    const input = attachmentFor(await entryOf(phone), bytes);
    await client.register(input);
    await uploadAll(client, bytes);
    expect((await evidenceClient(app, district).get(input.sha256)).statusCode).toBe(200);
    expect((await evidenceClient(app, otherDistrict).get(input.sha256)).statusCode).toBe(404);
    const stranger = evidenceClient(app, neighbour);
    expect((await stranger.get(input.sha256)).statusCode).toBe(404);
    expect((await stranger.status(input.sha256)).statusCode).toBe(403);
    expect((await stranger.put(input.sha256, 0, bytes, bytes.length)).statusCode).toBe(403);
    expect((await stranger.lost(input.id)).statusCode).toBe(403);
  });

  it('forgets an upload no chunk reached for 7 days when a server starts, keeps a younger one, and takes the file again', async () => {
    const client = evidenceClient(app, phone);
    const entry = await entryOf(phone);
    const started = clock.current;
    const days = (n: number) => new Date(started.getTime() + n * 24 * 3600_000).toISOString();
    const old = png(400, 300, 100_000);
    const young = png(401, 300, 100_000);
    await client.register(attachmentFor(entry, old));
    await client.register(attachmentFor(entry, young));
    try {
      expect((await client.put(sha256Of(old), 0, old.subarray(0, 65_536), old.length)).statusCode).toBe(200);
      clock.set(days(2));
      expect((await client.put(sha256Of(young), 0, young.subarray(0, 65_536), young.length)).statusCode).toBe(200);
      clock.set(days(8));
      // A server starting now (a second app over the same database) sweeps once it is ready.
      const { app: restarted } = await buildTestApp(db, clock);
      await restarted.ready();
      await restarted.close();
      expect((await client.status(sha256Of(old))).json()).toEqual({ received: 0, size: old.length, complete: false });
      expect((await client.status(sha256Of(young))).json()).toMatchObject({ received: 65_536 });
      const chunks = await db.selectFrom('file_chunks').select('sha256').where('sha256', '=', sha256Of(old)).execute();
      expect(chunks).toHaveLength(0);
      // The phone coming back finds nothing held: a chunk past the start is refused with where to go on.
      const late = await client.put(sha256Of(old), 65_536, old.subarray(65_536), old.length);
      expect(late.statusCode).toBe(409);
      expect(late.json().received).toBe(0);
      expect((await uploadAll(client, old)).json()).toEqual({ received: old.length, complete: true });
    } finally {
      clock.set(started.toISOString());
    }
  });

  it('sweeps abandoned uploads again while the server runs', async () => {
    const store = databaseFileStore(db, () => new Date('2021-01-01T00:00:00Z'));
    const bytes = noise(70_000).reverse();
    const sha = sha256Of(bytes);
    const swept = Fastify();
    installUploadSweep(swept, store, () => new Date('2021-02-01T00:00:00Z'), 50);
    await swept.ready();
    try {
      // An upload begun (by the clock) a month ago, after the start's sweep.
      await store.append(sha, bytes.length, 0, bytes.subarray(0, 65_536));
      expect((await store.status(sha)).received).toBe(65_536);
      await expect.poll(async () => (await store.status(sha)).size, { timeout: 5_000 }).toBeNull();
    } finally {
      await swept.close();
    }
  });

  it('marks a file its phone lost, and lists entries with their attachments', async () => {
    const client = evidenceClient(app, phone);
    const entry = await entryOf(phone);
    const kept = png(50, 50, 3_000);
    const keptInput = attachmentFor(entry, kept);
    const goneInput = attachmentFor(entry, png(60, 60, 3_000), { name: 'mất.png' });
    await client.register(keptInput);
    await client.register(goneInput);
    await uploadAll(client, kept);
    const lost = await client.lost(goneInput.id);
    expect(lost.statusCode).toBe(200);
    expect(lost.json().attachment).toMatchObject({ id: goneInput.id, lost: true, complete: false });

    const listed = await app.inject({
      method: 'GET',
      url: `/api/v1/activities?unitId=${tree.district}&limit=500`,
      headers: district.headers,
    });
    const item = (listed.json().items as { id: string; attachments: Attachment[] }[]).find((a) => a.id === entry)!;
    expect(item.attachments.map((a) => [a.id, a.complete, a.lost])).toEqual(
      expect.arrayContaining([
        [keptInput.id, true, false],
        [goneInput.id, false, true],
      ]),
    );
    expect(item.attachments).toHaveLength(2);
    const own = await app.inject({
      method: 'GET',
      url: `/api/v1/activities/${entry}/attachments`,
      headers: district.headers,
    });
    expect((own.json().attachments as Attachment[]).map((a) => a.id).sort()).toEqual(
      [keptInput.id, goneInput.id].sort(),
    );
    const foreign = await app.inject({
      method: 'GET',
      url: `/api/v1/activities/${entry}/attachments`,
      headers: otherDistrict.headers,
    });
    expect(foreign.statusCode).toBe(403);
  });
});

describe('the database file store on PGlite’s own thread', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cchc-files-thread-'));
  let opened: Awaited<ReturnType<typeof openDatabase>>;
  beforeAll(async () => {
    opened = await openDatabase({ dataDir, thread: true });
  });
  afterAll(async () => {
    await opened?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every byte, NUL and high bytes included, across the thread', async () => {
    const store = databaseFileStore(opened.db, () => new Date());
    const bytes = Buffer.concat([Buffer.from([0, 0xff, 0, 0x80]), noise(100_000)]);
    const sha = sha256Of(bytes);
    expect(await store.append(sha, bytes.length, 0, bytes.subarray(0, 65_536))).toEqual({
      appended: true,
      received: 65_536,
    });
    expect(await store.append(sha, bytes.length, 0, bytes.subarray(0, 65_536))).toEqual({
      appended: false,
      received: 65_536,
    });
    await store.append(sha, bytes.length, 65_536, bytes.subarray(65_536));
    const whole = await store.partial(sha);
    expect(whole.equals(bytes)).toBe(true);
    await store.finish(sha, 'image/png', whole);
    expect(await store.has(sha)).toBe(true);
    expect((await store.read(sha))!.bytes.equals(bytes)).toBe(true);
    expect(await store.status(sha)).toEqual({ size: bytes.length, received: bytes.length, complete: true });
  });
});
