import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdminCommand } from '../../src/server/admin/admin-commands';
import type { Database } from '../../src/server/db/schema';
import { insertPlanVersion } from '../../src/server/plans/plans.repository';
import { insertUnits } from '../../src/server/units/units.repository';
import type { Plan, Task } from '../../src/shared/plan';
import type { Report } from '../../src/shared/report';
import type { BootstrapResponse } from '../../src/shared/sync';
import type { Unit } from '../../src/shared/unit';
import { attachmentFor, evidenceClient, jpeg, uploadAll } from './files-fixtures';
import { backends, enroll, newActivity, openTestServer, syncAs, type TestDevice, upsert } from './helpers';

// The 2025 reform: the old tree (province, districts, communes, until 30/6/2025) and the new one
// (province, communes, from 1/7/2025) are joined by the mapping of old communes to new. A report
// across 1/7/2025 counts the old communes in the new ones, a commune shared among several is its own
// marked line, and the merge command carries an old commune's phones and tasks over.

const OLD = 'old:';
const NEW = 'new:';
const MAPPING = `old_code,old_name,new_code,new_name,new_province_code,merge_type
18073,Phường Nam Hà,18073,Phường Thành Sen,42,full
18077,Phường Bắc Hà,18073,Phường Thành Sen,42,full
18082,Phường Đại Nài,18073,Phường Thành Sen,42,partial
18082,Phường Đại Nài,18652,Phường Hà Huy Tập,42,partial
18673,Thị trấn Cẩm Xuyên,18673,Xã Cẩm Xuyên,42,full
`;
const SHARED = 'Phường Đại Nài (sáp nhập một phần vào Phường Thành Sen, Phường Hà Huy Tập)';

function oldTree(): Unit[] {
  const era = { validFrom: null, validTo: '2025-06-30' };
  const u = (code: string, name: string, kind: Unit['kind'], parent: string | null, id = OLD + code): Unit => ({
    id,
    code,
    name,
    kind,
    parentId: parent === null ? null : OLD + parent,
    ...era,
  });
  return [
    u('42', 'Tỉnh Hà Tĩnh', 'province', null),
    u('436', 'Thành phố Hà Tĩnh', 'district', '42'),
    u('446', 'Huyện Cẩm Xuyên', 'district', '42'),
    u('18073', 'Phường Nam Hà', 'commune', '436'),
    u('', 'Trạm truyền thanh Phường Nam Hà', 'station', '18073', `${OLD}18073:station`),
    u('', 'Điểm BĐ-VH Phường Nam Hà', 'post_office', '18073', `${OLD}18073:post-office`),
    u('18077', 'Phường Bắc Hà', 'commune', '436'),
    u('18082', 'Phường Đại Nài', 'commune', '436'),
    u('18673', 'Thị trấn Cẩm Xuyên', 'commune', '446'),
  ];
}

function newTree(): Unit[] {
  const era = { validFrom: '2025-07-01', validTo: null };
  const u = (code: string, name: string, kind: Unit['kind'], parent: string | null, id = NEW + code): Unit => ({
    id,
    code,
    name,
    kind,
    parentId: parent === null ? null : NEW + parent,
    ...era,
  });
  return [
    u('42', 'Tỉnh Hà Tĩnh', 'province', null),
    u('18073', 'Phường Thành Sen', 'commune', '42'),
    u('', 'Trạm truyền thanh Phường Thành Sen', 'station', '18073', `${NEW}18073:station`),
    u('', 'Điểm BĐ-VH Phường Thành Sen', 'post_office', '18073', `${NEW}18073:post-office`),
    u('18652', 'Phường Hà Huy Tập', 'commune', '42'),
    u('18673', 'Xã Cẩm Xuyên', 'commune', '42'),
  ];
}

const TASK: Task = {
  id: 'reform-task-broadcast',
  ordinal: '1',
  title: 'Phát thanh chuyên mục CCHC trên loa truyền thanh cơ sở',
  products: [],
  lead: [],
  cooperating: [],
  timing: 'Hằng tháng',
  window: null,
  deadline: null,
  target: { count: 1, per: 'month', atLeast: true },
  budgetVnd: null,
  kinds: ['broadcast'],
  notes: null,
};

