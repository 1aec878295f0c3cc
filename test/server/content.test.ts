import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContentInput, ContentItem, ContentReport } from '../../src/shared/content';
import { m4aHead, mp3Head, oggOpusHead, oggVorbisHead, wav } from '../support/audio';
import { evidenceClient, png, sha256Of, uploadAll } from './files-fixtures';
import {
  backends,
  enroll,
  newActivity,
  type openTestDatabase,
  openTestServer,
  syncAs,
  type TestDevice,
  type Tree,
  upsert,
} from './helpers';

// Content relay (issue 15) on the server: a district publishes a segment to every station of its
// communes, uploads it with the evidence chunks, and only the units it was sent to list it and
// download it (whole, or a Range of it); a file that is not audio is refused in words; the
// broadcasts naming the item count as its airings, per unit.

function audioItem(bytes: Buffer, overrides: Partial<ContentInput> = {}): ContentInput {
  return {
    id: randomUUID(),
    kind: 'audio',
    title: 'Chuyên mục CCHC tháng 10',
    seconds: 600,
    topics: ['Dịch vụ công trực tuyến'],
    period: '2021-M10',
    file: { sha256: sha256Of(bytes), size: bytes.length, mime: 'audio/wav', name: 'chuyen-muc-cchc.wav' },
    unitIds: [],
    unitKinds: ['station'],
    expectation: 'Phát trong tháng 10, tối thiểu 2 lần',
    minAirings: 2,
    due: '2021-10-31',
    createdAt: '2021-10-01T08:00:00+07:00',
    ...overrides,
  };
}

