import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEAD_ROW } from '../../src/shared/report-files/report-xlsx';
import {
  backends,
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

// Issue 16 end to end: the province downloads its quarter's .docx and .xlsx from the server, and
// they say which communes sent their period report on time, which late, which not at all, and what
// an approved commune changed after its approval.
describe.each(backends())('the province’s report files carry the communes’ sign-off on %s', (backend) => {
  let app: FastifyInstance;
  let close: () => Promise<void>;
  let db: Awaited<ReturnType<typeof openTestDatabase>>['db'];
  let tree: Tree;
  let clock: TestClock;
  let province: TestDevice;

  const submit = async (by: TestDevice) => {
    const id = randomUUID();
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/submissions',
      headers: by.headers,
      payload: { id, unitId: by.unitId, period: '2021-Q3', basis: 'decree09', submittedAt: clock.now().toISOString() },
    });
    expect(res.statusCode).toBe(200);
    return id;
  };
  const download = async (format: 'docx' | 'xlsx') => {
    const res = await app.inject({
      url: `/api/v1/report/export?unitId=${tree.province}&period=2021-Q3&basis=decree09&format=${format}&asOf=2021-09-25`,
      headers: province.headers,
    });
    expect(res.statusCode).toBe(200);
    return res.rawPayload;
  };

  beforeAll(async () => {
    ({ db, app, tree, clock, close } = await openTestServer(backend));
    province = await enroll(app, db, tree.province, 'supervisor');
    const district = await enroll(app, db, tree.district, 'supervisor');
    const phone = await enroll(app, db, tree.commune, 'reporter');
    const far = await enroll(app, db, tree.farCommune, 'reporter');
    // Thị trấn Cẩm Xuyên: one broadcast, sent on 10/09, approved on 11/09; then two more are logged.
    clock.set('2021-09-10T02:00:00Z');
    await syncAs(app, phone, [upsert(1, newActivity(tree.station, { date: '2021-07-10' }))]);
    const approved = await submit(phone);
    clock.set('2021-09-11T02:00:00Z');
    const decided = await app.inject({
      method: 'POST',
      url: `/api/v1/submissions/${approved}/approve`,
      headers: district.headers,
      payload: {},
    });
    expect(decided.statusCode).toBe(200);
    clock.set('2021-09-12T02:00:00Z');
    await syncAs(app, phone, [
      upsert(
        2,
        newActivity(tree.station, { date: '2021-08-02', figures: { sessions: 2, minutes: 30, source: 'own' } }),
      ),
    ]);
    // Phường Nam Hà sends on 20/09, after the 15th; Thị trấn Thiên Cầm sends nothing.
    clock.set('2021-09-20T03:00:00Z');
    await submit(far);
  });
  afterAll(async () => {
    await close?.();
  });

  const LINE = '1/3 xã gửi báo cáo đúng hạn (hạn 15/09/2021); 1 xã gửi trễ, 1 xã chưa gửi; 1 xã đã được duyệt.';

  it('the .docx states the count and lists each commune, the changed figures beside the approved ones', async () => {
    const buffer = await download('docx');
    const { value: text } = await mammoth.extractRawText({ buffer });
    expect(text).toContain(`Tình hình gửi báo cáo kỳ của các xã: ${LINE}`);
    expect(text).toContain('TÌNH HÌNH GỬI BÁO CÁO QUÝ III/2021 CỦA CÁC XÃ');
    const annex = text.slice(text.indexOf('TÌNH HÌNH GỬI BÁO CÁO QUÝ III/2021'));
    const cells = annex.split('\n').filter((l) => l.trim() !== '');
    const row = (name: string) => cells.slice(cells.indexOf(name) - 1, cells.indexOf(name) + 6);
    expect(row('Phường Nam Hà')).toEqual([
      '1',
      'Phường Nam Hà',
      'Đã gửi, chờ duyệt · Trễ hạn',
      '20/09/2021 10:00',
      '—',
      '—',
      '2',
    ]);
    expect(row('Thị trấn Cẩm Xuyên')).toEqual([
      '2',
      'Thị trấn Cẩm Xuyên',
      'Đã duyệt · Đúng hạn (thay đổi sau khi duyệt)',
      '10/09/2021 09:00',
      'Đã duyệt 11/09/2021 09:00',
      'Buổi phát thanh CCHC trên loa truyền thanh cơ sở (buổi): 1 → 3',
      'Thời lượng phát thanh (phút): 10 → 40',
    ]);
    expect(row('Thị trấn Thiên Cầm').slice(0, 6)).toEqual(['3', 'Thị trấn Thiên Cầm', 'Chưa gửi', '—', '—', '—']);
  });

  it('the .xlsx has the sheet of the communes with the approved and current figures as numbers', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await download('xlsx')) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Báo cáo của các xã')!;
    expect(sheet.getCell(3, 1).value).toBe(LINE);
    const values = (r: number) => (sheet.getRow(r).values as unknown[]).slice(1);
    expect(values(HEAD_ROW + 1).slice(0, 3)).toEqual([1, 'Phường Nam Hà', 'Đã gửi, chờ duyệt · Trễ hạn']);
    expect(values(HEAD_ROW + 2).slice(0, 3)).toEqual([
      2,
      'Thị trấn Cẩm Xuyên',
      'Đã duyệt · Đúng hạn (thay đổi sau khi duyệt)',
    ]);
    expect(values(HEAD_ROW + 2).slice(5)).toEqual(['Buổi phát thanh CCHC trên loa truyền thanh cơ sở (buổi)', 1, 3]);
    expect(values(HEAD_ROW + 3).slice(5)).toEqual(['Thời lượng phát thanh (phút)', 10, 40]);
    expect(values(HEAD_ROW + 4).slice(0, 3)).toEqual([3, 'Thị trấn Thiên Cầm', 'Chưa gửi']);
  });
});
