import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import JSZip from 'jszip';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachmentFor, docx, evidenceClient, jpeg, png, uploadAll } from './files-fixtures';
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

// Evidence upstream: a unit's files of a period as one .zip for an inspection, and the count of
// each row's evidence in the report's annex.
describe.each(backends())('evidence upstream on %s', (backend) => {
  let app: FastifyInstance;
  let close: () => Promise<void>;
  let db: Awaited<ReturnType<typeof openTestDatabase>>['db'];
  let tree: Tree;
  let phone: TestDevice;
  let stationPhone: TestDevice;
  let district: TestDevice;
  let clockSet: (iso: string) => void;
  const photo = jpeg(1600, 1200, 30_000);
  const lostPhoto = png(800, 600, 5_000);
  const minutes = docx();
  const stationPhoto = png(640, 480, 7_000);
  const latePhoto = jpeg(400, 300, 6_000);
  const outsidePhoto = png(100, 100, 3_000);
  const ids: Record<string, string> = {};

  async function entry(device: TestDevice, fields: Parameters<typeof newActivity>[1]): Promise<string> {
    const activity = newActivity(device.unitId, { deviceId: device.deviceId, ...fields });
    device.seq++;
    const { body } = await syncAs(app, device, [upsert(device.seq, activity)]);
    expect(body.results[0]?.status).toBe('applied');
    return activity.id;
  }

  async function attach(device: TestDevice, activityId: string, bytes: Buffer, fields: object, upload = true) {
    const client = evidenceClient(app, device);
    const input = attachmentFor(activityId, bytes, fields);
    expect((await client.register(input)).statusCode).toBe(200);
    if (upload) expect((await uploadAll(client, bytes)).json()).toMatchObject({ complete: true });
    return input;
  }

  beforeAll(async () => {
    let clock: { set(iso: string): void };
    ({ db, app, tree, close, clock } = await openTestServer(backend));
    clockSet = (iso) => clock.set(iso);
    phone = await enroll(app, db, tree.commune);
    stationPhone = await enroll(app, db, tree.station);
    district = await enroll(app, db, tree.district, 'supervisor');

    ids.meeting = await entry(phone, {
      kind: 'meeting',
      date: '2021-07-10',
      title: 'Hội nghị đối thoại về thủ tục hành chính',
      figures: { sessions: 1, participants: 80 },
    });
    // Attachments are numbered in the order the phone made them.
    await attach(phone, ids.meeting, photo, {
      mime: 'image/jpeg',
      name: 'Hội nghị.jpg',
      createdAt: '2021-07-10T09:00:00+07:00',
    });
    const lost = await attach(
      phone,
      ids.meeting,
      lostPhoto,
      { name: 'Ảnh bị mất.png', createdAt: '2021-07-10T09:01:00+07:00' },
      false,
    );
    await evidenceClient(app, phone).lost(lost.id);
    await attach(phone, ids.meeting, minutes, {
      mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      name: 'Biên bản.docx',
      kind: 'file',
      createdAt: '2021-07-10T09:02:00+07:00',
    });
    ids.station = await entry(stationPhone, { date: '2021-07-12', title: 'Phát thanh về DVC trực tuyến' });
    await attach(stationPhone, ids.station, stationPhoto, {});
    ids.outside = await entry(phone, { date: '2021-09-20', title: 'Ngoài kỳ' });
    await attach(phone, ids.outside, outsidePhoto, {});
    // Logged in the period, sent after it closed (14/09): a late entry with one photo.
    clockSet('2021-09-20T03:00:00Z');
    ids.late = await entry(phone, { date: '2021-09-01', title: 'Phát thanh gửi muộn' });
    await attach(phone, ids.late, latePhoto, { mime: 'image/jpeg', name: 'muộn.jpg' });
  }, 120_000);
  afterAll(async () => {
    await close?.();
  });

  it('packs a unit’s evidence of a period as a .zip: a folder per entry and an index naming the missing', async () => {
    const res = await app.inject({
      method: 'GET',
      url: `/api/v1/evidence/export?unitId=${tree.district}&period=2021-Q3`,
      headers: district.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toBe('attachment; filename="minh-chung-446-2021-Q3.zip"');
    const zip = await JSZip.loadAsync(res.rawPayload);
    const names = Object.keys(zip.files)
      .filter((n) => !zip.files[n]!.dir)
      .sort();
    expect(names).toEqual(
      [
        '2021-07-10-hoi-nghi-doi-thoai-ve-thu-tuc-hanh-chinh/01-Hoi nghi.jpg',
        '2021-07-10-hoi-nghi-doi-thoai-ve-thu-tuc-hanh-chinh/03-Bien ban.docx',
        '2021-07-12-phat-thanh-ve-dvc-truc-tuyen/01-Anh hoi nghi.png',
        '2021-09-01-phat-thanh-gui-muon/01-muon.jpg',
        'danh-sach-minh-chung.csv',
      ].sort(),
    );
    const first = await zip
      .file('2021-07-10-hoi-nghi-doi-thoai-ve-thu-tuc-hanh-chinh/01-Hoi nghi.jpg')!
      .async('nodebuffer');
    expect(first.equals(photo)).toBe(true);
    const word = await zip
      .file('2021-07-10-hoi-nghi-doi-thoai-ve-thu-tuc-hanh-chinh/03-Bien ban.docx')!
      .async('nodebuffer');
    expect(word.equals(minutes)).toBe(true);

    const index = await zip.file('danh-sach-minh-chung.csv')!.async('nodebuffer');
    expect([...index.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = index.toString('utf8').slice(1).trim().split('\r\n');
    expect(lines[0]).toBe(
      'Ngày,Đơn vị,Loại hoạt động,Nội dung,Mã mục,Tệp trong tệp nén,Tên tệp gốc,SHA-256,Kích thước (byte),Tình trạng',
    );
    expect(lines).toHaveLength(6);
    const missing = lines.find((l) => l.includes('Ảnh bị mất.png'))!;
    expect(missing).toMatch(
      /^10\/07\/2021,Thị trấn Cẩm Xuyên,.*,,Ảnh bị mất\.png,[0-9a-f]{64},5000,Thiếu: máy đã báo mất tệp/,
    );
    expect(lines.some((l) => l.includes('Ngoài kỳ'))).toBe(false);
    expect(lines.find((l) => l.includes('01-Hoi nghi.jpg'))).toMatch(/,Có trong tệp nén$/);
  });

  it('names the archive after a unit without a code by its name, and keeps to scope', async () => {
    const res = await app.inject({
      method: 'GET',
      url: `/api/v1/evidence/export?unitId=${tree.station}&period=2021-Q3`,
      headers: stationPhone.headers,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="minh-chung-tram-truyen-thanh-thi-tran-cam-xuyen-2021-Q3.zip"',
    );
    const zip = await JSZip.loadAsync(res.rawPayload);
    expect(Object.keys(zip.files).filter((n) => n.endsWith('.png'))).toEqual([
      '2021-07-12-phat-thanh-ve-dvc-truc-tuyen/01-Anh hoi nghi.png',
    ]);
    const foreign = await app.inject({
      method: 'GET',
      url: `/api/v1/evidence/export?unitId=${tree.commune}&period=2021-Q3`,
      headers: stationPhone.headers,
    });
    expect(foreign.statusCode).toBe(403);
  });

  it('counts each row’s complete attachments in the report’s annex (.xlsx, .docx, .csv)', async () => {
    const get = (format: string) =>
      app.inject({
        method: 'GET',
        url: `/api/v1/report/export?unitId=${tree.district}&period=2021-Q3&format=${format}&asOf=2021-09-20`,
        headers: district.headers,
      });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await get('xlsx')).rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Theo đơn vị')!;
    const rows = sheet.getSheetValues().filter(Boolean) as unknown[][];
    const head = rows.find((r) => r.includes('Minh chứng'))!;
    const col = head.indexOf('Minh chứng');
    const byName = (name: string) => rows.find((r) => r[1] === name)?.[col];
    // The commune's row holds its subtree: the meeting's photo and minutes, the station's photo, the late photo.
    expect(byName('Thị trấn Cẩm Xuyên')).toBe(4);
    expect(byName('Tổng cộng')).toBe(4);
    const late = workbook.getWorksheet('Mục nộp muộn')!;
    const lateRows = late.getSheetValues().filter(Boolean) as unknown[][];
    const lateCol = lateRows.find((r) => r.includes('Minh chứng'))!.indexOf('Minh chứng');
    expect(lateRows.find((r) => r.includes('Phát thanh gửi muộn'))?.[lateCol]).toBe(1);

    // Phụ lục I: the by-unit table ends with the count, its total row included.
    const html = (await mammoth.convertToHtml({ buffer: (await get('docx')).rawPayload })).value;
    const cellsOf = (tr: string) =>
      [...tr.matchAll(/<t[dh]>(.*?)<\/t[dh]>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ''));
    const table = html.split('<table>').find((t) => t.includes('Số mục') && t.includes('Minh chứng'))!;
    const trs = table.split('<tr>').slice(1);
    expect(cellsOf(trs[0]!).at(-1)).toBe('Minh chứng');
    expect(cellsOf(trs.find((tr) => tr.includes('Thị trấn Cẩm Xuyên'))!).at(-1)).toBe('4');
    expect(cellsOf(trs.find((tr) => tr.includes('Tổng cộng'))!).at(-1)).toBe('4');
    const csv = (await get('csv')).body;
    // The count is the last column (quoted headings hold commas: compare the ends).
    const lines = csv.split('\r\n');
    expect(
      lines
        .find((l) => l.startsWith('Đơn vị,'))
        ?.split(',')
        .at(-1),
    ).toBe('Minh chứng');
    expect(
      lines
        .find((l) => l.startsWith('Thị trấn Cẩm Xuyên,'))
        ?.split(',')
        .at(-1),
    ).toBe('4');
    expect(
      lines
        .find((l) => l.startsWith('Tổng cộng,'))
        ?.split(',')
        .at(-1),
    ).toBe('4');
  });
});
