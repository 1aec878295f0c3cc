import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app';
import { type OpenDatabase, openDatabase } from '../../src/server/db/database';
import { createEnrollmentCode } from '../../src/server/devices/enrollment';
import { insertUnits } from '../../src/server/units/units.repository';

// GET /api/v1/report/export over a real database: who may call it, what comes back.
describe('GET /api/v1/report/export', () => {
  let database: OpenDatabase;
  let app: FastifyInstance;
  let clock = new Date('2024-09-10T03:00:00Z');
  const tokens: Record<string, string> = {};

  async function enroll(unitId: string, role: 'supervisor' | 'reporter'): Promise<{ token: string; deviceId: string }> {
    const { code } = await createEnrollmentCode(database.db, { unitId, role, now: clock });
    const response = await app.inject({ method: 'POST', url: '/api/v1/enroll', payload: { code, deviceName: role } });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  }

  const get = (url: string, token?: string) =>
    app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });

  beforeAll(async () => {
    database = process.env.DATABASE_URL
      ? await openDatabase({ databaseUrl: process.env.DATABASE_URL, schema: `exports_routes_${process.pid}` })
      : await openDatabase({ dataDir: 'memory://' });
    await insertUnits(database.db, [
      { id: 'cx', code: '436', name: 'Huyện Cẩm Xuyên', kind: 'district', parentId: null },
      { id: 'ct', code: '18', name: 'Xã Cẩm Thành', kind: 'commune', parentId: 'cx' },
      { id: 'other', code: '437', name: 'Huyện Kỳ Anh', kind: 'district', parentId: null },
    ]);
    app = await buildApp({ db: database.db, now: () => clock });
    const supervisor = await enroll('cx', 'supervisor');
    tokens.supervisor = supervisor.token;
    const reporter = await enroll('ct', 'reporter');
    tokens.reporter = reporter.token;
    // A training class on 10/09 synced the same day, and a leaflet hand-out on 13/09 synced on 20/09.
    const push = async (seq: number, activity: object) => {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/sync',
        headers: { authorization: `Bearer ${reporter.token}` },
        payload: {
          deviceId: reporter.deviceId,
          protocolVersion: 1,
          cursor: null,
          mutations: [{ seq, op: 'upsert', baseVersion: 0, activity }],
        },
      });
      expect(response.json().results[0].status, response.body).toBe('applied');
    };
    const base = { unitId: 'ct', deviceId: reporter.deviceId, createdAt: '2024-09-10T08:00:00+07:00' };
    await push(1, {
      ...base,
      id: '0191e000-0000-7000-8000-000000000001',
      kind: 'training',
      date: '2024-09-10',
      title: 'Tập huấn DVC trực tuyến',
      figures: { participants: 1250 },
    });
    clock = new Date('2024-09-20T03:00:00Z');
    await push(2, {
      ...base,
      id: '0191e000-0000-7000-8000-000000000002',
      kind: 'material',
      date: '2024-09-13',
      title: 'Phát tờ gấp "Dịch vụ công"',
      figures: { copies: 60, direction: 'distributed' },
    });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it('refuses callers without a token, reporters, and units outside the scope', async () => {
    expect((await get('/api/v1/report/export?period=2024-Q3&format=docx')).statusCode).toBe(401);
    expect((await get('/api/v1/report/export?period=2024-Q3&format=docx', tokens.reporter)).statusCode).toBe(403);
    expect(
      (await get('/api/v1/report/export?unitId=other&period=2024-Q3&format=docx', tokens.supervisor)).statusCode,
    ).toBe(403);
    const bad = await get('/api/v1/report/export?period=2024-Q9&format=pdf', tokens.supervisor);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatch(/không hợp lệ/);
  });

  it('serves the quarter as .docx named after the period, with the late entry listed', async () => {
    const response = await get(
      '/api/v1/report/export?unitId=cx&period=2024-Q3&basis=decree09&format=docx&asOf=2024-09-16',
      tokens.supervisor,
    );
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toBe('attachment; filename="bao-cao-cchc-2024-Q3-decree09.docx"');
    const { value: text } = await mammoth.extractRawText({ buffer: response.rawPayload });
    expect(text).toContain('HUYỆN CẨM XUYÊN');
    expect(text).toContain('Cẩm Xuyên, ngày 16 tháng 9 năm 2024');
    expect(text).toContain('Quý III/2024');
    expect(text).toMatch(/Người tham dự tập huấn\s+lượt người\s+1\.250/);
    expect(text).toContain('Phát tờ gấp "Dịch vụ công"');
    expect(text).toContain('Có 1 mục thuộc kỳ báo cáo được gửi về sau ngày 14/09/2024');
    // A district with no parent in the tree: the clerk fills the recipient in; the archive copy is listed.
    expect(text).toMatch(/Nơi nhận:\s+- …+;\s+- Lưu: VT\./);

    // A commune's report goes up to its district: "Nơi nhận" names the district's People's Committee.
    const commune = await get(
      '/api/v1/report/export?unitId=ct&period=2024-Q3&basis=decree09&format=docx&asOf=2024-09-16',
      tokens.supervisor,
    );
    expect(commune.statusCode).toBe(200);
    const { value: communeText } = await mammoth.extractRawText({ buffer: commune.rawPayload });
    expect(communeText).toContain('XÃ CẨM THÀNH');
    expect(communeText).toMatch(/Nơi nhận:\s+- UBND huyện Cẩm Xuyên \(để báo cáo\);\s+- Lưu: VT\./);
  });

  it('serves .xlsx and .csv of the same figures', async () => {
    const xlsx = await get('/api/v1/report/export?unitId=cx&period=2024-Q3&format=xlsx', tokens.supervisor);
    expect(xlsx.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    let participants: unknown;
    workbook.getWorksheet('Tổng hợp')!.eachRow((row) => {
      if (row.getCell(2).value === 'Người tham dự tập huấn') participants = row.getCell(4).value;
    });
    expect(participants).toBe(1250);
    expect(workbook.getWorksheet('Mục nộp muộn')!.getRow(5).getCell(4).value).toBe('Phát tờ gấp "Dịch vụ công"');

    const csv = await get(
      '/api/v1/report/export?unitId=cx&period=2024-M09&basis=calendar&format=csv',
      tokens.supervisor,
    );
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toContain('bao-cao-cchc-2024-M09-calendar.csv');
    expect([...csv.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.rawPayload.toString('utf8')).toContain('Xã Cẩm Thành,1,1250');
  });

  it("writes the narrative from the figures, and prints the officer's words given by POST (issue 16)", async () => {
    const drafted = await get(
      '/api/v1/report/export?unitId=cx&period=2024-Q3&format=docx&asOf=2024-09-16',
      tokens.supervisor,
    );
    const { value: draftText } = await mammoth.extractRawText({ buffer: drafted.rawPayload });
    expect(draftText).toContain('Đã tổ chức 01 lớp tập huấn với 1.250 lượt người tham gia.');
    expect(draftText).toContain('Đã cấp phát 60 bản tài liệu, tờ rơi tuyên truyền.');
    expect(draftText).toContain('VI. ĐỀ XUẤT, KIẾN NGHỊ');

    const post = (payload: object, token = tokens.supervisor) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/report/export',
        headers: { authorization: `Bearer ${token}` },
        payload,
      });
    const proposals = 'Đề nghị tỉnh tổ chức tập huấn cho cán bộ văn hóa xã.';
    const written = await post({
      unitId: 'cx',
      period: '2024-Q3',
      format: 'docx',
      asOf: '2024-09-16',
      narrative: { shortfalls: 'Một xã chưa phát thanh đủ chỉ tiêu.', proposals },
    });
    expect(written.statusCode, written.body).toBe(200);
    const { value: text } = await mammoth.extractRawText({ buffer: written.rawPayload });
    expect(text).toContain('Một xã chưa phát thanh đủ chỉ tiêu.');
    expect(text).toContain(proposals);
    // The part not given is still written from the figures.
    expect(text).toContain('Đã tổ chức 01 lớp tập huấn với 1.250 lượt người tham gia.');

    const xlsx = await post({ unitId: 'cx', period: '2024-Q3', format: 'xlsx', narrative: { proposals } });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const words: unknown[] = [];
    workbook.getWorksheet('Thuyết minh')!.eachRow((row) => {
      words.push(row.getCell(2).value);
    });
    expect(words).toContain(proposals);

    expect((await post({ period: '2024-Q3', format: 'docx' }, tokens.reporter)).statusCode).toBe(403);
    const tooLong = await post({ period: '2024-Q3', format: 'docx', narrative: { proposals: 'x'.repeat(20_001) } });
    expect(tooLong.statusCode).toBe(400);
  });
});