describe.each(backends())('content relay on %s', (backend) => {
  let app: FastifyInstance;
  let close: () => Promise<void>;
  let db: Awaited<ReturnType<typeof openTestDatabase>>['db'];
  let tree: Tree;
  let district: TestDevice;
  let station: TestDevice;
  let commune: TestDevice;
  let far: TestDevice;
  let postOffice: TestDevice;

  beforeAll(async () => {
    ({ db, app, tree, close } = await openTestServer(backend));
    district = await enroll(app, db, tree.district, 'supervisor');
    station = await enroll(app, db, tree.station);
    commune = await enroll(app, db, tree.commune);
    far = await enroll(app, db, tree.farCommune);
    postOffice = await enroll(app, db, tree.postOffice);
  });
  afterAll(async () => {
    await close?.();
  });

  const publish = (device: TestDevice, item: ContentInput) =>
    app.inject({ method: 'POST', url: '/api/v1/content', headers: device.headers, payload: item });
  const list = async (device: TestDevice) =>
    (await app.inject({ method: 'GET', url: '/api/v1/content', headers: device.headers })).json() as {
      items: (ContentItem & { forUnitIds: string[] })[];
    };

  it('publishes a segment to every station of the district, which lists it and downloads it whole or by Range', async () => {
    const bytes = wav(3);
    const item = audioItem(bytes);
    const published = await publish(district, item);
    expect(published.statusCode).toBe(200);
    expect(published.json().item).toMatchObject({ id: item.id, unitId: tree.district, complete: false });
    // Sent again (its answer lost): the same answer.
    expect((await publish(district, item)).json()).toEqual(published.json());

    // Its file goes up with the evidence chunks.
    const last = await uploadAll(evidenceClient(app, district), bytes);
    expect(last.json()).toEqual({ received: bytes.length, complete: true });

    const seen = await list(station);
    expect(seen.items.map((i) => i.id)).toContain(item.id);
    expect(seen.items.find((i) => i.id === item.id)).toMatchObject({ complete: true, forUnitIds: [tree.station] });
    // The commune's phone sees what its station was sent; another district's commune does not.
    expect((await list(commune)).items.find((i) => i.id === item.id)?.forUnitIds).toEqual([tree.station]);
    expect((await list(far)).items.map((i) => i.id)).not.toContain(item.id);
    expect((await list(postOffice)).items.map((i) => i.id)).not.toContain(item.id);

    const whole = await app.inject({
      method: 'GET',
      url: `/api/v1/files/${item.file!.sha256}`,
      headers: station.headers,
    });
    expect(whole.statusCode).toBe(200);
    expect(whole.headers['content-type']).toBe('audio/wav');
    expect(whole.headers['accept-ranges']).toBe('bytes');
    expect(whole.headers['content-encoding']).toBeUndefined();
    expect(Buffer.compare(whole.rawPayload, bytes)).toBe(0);

    // A download cut at 10,000 bytes goes on from there.
    const rest = await app.inject({
      method: 'GET',
      url: `/api/v1/files/${item.file!.sha256}`,
      headers: { ...station.headers, range: 'bytes=10000-' },
    });
    expect(rest.statusCode).toBe(206);
    expect(rest.headers['content-range']).toBe(`bytes 10000-${bytes.length - 1}/${bytes.length}`);
    expect(Buffer.compare(rest.rawPayload, bytes.subarray(10_000))).toBe(0);
    const middle = await app.inject({
      method: 'GET',
      url: `/api/v1/files/${item.file!.sha256}`,
      headers: { ...station.headers, range: 'bytes=100-199' },
    });
    expect(middle.statusCode).toBe(206);
    expect(Buffer.compare(middle.rawPayload, bytes.subarray(100, 200))).toBe(0);
    const beyond = await app.inject({
      method: 'GET',
      url: `/api/v1/files/${item.file!.sha256}`,
      headers: { ...station.headers, range: `bytes=${bytes.length}-` },
    });
    expect(beyond.statusCode).toBe(416);
    expect(beyond.headers['content-range']).toBe(`bytes */${bytes.length}`);
    expect(beyond.json().error).toMatch(/tải lại từ đầu/);

    // A unit it was not sent to cannot download it, nor learn that it exists.
    const refused = await app.inject({
      method: 'GET',
      url: `/api/v1/files/${item.file!.sha256}`,
      headers: far.headers,
    });
    expect(refused.statusCode).toBe(404);
    // Nor can a phone it was sent to upload over it.
    const put = await evidenceClient(app, station).put(item.file!.sha256, 0, bytes.subarray(0, 100), bytes.length);
    expect(put.statusCode).toBe(403);

    // The station says it downloaded it; a unit it was not sent to cannot.
    const done = await app.inject({
      method: 'POST',
      url: `/api/v1/content/${item.id}/downloaded`,
      headers: station.headers,
    });
    expect(done.json()).toEqual({ unitIds: [tree.station] });
    expect(
      (await app.inject({ method: 'POST', url: `/api/v1/content/${item.id}/downloaded`, headers: far.headers }))
        .statusCode,
    ).toBe(404);

    // Two broadcasts naming it at the station, one voided later: one airing. The district sees
    // per unit who downloaded it, how many times each aired it, and who did not.
    const aired = newActivity(tree.station, {
      deviceId: station.deviceId,
      title: item.title,
      figures: { sessions: 1, minutes: 3, source: 'relay', contentId: item.id },
    });
    const twice = { ...aired, id: randomUUID() };
    const sync = await syncAs(app, station, [
      upsert(1, aired),
      upsert(2, twice),
      { seq: 3, op: 'void', id: twice.id, baseVersion: 1, reason: 'Nhập trùng' },
    ]);
    expect(sync.body.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    const sent = (await app.inject({ method: 'GET', url: '/api/v1/content/sent', headers: district.headers })).json()
      .items as ContentReport[];
    const report = sent.find((i) => i.id === item.id)!;
    expect(report.airings).toBe(1);
    expect(report.deliveries).toEqual([
      expect.objectContaining({ unitId: tree.station, airings: 1, downloadedAt: expect.any(String) }),
      expect.objectContaining({ unitId: tree.neighbourStation, airings: 0, downloadedAt: null }),
    ]);

    // The period report's annex lists it per unit: downloaded when, aired how often, or not.
    const exported = await app.inject({
      method: 'GET',
      url: `/api/v1/report/export?unitId=${encodeURIComponent(tree.district)}&period=2021-M07&basis=calendar&format=docx`,
      headers: district.headers,
    });
    expect(exported.statusCode).toBe(200);
    const { value: text } = await mammoth.extractRawText({ buffer: exported.rawPayload });
    const annex = text.slice(text.indexOf('NỘI DUNG ĐƯỢC GỬI XUỐNG'));
    expect(annex).toContain('NỘI DUNG ĐƯỢC GỬI XUỐNG: ĐƠN VỊ ĐÃ TẢI VỀ, SỐ LẦN PHÁT');
    expect(annex).toMatch(
      /Chuyên mục CCHC tháng 10 \(hạn 31\/10\/2021\)\s+Trạm truyền thanh Thị trấn Cẩm Xuyên\s+\d\d\/\d\d\/2021 \d\d:\d\d\s+1\s+0/,
    );
    expect(annex).toMatch(/Trạm truyền thanh Thiên Cầm\s+Chưa tải\s+0\s+0/);
  });

  it('takes MP3, M4A and Ogg Opus by their bytes, and refuses other files in words', async () => {
    for (const [bytes, mime] of [
      [mp3Head(), 'audio/mpeg'],
      [m4aHead(), 'audio/mp4'],
      [oggOpusHead(), 'audio/ogg'],
    ] as const) {
      const item = audioItem(bytes, {
        file: { sha256: sha256Of(bytes), size: bytes.length, mime: 'audio/mpeg', name: 'a' },
      });
      expect((await publish(district, item)).statusCode).toBe(200);
      expect((await uploadAll(evidenceClient(app, district), bytes)).json()).toEqual({
        received: bytes.length,
        complete: true,
      });
      const got = await app.inject({
        method: 'GET',
        url: `/api/v1/files/${item.file!.sha256}`,
        headers: station.headers,
      });
      expect(got.headers['content-type']).toBe(mime);
    }
    // Bytes of a picture or of Ogg Vorbis under an audio item: refused, not kept.
    for (const bytes of [png(100, 100), oggVorbisHead()]) {
      const item = audioItem(bytes);
      expect((await publish(district, item)).statusCode).toBe(200);
      const answer = await uploadAll(evidenceClient(app, district), bytes);
      expect(answer.statusCode).toBe(415);
      expect(answer.json().error).toMatch(
        /^Tệp không phải âm thanh: .*Chỉ nhận âm thanh MP3, M4A, Opus \(Ogg\) hoặc WAV/,
      );
      const status = await evidenceClient(app, district).status(item.file!.sha256);
      expect(status.json()).toMatchObject({ received: 0, complete: false });
    }
    // A registration that names another type is refused before any byte.
    const wrong = await publish(
      district,
      audioItem(wav(1), { file: { sha256: sha256Of(wav(1)), size: 100, mime: 'video/avi', name: 'x.avi' } }),
    );
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().issues[0].message).toMatch(/Âm thanh chỉ nhận âm thanh MP3/);
    // A segment over the store's 10 MB (as evidence): refused in words before any byte, and a
    // chunk naming a larger whole too.
    const huge = await publish(
      district,
      audioItem(wav(1), {
        file: { sha256: 'b'.repeat(64), size: 10 * 1024 * 1024 + 1, mime: 'audio/mpeg', name: 'x.mp3' },
      }),
    );
    expect(huge.statusCode).toBe(400);
    expect(huge.json().issues[0].message).toBe('Tệp quá lớn: tối đa 10 MB.');
    const bigChunk = await evidenceClient(app, district).put(
      'b'.repeat(64),
      0,
      Buffer.alloc(100),
      10 * 1024 * 1024 + 1,
    );
    expect(bigChunk.statusCode).toBe(413);
    expect(bigChunk.json().error).toMatch(/10 MB/);
  });

  it('lets only a supervisor publish, and only to units of its subtree', async () => {
    const bytes = wav(1);
    expect((await publish(station, audioItem(bytes))).statusCode).toBe(403);
    const outside = await publish(district, audioItem(bytes, { unitIds: [tree.farCommune], unitKinds: [] }));
    expect(outside.statusCode).toBe(403);
    expect(outside.json().error).toMatch(/phạm vi/);
    const nobody = await publish(district, audioItem(bytes, { unitIds: [], unitKinds: [] }));
    expect(nobody.statusCode).toBe(400);
    // A script to one post-office point, which marks it received (material received naming it).
    const script: ContentInput = {
      ...audioItem(bytes),
      kind: 'script',
      file: null,
      script: 'Kính thưa bà con…',
      unitIds: [tree.postOffice],
      unitKinds: [],
    };
    expect((await publish(district, script)).statusCode).toBe(200);
    expect((await list(postOffice)).items.map((i) => i.id)).toContain(script.id);
    expect((await list(station)).items.map((i) => i.id)).not.toContain(script.id);
    const received = newActivity(tree.postOffice, {
      deviceId: postOffice.deviceId,
      kind: 'material',
      figures: { direction: 'received', copies: 200, contentId: script.id },
    });
    expect((await syncAs(app, postOffice, [upsert(1, received)])).body.results[0]?.status).toBe('applied');
    const sent = (await app.inject({ method: 'GET', url: '/api/v1/content/sent', headers: district.headers })).json()
      .items as ContentReport[];
    expect(sent.find((i) => i.id === script.id)?.deliveries).toEqual([
      expect.objectContaining({ unitId: tree.postOffice, received: 200, airings: 0 }),
    ]);
  });

  it("counts a relay a commune's phone logged for its station as the station's broadcast", async () => {
    const bytes = wav(1, 8_000, 660);
    const item = audioItem(bytes, { title: 'Chuyên mục CCHC tháng 7' });
    expect((await publish(district, item)).statusCode).toBe(200);
    // The commune's phone plays what was sent to its station and logs it for the station.
    const aired = newActivity(tree.station, {
      deviceId: commune.deviceId,
      date: '2021-08-12',
      title: item.title,
      figures: { sessions: 1, minutes: 10, source: 'relay', contentId: item.id },
    });
    expect((await syncAs(app, commune, [upsert(1, aired)])).body.results[0]?.status).toBe('applied');
    const sent = (await app.inject({ method: 'GET', url: '/api/v1/content/sent', headers: district.headers })).json()
      .items as ContentReport[];
    expect(sent.find((i) => i.id === item.id)?.deliveries).toContainEqual(
      expect.objectContaining({ unitId: tree.station, airings: 1 }),
    );
    // The station's own report counts it among its broadcasts.
    const report = await app.inject({
      method: 'GET',
      url: `/api/v1/report?unitId=${encodeURIComponent(tree.station)}&period=2021-M08&basis=calendar&asOf=2021-08-31`,
      headers: district.headers,
    });
    expect(report.json().totals.broadcast).toMatchObject({ sessions: 1, minutes: 10 });
  });
});
