import { readFileSync } from 'node:fs';
import { PLAN_FILE_MESSAGES } from '../../src/shared/plan-import/messages';
import { writePdf } from '../support/pdf-writer';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Plan } from '../../src/shared/plan';
import type { BootstrapResponse } from '../../src/shared/sync';
import type { Unit } from '../../src/shared/unit';
import { DEMO_FILES } from '../../src/server/demo/demo';
import {
  backends,
  enroll,
  type openTestDatabase,
  openTestServer,
  pullAll,
  type TestDevice,
  type Tree,
} from './helpers';

describe.each(backends())('supervisor endpoints on %s', (backend) => {
  let app: FastifyInstance;
  let close: () => Promise<void>;
  let db: Awaited<ReturnType<typeof openTestDatabase>>['db'];
  let tree: Tree;
  let district: TestDevice;
  let reporter: TestDevice;
  let stationPhone: TestDevice;

  beforeAll(async () => {
    ({ db, app, tree, close } = await openTestServer(backend));
    district = await enroll(app, db, tree.district, 'supervisor');
    reporter = await enroll(app, db, tree.commune);
    stationPhone = await enroll(app, db, tree.station);
  });
  afterAll(async () => {
    await close?.();
  });

  const call = (device: TestDevice, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    app.inject({ method, url: `/api/v1${url}`, headers: device.headers, ...(payload ? { payload } : {}) });

  it('lists the subtree, with ancestors on request', async () => {
    const own = (await call(district, 'GET', '/units')).json().units as Unit[];
    expect(own.map((u) => u.id)).toEqual(expect.arrayContaining([tree.district, tree.commune, tree.station]));
    expect(own.map((u) => u.id)).not.toContain(tree.province);
    expect(own.map((u) => u.id)).not.toContain(tree.farCommune);
    const all = (await call(district, 'GET', '/units?all=1')).json().units as Unit[];
    expect(all.map((u) => u.id)).toContain(tree.province);
  });

  it('creates a child unit that phones in scope pull, and refuses outside the subtree', async () => {
    await pullAll(app, reporter);
    const created = await call(district, 'POST', '/units', {
      parentId: tree.commune,
      name: 'Bộ phận Một cửa Thị trấn Cẩm Xuyên',
      kind: 'agency',
    });
    expect(created.statusCode).toBe(200);
    const unit = created.json().unit as Unit;
    expect(unit).toMatchObject({ parentId: tree.commune, kind: 'agency' });
    expect((await pullAll(app, reporter)).units.map((u) => u.id)).toContain(unit.id);
    expect(
      (await call(district, 'POST', '/units', { parentId: tree.farCommune, name: 'x', kind: 'station' })).statusCode,
    ).toBe(403);
    expect(
      (await call(reporter, 'POST', '/units', { parentId: tree.commune, name: 'x', kind: 'station' })).statusCode,
    ).toBe(403);
    const bad = await call(district, 'POST', '/units', { parentId: tree.commune, name: '', kind: 'district' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues.length).toBeGreaterThan(0);
  });

  it('keeps drafts off phones, publishes to them at the next sync, and revises as a new version', async () => {
    await pullAll(app, stationPhone);
    const created = await call(district, 'POST', '/plans', {
      title: 'Kế hoạch tuyên truyền CCHC năm 2021',
      number: '152/KH-UBND',
      issuer: 'UBND huyện Cẩm Xuyên',
      year: 2021,
      issuedOn: '2021-01-20',
      tasks: [
        {
          ordinal: '5',
          title: 'Tuyên truyền trên hệ thống Trạm truyền thanh cơ sở',
          target: { count: 1, per: 'month', atLeast: true },
        },
        { ordinal: '4', title: 'Tuyên truyền tại các Điểm bưu điện văn hóa xã' },
      ],
      assignments: [
        { taskId: '5', unitId: tree.district, unitKind: 'station' },
        { taskId: '4', unitId: tree.district, unitKind: 'post_office' },
      ],
    });
    expect(created.statusCode).toBe(200);
    const draft = created.json().plan as Plan;
    expect(draft).toMatchObject({ status: 'draft', version: 1 });
    expect(draft.assignments[0]!.taskId).toBe(draft.tasks[0]!.id);
    const boot = (await call(stationPhone, 'GET', '/bootstrap')).json() as BootstrapResponse;
    expect(boot.plans.map((p) => p.id)).not.toContain(draft.id);
    expect((await pullAll(app, stationPhone)).plans).toEqual([]);

    const published = await call(district, 'POST', `/plans/${draft.id}/publish`);
    expect(published.json().plan).toMatchObject({ status: 'published', version: 1 });
    const pulled = await pullAll(app, stationPhone);
    expect(pulled.plans.map((p) => [p.id, p.version])).toEqual([[draft.id, 1]]);
    const farPhone = await enroll(app, db, tree.farCommune);
    expect((await pullAll(app, farPhone)).plans).toEqual([]);
    expect(((await call(farPhone, 'GET', '/bootstrap')).json() as BootstrapResponse).plans).toEqual([]);

    const revised = await call(district, 'PUT', `/plans/${draft.id}`, {
      title: 'Kế hoạch tuyên truyền CCHC năm 2021 (sửa đổi)',
      year: 2021,
      tasks: draft.tasks,
      assignments: draft.assignments,
    });
    expect(revised.json().plan).toMatchObject({ status: 'draft', version: 2 });
    // The phone keeps version 1 until version 2 is published.
    expect((await pullAll(app, stationPhone)).plans).toEqual([]);
    await call(district, 'POST', `/plans/${draft.id}/publish`);
    const again = await pullAll(app, stationPhone);
    expect(again.plans.map((p) => [p.version, p.title])).toEqual([
      [2, 'Kế hoạch tuyên truyền CCHC năm 2021 (sửa đổi)'],
    ]);
    expect((await call(district, 'POST', `/plans/${draft.id}/publish`)).statusCode).toBe(400);
    expect((await call(reporter, 'POST', '/plans', { title: 'x', year: 2021, tasks: [] })).statusCode).toBe(403);
    const outside = await call(district, 'POST', '/plans', {
      title: 'x',
      year: 2021,
      tasks: [{ ordinal: '1', title: 'y' }],
      assignments: [{ taskId: '1', unitId: tree.farCommune }],
    });
    expect(outside.statusCode).toBe(403);
    const dangling = await call(district, 'POST', '/plans', {
      title: 'x',
      year: 2021,
      tasks: [{ ordinal: '1', title: 'y' }],
      assignments: [{ taskId: '9', unitId: tree.commune }],
    });
    expect(dangling.statusCode).toBe(400);
    expect(dangling.json().issues[0].path).toBe('assignments.0.taskId');
  });

  it('makes enrollment codes within its subtree that a phone can use', async () => {
    const res = await call(district, 'POST', '/enrollment-codes', {
      unitId: tree.postOffice,
      role: 'reporter',
      ttlHours: 24,
    });
    expect(res.statusCode).toBe(200);
    const { code, url, expiresAt } = res.json();
    expect(url).toMatch(new RegExp(`/\\?code=${code}$`));
    expect(expiresAt).toBe('2021-07-21T03:00:00.000Z');
    const enrolled = await app.inject({
      method: 'POST',
      url: '/api/v1/enroll',
      payload: { code, deviceName: 'Máy bưu điện' },
    });
    expect(enrolled.json()).toMatchObject({ role: 'reporter', unit: { id: tree.postOffice } });
    expect(
      (await call(district, 'POST', '/enrollment-codes', { unitId: tree.farCommune, role: 'reporter' })).statusCode,
    ).toBe(403);
    expect(
      (await call(reporter, 'POST', '/enrollment-codes', { unitId: tree.commune, role: 'reporter' })).statusCode,
    ).toBe(403);
    expect((await call(district, 'POST', '/enrollment-codes', { unitId: tree.commune, role: 'boss' })).statusCode).toBe(
      400,
    );
  });

  it('lists and revokes devices of its subtree only', async () => {
    const far = await enroll(app, db, tree.farCommune);
    const devices = (await call(district, 'GET', '/devices')).json().devices as { id: string; unitName: string }[];
    expect(devices.map((d) => d.id)).toContain(reporter.deviceId);
    expect(devices.map((d) => d.id)).not.toContain(far.deviceId);
    expect((await call(district, 'POST', `/devices/${far.deviceId}/revoke`)).statusCode).toBe(403);
    expect((await call(reporter, 'GET', '/devices')).statusCode).toBe(403);
  });

  it('reads a plan document through the importer', async () => {
    const text = readFileSync(DEMO_FILES.camXuyenPlan, 'utf8');
    const res = await call(district, 'POST', '/plans/import', { text });
    expect(res.statusCode).toBe(200);
    const plan = res.json();
    expect(plan).toMatchObject({ number: '152/KH-UBND', year: 2021 });
    expect(plan.tasks).toHaveLength(10);
    const junk = await call(district, 'POST', '/plans/import', {
      docxBase64: Buffer.from('not a docx').toString('base64'),
    });
    expect(junk.statusCode).toBe(400);
    expect((await call(district, 'POST', '/plans/import', {})).statusCode).toBe(400);
    // A scan is refused in words that say what to do.
    const scan = await call(district, 'POST', '/plans/import', { pdfBase64: writePdf([null]).toString('base64') });
    expect(scan.statusCode).toBe(400);
    expect(scan.json().error).toBe(PLAN_FILE_MESSAGES.scannedPdf);
  });

  it('keeps the indicators and the schedule the importer read with the plan', async () => {
    const imported = (
      await call(district, 'POST', '/plans/import', { text: readFileSync(DEMO_FILES.camXuyenPlan, 'utf8') })
    ).json();
    expect(imported.indicators.length).toBeGreaterThan(0);
    const created = await call(district, 'POST', '/plans', {
      title: imported.title,
      year: imported.year,
      tasks: [{ ordinal: '1', title: 'Nhiệm vụ' }],
      indicators: imported.indicators,
      schedule: imported.schedule,
    });
    expect(created.statusCode).toBe(200);
    const id = created.json().plan.id;
    const listed = (await call(district, 'GET', '/plans')).json().plans.find((p: { id: string }) => p.id === id);
    expect(listed.indicators).toEqual(imported.indicators);
    expect(listed.schedule.deadlines).toEqual([expect.objectContaining({ due: '2021-01-30' })]);
    // A plan saved without them has none.
    const bare = await call(district, 'POST', '/plans', { title: 'x', year: 2021, tasks: [] });
    expect(bare.json().plan).toMatchObject({ indicators: [], schedule: null });
  });
});