// The 2025 plan as the province issued it in January: the task given to the old commune.
const PLAN: Plan = {
  id: 'reform-plan-2025',
  unitId: `${NEW}42`,
  number: '01/KH-UBND',
  title: 'Kế hoạch tuyên truyền cải cách hành chính năm 2025',
  issuer: 'UBND tỉnh Hà Tĩnh',
  year: 2025,
  issuedOn: '2025-01-06',
  version: 1,
  status: 'published',
  publishedAt: '2025-01-06T02:00:00.000Z',
  tasks: [TASK],
  assignments: [{ taskId: TASK.id, unitId: `${OLD}18073`, unitKind: null }],
};

async function admin(db: Kysely<Database>, argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runAdminCommand(db, argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, { port: '8080' });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe.each(backends())('the 2025 reform (%s)', (backend) => {
  let server: Awaited<ReturnType<typeof openTestServer>>;
  let app: FastifyInstance;
  let db: Kysely<Database>;
  let dir: string;
  let newProvince: TestDevice;
  let oldProvince: TestDevice;
  let namHa: TestDevice;
  let namHaStation: TestDevice;
  /** Reports taken before the mapping was loaded, to compare with after. */
  const before = new Map<string, Report>();

  const report = async (who: TestDevice, unitId: string, period: string, basis = 'calendar'): Promise<Report> => {
    const res = await app.inject({
      url: `/api/v1/report?unitId=${encodeURIComponent(unitId)}&period=${period}&basis=${basis}&asOf=2025-12-31`,
      headers: who.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Report;
  };
  const push = async (device: TestDevice, ...entries: ReturnType<typeof newActivity>[]) => {
    const { status, body } = await syncAs(
      app,
      device,
      entries.map((e) => upsert(++device.seq, { ...e, deviceId: device.deviceId })),
    );
    expect(status).toBe(200);
    for (const r of body.results) expect(r.status, r.error).toBe('applied');
    device.cursor = body.cursor;
    return body;
  };
  const broadcast = (unitId: string, date: string, sessions = 1, extra = {}) =>
    newActivity(unitId, {
      date,
      createdAt: `${date}T08:00:00+07:00`,
      figures: { sessions, minutes: 10 * sessions, source: 'own' },
      ...extra,
    });
  const attach = async (device: TestDevice, activityId: string, name: string) => {
    const bytes = jpeg(640, 480);
    const client = evidenceClient(app, device);
    const registered = await client.register(attachmentFor(activityId, bytes, { mime: 'image/jpeg', name }));
    expect(registered.statusCode, registered.body).toBe(200);
    expect((await uploadAll(client, bytes)).json()).toMatchObject({ complete: true });
  };
  const sessions = (r: Pick<Report, 'totals'>) => r.totals.broadcast?.sessions ?? 0;
  const row = (r: Report, unitId: string) => r.byUnit.find((u) => u.unitId === unitId);
  const withoutSync = (r: Report) => ({ ...r, byUnit: r.byUnit.map((u) => ({ ...u, lastSyncAt: null, pending: 0 })) });

  beforeAll(async () => {
    server = await openTestServer(backend);
    ({ app, db } = server);
    dir = mkdtempSync(path.join(tmpdir(), 'cchc-reform-'));
    await insertUnits(db, [...oldTree(), ...newTree()]);
    await insertPlanVersion(db, PLAN, PLAN.publishedAt!);
    const at = new Date('2025-01-05T03:00:00Z');
    newProvince = await enroll(app, db, `${NEW}42`, 'supervisor', at);
    oldProvince = await enroll(app, db, `${OLD}42`, 'supervisor', at);
    namHa = await enroll(app, db, `${OLD}18073`, 'reporter', at);
    namHaStation = await enroll(app, db, `${OLD}18073:station`, 'reporter', at);
    const namHaPost = await enroll(app, db, `${OLD}18073:post-office`, 'reporter', at);
    const daiNai = await enroll(app, db, `${OLD}18082`, 'reporter', at);
    const camXuyen = await enroll(app, db, `${OLD}18673`, 'reporter', at);
    const thanhSen = await enroll(app, db, `${NEW}18073`, 'reporter', at);

    server.clock.set('2025-03-20T03:00:00Z');
    // January: Nam Hà airs once for the task; its post-office point receives 100 leaflets, hands out 30.
    const january = broadcast(`${OLD}18073`, '2025-01-10', 1, { taskId: TASK.id, planId: PLAN.id });
    await push(namHa, january);
    await attach(namHa, january.id, 'Phát thanh tháng 1.jpg');
    await push(
      namHaPost,
      newActivity(`${OLD}18073:post-office`, {
        kind: 'material',
        date: '2025-01-12',
        createdAt: '2025-01-12T08:00:00+07:00',
        figures: { direction: 'received', copies: 100 },
      }),
      newActivity(`${OLD}18073:post-office`, {
        kind: 'material',
        date: '2025-01-20',
        createdAt: '2025-01-20T08:00:00+07:00',
        figures: { direction: 'distributed', copies: 30 },
      }),
    );
    // February: Đại Nài, shared by two new wards, airs twice; March: Cẩm Xuyên once.
    await push(daiNai, broadcast(`${OLD}18082`, '2025-02-14', 2));
    await push(camXuyen, broadcast(`${OLD}18673`, '2025-03-03'));
    // August: Thành Sen, the new ward, airs three times.
    server.clock.set('2025-08-20T03:00:00Z');
    await push(thanhSen, broadcast(`${NEW}18073`, '2025-08-05', 3));

    for (const [key, who, unit, period, basis] of [
      ['old Q1', oldProvince, `${OLD}42`, '2025-Q1', 'calendar'],
      ['old Q1 decree09', oldProvince, `${OLD}42`, '2025-Q1', 'decree09'],
      ['new Q3', newProvince, `${NEW}42`, '2025-Q3', 'calendar'],
      ['new Q3 decree09', newProvince, `${NEW}42`, '2025-Q3', 'decree09'],
      ['new 2025', newProvince, `${NEW}42`, '2025', 'calendar'],
    ] as const) {
      before.set(key, await report(who, unit, period, basis));
    }
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses, in words, a mapping naming codes the database does not hold, and stores nothing of it', async () => {
    const file = path.join(dir, 'bad.csv');
    writeFileSync(
      file,
      `${MAPPING}99999,Xã Không Có,18073,Phường Thành Sen,42,full\n18077,Phường Bắc Hà,77777,Phường Mới,42,full\n`,
    );
    const result = await admin(db, ['load-successions', file]);
    expect(result.code).toBe(1);
    expect(result.err).toContain('Không nạp tệp sáp nhập: 2 dòng có lỗi, chưa lưu dòng nào.');
    expect(result.err).toContain('Dòng 7: không có đơn vị cũ mã 99999 (old:99999)');
    expect(result.err).toContain('Dòng 8: không có đơn vị mới mã 77777 (new:77777)');
    expect(result.err).toContain('đơn vị cũ mã 18077 đã có ở dòng 3');
    const stored = await db.selectFrom('unit_successions').select('old_unit_id').execute();
    expect(stored).toHaveLength(0);
    // Without the mapping, the new province's year knows nothing of January.
    expect(sessions(before.get('new 2025')!)).toBe(3);
  });

  it('loads the mapping through the admin command', async () => {
    const file = path.join(dir, 'mapping.csv');
    writeFileSync(file, MAPPING);
    const result = await admin(db, ['load-successions', file]);
    expect(result.err).toBe('');
    expect(result.out).toBe('Đã nạp 5 dòng sáp nhập, hiệu lực từ 2025-07-01.');
    expect(result.code).toBe(0);
    // Loading it again changes nothing.
    expect((await admin(db, ['load-successions', file])).code).toBe(0);
    const stored = await db.selectFrom('unit_successions').selectAll().orderBy('old_unit_id').execute();
    expect(stored).toHaveLength(5);
    expect(stored.filter((s) => s.merge === 'partial').map((s) => s.new_unit_id)).toEqual([
      `${NEW}18073`,
      `${NEW}18652`,
    ]);
  });

  it("sums a fully merged old commune's January into its new commune, in the province's year and the commune's", async () => {
    const year = await report(newProvince, `${NEW}42`, '2025');
    // Nam Hà 1 (January) + Đại Nài 2 (February, its own line) + Cẩm Xuyên 1 (March) + Thành Sen 3 (August).
    expect(sessions(year)).toBe(7);
    expect(row(year, `${NEW}18073`)).toMatchObject({ name: 'Phường Thành Sen', entries: 4 });
    expect(row(year, `${NEW}18073`)!.totals.broadcast?.sessions).toBe(4);
    expect(row(year, `${NEW}18673`)).toMatchObject({ name: 'Xã Cẩm Xuyên', entries: 1 });
    // The shared commune is its own marked line, counted once in the total.
    expect(row(year, `${OLD}18082`)).toMatchObject({ name: SHARED, entries: 1 });
    expect(year.byUnit.reduce((n, r) => n + r.entries, 0)).toBe(year.entries);
    expect(year.entries).toBe(6);
    // Coverage is judged on the new communes only.
    const aired = year.coverage.find((c) => c.id === 'station_broadcast_monthly')!;
    expect(aired.eligible).toBe(3);

    const ward = await report(newProvince, `${NEW}18073`, '2025');
    expect(sessions(ward)).toBe(1 + 3 + 2);
    expect(row(ward, `${OLD}18082`)).toMatchObject({ name: SHARED });
    // The old point's leaflets are the new point's: 70 copies still held.
    expect(row(ward, `${NEW}18073:post-office`)).toMatchObject({ entries: 2 });
    const held = ward.coverage.find((c) => c.id === 'post_office_holds_material')!;
    expect(held).toMatchObject({ eligible: 1, covered: 1 });
    // The year's first half alone, of the new province: the old communes' months.
    const half = await report(newProvince, `${NEW}42`, '2025-H1');
    expect(sessions(half)).toBe(4);
  });

  it('shows the marking in the exported files', async () => {
    for (const format of ['csv', 'xlsx'] as const) {
      const res = await app.inject({
        url: `/api/v1/report/export?unitId=${encodeURIComponent(`${NEW}42`)}&period=2025&basis=calendar&format=${format}`,
        headers: newProvince.headers,
      });
      expect(res.statusCode, res.body).toBe(200);
      if (format === 'csv') expect(res.body).toContain(SHARED);
      else {
        const { default: ExcelJS } = await import('exceljs');
        const book = new ExcelJS.Workbook();
        await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
        const cells: string[] = [];
        book.eachSheet((sheet) => sheet.eachRow((r) => r.eachCell((c) => cells.push(String(c.value)))));
        expect(cells).toContain(SHARED);
      }
    }
  });

  it("lists an old commune's late entries in the new province's files, as its figures count them", async () => {
    // January's entries reached the server on 20/3: late for January.
    const month = await report(newProvince, `${NEW}42`, '2025-M01');
    expect(month.late).toBe(3);
    const res = await app.inject({
      url: `/api/v1/report/export?unitId=${encodeURIComponent(`${NEW}42`)}&period=2025-M01&basis=calendar&format=xlsx`,
      headers: newProvince.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    const { default: ExcelJS } = await import('exceljs');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const late: string[] = [];
    book.getWorksheet('Mục nộp muộn')!.eachRow((r) => r.eachCell((c) => late.push(String(c.value))));
    expect(late.filter((v) => v === 'Phường Nam Hà')).toHaveLength(1);
    expect(late.filter((v) => v === 'Điểm BĐ-VH Phường Nam Hà')).toHaveLength(2);
  });

  it("lists the entries behind a line: the new ward's include its whole predecessors', the shared commune's its own", async () => {
    const list = async (unitId: string) => {
      const res = await app.inject({
        url: `/api/v1/activities?unitId=${encodeURIComponent(unitId)}&period=2025&basis=calendar`,
        headers: newProvince.headers,
      });
      expect(res.statusCode, res.body).toBe(200);
      return (res.json() as { items: { unitId: string; date: string }[] }).items;
    };
    const ward = await list(`${NEW}18073`);
    expect(ward.map((a) => a.date).sort()).toEqual(['2025-01-10', '2025-01-12', '2025-01-20', '2025-08-05']);
    const shared = await list(`${OLD}18082`);
    expect(shared.map((a) => a.unitId)).toEqual([`${OLD}18082`]);
    // An old unit merged elsewhere is still out of this supervisor's reach.
    const away = await app.inject({
      url: `/api/v1/activities?unitId=${encodeURIComponent(`${OLD}436`)}&period=2025&basis=calendar`,
      headers: newProvince.headers,
    });
    expect(away.statusCode).toBe(403);
  });

  it('leaves reports that do not span 1/7/2025 as they were', async () => {
    expect(await report(oldProvince, `${OLD}42`, '2025-Q1')).toEqual(before.get('old Q1'));
    expect(await report(oldProvince, `${OLD}42`, '2025-Q1', 'decree09')).toEqual(before.get('old Q1 decree09'));
    // The new province's third quarter: the same figures. Only the post-office point's stock
    // indicator changes: the 70 leaflets its predecessor held on 30/6 are held still.
    const stock = (r: Report) => r.coverage.find((c) => c.id === 'post_office_holds_material')!;
    const q3calendar = await report(newProvince, `${NEW}42`, '2025-Q3');
    expect(stock(before.get('new Q3')!)).toMatchObject({ covered: 0 });
    expect(stock(q3calendar)).toMatchObject({ eligible: 1, covered: 1 });
    const figures = (r: Report) => ({ ...r, coverage: r.coverage.filter((c) => c !== stock(r)) });
    expect(figures(q3calendar)).toEqual(figures(before.get('new Q3')!));
    // Decree 09's third quarter begins on 15/6, before the reform: the old communes logged nothing
    // then, so its figures are the same; the shared commune is listed, empty, as it existed then.
    const q3 = await report(newProvince, `${NEW}42`, '2025-Q3', 'decree09');
    expect(row(q3, `${OLD}18082`)).toMatchObject({ name: SHARED, entries: 0 });
    expect(figures({ ...q3, byUnit: q3.byUnit.filter((r) => r.unitId !== `${OLD}18082`) })).toEqual(
      figures(before.get('new Q3 decree09')!),
    );
  });

  it('merges an old commune into its new one: phones move and re-download their scope, tasks follow, entries count', async () => {
    // Before the merge the task is the old commune's: the new ward's year has no row for it.
    expect((await report(newProvince, `${NEW}18073`, '2025')).byTask).toEqual([]);
    const shared = await admin(db, ['merge-unit', `${OLD}18082`]);
    expect(shared.code).toBe(1);
    expect(shared.err).toContain('Phường Đại Nài được sáp nhập một phần vào Phường Thành Sen (new:18073)');
    expect(shared.err).toContain('--into');
    const unknown = await admin(db, ['merge-unit', `${OLD}18077`, '--into', `${NEW}18652`]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('Phường Bắc Hà không sáp nhập vào new:18652');

    const result = await admin(db, ['merge-unit', `${OLD}18073`]);
    expect(result.err).toBe('');
    expect(result.out).toContain('Đã chuyển Phường Nam Hà sang Phường Thành Sen: 3 máy');
    expect(result.out).toContain('1 kế hoạch');
    expect(result.code).toBe(0);

    // The phone's next sync starts its scope again; its bootstrap now names the new ward.
    server.clock.set('2025-09-02T03:00:00Z');
    const next = await syncAs(app, namHa, []);
    expect(next.body.reset).toBe(true);
    const boot = (await app.inject({ url: '/api/v1/bootstrap', headers: namHa.headers })).json() as BootstrapResponse;
    expect(boot.unit).toMatchObject({ id: `${NEW}18073`, name: 'Phường Thành Sen' });
    expect(boot.units.map((u) => u.id)).toContain(`${NEW}18073:station`);
    // The task is the new ward's too; the old commune keeps it for the months before the reform.
    expect(boot.plans.find((p) => p.id === PLAN.id)?.assignments).toEqual([
      { taskId: TASK.id, unitId: `${OLD}18073`, unitKind: null },
      { taskId: TASK.id, unitId: `${NEW}18073`, unitKind: null },
    ]);
    // From the beginning, it syncs as the new ward's phone: it logs there, and an entry of the old
    // commune it still held is taken too (it stays under the old commune).
    namHa.cursor = null;
    const june = broadcast(`${OLD}18073`, '2025-06-28');
    const first = await push(
      namHa,
      broadcast(`${NEW}18073`, '2025-09-01', 1, { taskId: TASK.id, planId: PLAN.id }),
      june,
    );
    expect(first.reset).toBeUndefined();
    // Its photo of that entry is taken too, and the new ward's line counts both photos as evidence.
    await attach(namHa, june.id, 'Phát thanh tháng 6.jpg');
    const res = await app.inject({
      url: `/api/v1/report/export?unitId=${encodeURIComponent(`${NEW}42`)}&period=2025&basis=calendar&format=xlsx`,
      headers: newProvince.headers,
    });
    const { default: ExcelJS } = await import('exceljs');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const rows = book.getWorksheet('Theo đơn vị')!.getSheetValues().filter(Boolean) as unknown[][];
    const col = rows.find((r) => r.includes('Minh chứng'))!.indexOf('Minh chứng');
    expect(rows.find((r) => r[1] === 'Phường Thành Sen')?.[col]).toBe(2);
    expect((await syncAs(app, namHa, [])).body.reset).toBeUndefined();
    // The station's phone went to the new ward's station.
    const station = (
      await app.inject({ url: '/api/v1/bootstrap', headers: namHaStation.headers })
    ).json() as BootstrapResponse;
    expect(station.unit.id).toBe(`${NEW}18073:station`);
    const merged = await db
      .selectFrom('unit_successions')
      .select('merged_at')
      .where('old_unit_id', '=', `${OLD}18073`)
      .executeTakeFirstOrThrow();
    expect(merged.merged_at).not.toBeNull();

    // The task is the ward's now, and its January entry counts toward it.
    const ward = await report(newProvince, `${NEW}18073`, '2025');
    const task = ward.byTask.find((t) => t.taskId === TASK.id)!;
    expect(task).toMatchObject({ assignees: 1, actual: 2 });
    expect(sessions(ward)).toBe(1 + 3 + 2 + 1 + 1);
    // The old tree's first quarter is still what it was (but for the phones' sync, which moved).
    expect(withoutSync(await report(oldProvince, `${OLD}42`, '2025-Q1'))).toEqual(withoutSync(before.get('old Q1')!));
  });

  it('gives the new ward, once, the tasks its old commune had as one of "every commune of the city"', async () => {
    // The city's plan gives its tasks by kind of unit: every commune, every station, every point.
    await insertUnits(db, [
      {
        id: `${OLD}18077:station`,
        code: '',
        name: 'Trạm truyền thanh Phường Bắc Hà',
        kind: 'station',
        parentId: `${OLD}18077`,
        validFrom: null,
        validTo: '2025-06-30',
      },
    ]);
    const task = (id: string, title: string): Task => ({ ...TASK, id, title });
    const cityPlan: Plan = {
      ...PLAN,
      id: 'reform-plan-city-2025',
      unitId: `${OLD}436`,
      number: '05/KH-UBND',
      title: 'Kế hoạch tuyên truyền cải cách hành chính thành phố Hà Tĩnh năm 2025',
      tasks: [
        task('city-commune', 'Tuyên truyền CCHC trên Trang thông tin điện tử cấp xã'),
        task('city-both', 'Niêm yết thủ tục hành chính tại bộ phận một cửa'),
        task('city-station', 'Phát thanh chuyên mục CCHC trên trạm truyền thanh cơ sở'),
        task('city-post', 'Cấp phát tài liệu tại điểm Bưu điện - Văn hóa xã'),
      ],
      assignments: [
        { taskId: 'city-commune', unitId: `${OLD}436`, unitKind: 'commune' },
        { taskId: 'city-both', unitId: `${OLD}436`, unitKind: 'commune' },
        // The province's new plan already gives this one to every new commune: nothing to add.
        { taskId: 'city-both', unitId: `${NEW}42`, unitKind: 'commune' },
        { taskId: 'city-station', unitId: `${OLD}436`, unitKind: 'station' },
        // Bắc Hà had no post-office point: this task was never its.
        { taskId: 'city-post', unitId: `${OLD}436`, unitKind: 'post_office' },
      ],
    };
    await insertPlanVersion(db, cityPlan, cityPlan.publishedAt!);

    const result = await admin(db, ['merge-unit', `${OLD}18077`]);
    expect(result.err).toBe('');
    expect(result.out).toContain('Đã chuyển Phường Bắc Hà sang Phường Thành Sen: 0 máy');
    expect(result.out).toContain('1 kế hoạch giao lại nhiệm vụ (2 nhiệm vụ đơn vị cũ nhận theo loại đơn vị');
    // The new ward's phone learns of the city's plan, which now names the ward and its station.
    const boot = (await app.inject({ url: '/api/v1/bootstrap', headers: namHa.headers })).json() as BootstrapResponse;
    const carried = boot.plans.find((p) => p.id === cityPlan.id);
    expect(carried?.version).toBe(2);
    expect(carried?.assignments).toEqual([
      ...cityPlan.assignments,
      { taskId: 'city-commune', unitId: `${NEW}18073`, unitKind: null },
      { taskId: 'city-station', unitId: `${NEW}18073:station`, unitKind: null },
    ]);
    // The ward's year lists the city's tasks it now has, each once.
    const ward = await report(newProvince, `${NEW}18073`, '2025');
    expect(ward.byTask.map((t) => t.taskId).filter((id) => id.startsWith('city-'))).toEqual([
      'city-commune',
      'city-both',
      'city-station',
    ]);

    // Merging again adds nothing.
    const again = await admin(db, ['merge-unit', `${OLD}18077`]);
    expect(again.out).toContain('0 kế hoạch giao lại nhiệm vụ. ');
  });
});
