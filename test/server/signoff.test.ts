import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { describeHistory, type HistoryItem } from '../../src/shared/history';
import type { Report } from '../../src/shared/report';
import type { PeriodEvent, SignoffStatusResponse, Submission } from '../../src/shared/signoff';
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

const machineZone = process.env.TZ;

describe.each(backends())('closing a period on %s', (backend) => {
  let app: FastifyInstance;
  let close: () => Promise<void>;
  let db: Awaited<ReturnType<typeof openTestDatabase>>['db'];
  let tree: Tree;
  let clock: TestClock;

  beforeAll(async () => {
    ({ db, app, tree, clock, close } = await openTestServer(backend));
  });
  afterAll(async () => {
    await close?.();
  });
  afterEach(() => {
    if (machineZone === undefined) delete process.env.TZ;
    else process.env.TZ = machineZone;
  });

  const submit = (by: TestDevice, body: Record<string, unknown>) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/submissions',
      headers: by.headers,
      payload: {
        id: randomUUID(),
        unitId: by.unitId,
        period: '2021-Q3',
        basis: 'decree09',
        submittedAt: '2021-09-10T08:00:00+07:00',
        ...body,
      },
    });
  const decide = (by: TestDevice, id: string, action: 'approve' | 'return', comment?: string) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/submissions/${id}/${action}`,
      headers: by.headers,
      payload: comment === undefined ? {} : { comment },
    });
  const report = async (by: TestDevice, unitId: string, period = '2021-Q3') => {
    const res = await app.inject({ url: `/api/v1/report?unitId=${unitId}&period=${period}`, headers: by.headers });
    expect(res.statusCode).toBe(200);
    return res.json() as Report;
  };
  const signoffOf = async (by: TestDevice) => {
    const res = await app.inject({ url: '/api/v1/signoff', headers: by.headers });
    expect(res.statusCode).toBe(200);
    return res.json() as SignoffStatusResponse;
  };

  it('keeps the figures as submitted, once across retries, and the supervisor of the subtree alone approves', async () => {
    const phone = await enroll(app, db, tree.commune);
    const supervisor = await enroll(app, db, tree.district, 'supervisor');
    const otherSupervisor = await enroll(app, db, tree.otherDistrict, 'supervisor');
    const first = newActivity(tree.commune, { date: '2021-07-10' });
    const second = newActivity(tree.station, {
      date: '2021-08-02',
      figures: { sessions: 2, minutes: 30, source: 'own' },
    });
    clock.set('2021-09-10T02:00:00Z');
    await syncAs(app, phone, [upsert(1, first), upsert(2, second)]);

    const id = randomUUID();
    const sent = await submit(phone, { id });
    expect(sent.statusCode).toBe(200);
    const submission = (sent.json() as { submission: Submission }).submission;
    expect(submission).toMatchObject({ id, status: 'submitted', submittedAt: '2021-09-10T02:00:00.000Z' });
    expect(submission.snapshot).toMatchObject({ entries: 2, totals: { broadcast: { sessions: 3, minutes: 40 } } });

    // The answer was lost; the phone sends the same submission again later: nothing new.
    clock.set('2021-09-11T02:00:00Z');
    const again = await submit(phone, { id });
    expect(again.statusCode).toBe(200);
    expect((again.json() as { submission: Submission }).submission.submittedAt).toBe('2021-09-10T02:00:00.000Z');
    const history = await app.inject({
      url: `/api/v1/period-history?unitId=${tree.commune}&period=2021-Q3`,
      headers: supervisor.headers,
    });
    expect((history.json() as { events: PeriodEvent[] }).events.map((e) => e.action)).toEqual(['submit']);

    // A phone submits only its unit; the same id for another period is refused.
    expect((await submit(phone, { unitId: tree.neighbour })).statusCode).toBe(403);
    expect((await submit(phone, { id, period: '2021-Q2' })).statusCode).toBe(409);

    // Only a supervisor, and only one above the unit.
    expect((await decide(phone, id, 'approve')).statusCode).toBe(403);
    expect((await decide(otherSupervisor, id, 'approve')).statusCode).toBe(403);
    const approved = await decide(supervisor, id, 'approve');
    expect(approved.statusCode).toBe(200);
    expect((approved.json() as { submission: Submission }).submission).toMatchObject({
      status: 'approved',
      decidedAt: '2021-09-11T02:00:00.000Z',
    });
    expect((await decide(supervisor, id, 'approve')).statusCode).toBe(200);
    expect((await decide(supervisor, id, 'return', 'Thiếu số liệu')).statusCode).toBe(409);

    const phoneView = await signoffOf(phone);
    expect(phoneView.submissions[0]).toMatchObject({ id, status: 'approved' });

    // An entry changed after approval is taken, and marked; the report gives both figures.
    const district = await report(supervisor, tree.district);
    expect(district.signoff!.units.find((u) => u.unitId === tree.commune)).toMatchObject({
      status: 'approved',
      changedAfterApproval: false,
    });
    clock.set('2021-09-12T02:00:00Z');
    const edit = await syncAs(app, phone, [
      upsert(3, { ...first, figures: { sessions: 4, minutes: 40, source: 'own' } }, 1),
    ]);
    expect(edit.body.results[0]!.status).toBe('applied');
    const after = await report(supervisor, tree.district);
    const row = after.signoff!.units.find((u) => u.unitId === tree.commune)!;
    expect(row.changedAfterApproval).toBe(true);
    expect(row.approvedTotals).toMatchObject({ broadcast: { sessions: 3 } });
    expect(row.currentTotals).toMatchObject({ broadcast: { sessions: 6 } });
    expect(after.signoff!.approvedTotals).toMatchObject({ broadcast: { sessions: 3 } });

    // The entry's history shows the period's steps among its changes, and the edit after approval marked.
    const entryHistory = await app.inject({
      url: `/api/v1/activities/${first.id}/history`,
      headers: supervisor.headers,
    });
    const items = (entryHistory.json() as { items: HistoryItem[] }).items;
    expect(items.map((i) => i.action)).toEqual(['create', 'submit', 'approve', 'edit']);
    expect(items[1]!.period).toMatchObject({ code: '2021-Q3', label: 'Quý III/2021', unitName: 'Thị trấn Cẩm Xuyên' });
    expect(describeHistory(items).map((line) => line.action)).toEqual([
      'Tạo mới',
      'Gửi báo cáo kỳ',
      'Duyệt báo cáo kỳ',
      'Sửa (thay đổi sau khi duyệt)',
    ]);

    const events = (
      (
        await app.inject({
          url: `/api/v1/period-history?unitId=${tree.district}&period=2021-Q3`,
          headers: supervisor.headers,
        })
      ).json() as {
        events: PeriodEvent[];
      }
    ).events;
    expect(events.map((e) => [e.action, e.unitName])).toEqual([
      ['submit', 'Thị trấn Cẩm Xuyên'],
      ['approve', 'Thị trấn Cẩm Xuyên'],
    ]);
  });

  it('marks a change received between the submission and its approval: the approved figures are those kept', async () => {
    const phone = await enroll(app, db, tree.neighbour);
    const supervisor = await enroll(app, db, tree.district, 'supervisor');
    const entry = newActivity(tree.neighbour, { date: '2020-11-10' });
    clock.set('2020-12-10T02:00:00Z');
    await syncAs(app, phone, [upsert(1, entry)]);
    const id = randomUUID();
    await submit(phone, { id, period: '2020-Q4', submittedAt: '2020-12-10T09:00:00+07:00' });
    // A correction reaches the server the next day, before the district approves.
    clock.set('2020-12-11T02:00:00Z');
    await syncAs(app, phone, [upsert(2, { ...entry, figures: { sessions: 5, minutes: 50, source: 'own' } }, 1)]);
    clock.set('2020-12-12T02:00:00Z');
    expect((await decide(supervisor, id, 'approve')).statusCode).toBe(200);
    const row = (await report(supervisor, tree.district, '2020-Q4')).signoff!.units.find(
      (u) => u.unitId === tree.neighbour,
    )!;
    expect(row).toMatchObject({ status: 'approved', changedAfterApproval: true });
    expect(row.approvedTotals?.broadcast?.sessions).not.toBe(row.currentTotals?.broadcast?.sessions);
  });

  it('does not mark an approval when only an entry of another period changes', async () => {
    const phone = await enroll(app, db, tree.neighbour);
    const supervisor = await enroll(app, db, tree.district, 'supervisor');
    const entry = newActivity(tree.neighbour, { date: '2021-07-10' });
    const later = newActivity(tree.neighbour, { date: '2021-10-01' });
    clock.set('2021-09-10T02:00:00Z');
    await syncAs(app, phone, [upsert(1, entry)]);
    const id = randomUUID();
    await submit(phone, { id });
    await decide(supervisor, id, 'approve');
    clock.set('2021-10-02T02:00:00Z');
    await syncAs(app, phone, [upsert(2, later)]);
    const row = (await report(supervisor, tree.district)).signoff!.units.find((u) => u.unitId === tree.neighbour)!;
    expect(row).toMatchObject({ status: 'approved', changedAfterApproval: false });
  });

  it('returns with a comment the phone reads, and takes the next submission', async () => {
    const [phone, supervisor] = await Promise.all([
      enroll(app, db, tree.farCommune),
      enroll(app, db, tree.otherDistrict, 'supervisor'),
    ]);
    clock.set('2021-09-13T02:00:00Z');
    const id = randomUUID();
    await submit(phone, { id });
    const noReason = await decide(supervisor, id, 'return', '  ');
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().issues[0].message).toContain('lý do trả lại');
    expect((await decide(supervisor, id, 'return', 'Bổ sung số buổi phát thanh tháng 8')).statusCode).toBe(200);
    const seen = await signoffOf(phone);
    expect(seen.submissions[0]).toMatchObject({ status: 'returned', comment: 'Bổ sung số buổi phát thanh tháng 8' });

    const next = randomUUID();
    await submit(phone, { id: next });
    const row = (await report(supervisor, tree.otherDistrict)).signoff!.units.find(
      (u) => u.unitId === tree.farCommune,
    )!;
    expect(row).toMatchObject({ status: 'submitted', submissionId: next, timeliness: 'on_time' });
    expect((await decide(supervisor, id, 'approve')).statusCode).toBe(409);
  });

  for (const [tz, period, due] of [
    ['America/Los_Angeles', '2021-Q2', '2021-06-15'],
    ['Asia/Tokyo', '2021-Q1', '2021-03-15'],
  ] as const) {
    it(`counts on time, late and missing at Vietnam's dates under TZ=${tz}`, async () => {
      process.env.TZ = tz;
      const onTime = await enroll(app, db, tree.commune);
      const late = await enroll(app, db, tree.neighbour);
      const supervisor = await enroll(app, db, tree.province, 'supervisor');
      // 23:59:59 on the due date in Vietnam is its last second; the midnight after it is late.
      clock.set(`${due}T16:59:59Z`);
      expect((await submit(onTime, { period, submittedAt: clock.now().toISOString() })).statusCode).toBe(200);
      clock.set(`${due}T17:00:00Z`);
      expect((await submit(late, { period, submittedAt: clock.now().toISOString() })).statusCode).toBe(200);
      const signoff = (await report(supervisor, tree.province, period)).signoff!;
      expect(signoff.dueDate).toBe(due);
      expect(signoff.counts).toEqual({ units: 3, onTime: 1, late: 1, missing: 1, approved: 0 });
      expect(Object.fromEntries(signoff.units.map((u) => [u.unitId, u.timeliness]))).toEqual({
        [tree.commune]: 'on_time',
        [tree.neighbour]: 'late',
        [tree.farCommune]: 'missing',
      });
    });
  }

  it('judges a commune by the due date of the plans its phone holds, others by the national rule', async () => {
    const phone = await enroll(app, db, tree.commune);
    const far = await enroll(app, db, tree.farCommune);
    const district = await enroll(app, db, tree.district, 'supervisor');
    const province = await enroll(app, db, tree.province, 'supervisor');
    // A 2022 plan of the district, one task for Cẩm Xuyên: quarterly reports "trước ngày 20".
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/plans',
      headers: district.headers,
      payload: {
        unitId: tree.district,
        number: '20/KH-UBND',
        title: 'Kế hoạch tuyên truyền CCHC năm 2022',
        year: 2022,
        tasks: [{ ordinal: '1', title: 'Tuyên truyền trên Trạm truyền thanh', kinds: ['broadcast'] }],
        assignments: [{ taskId: '1', unitId: tree.commune }],
        schedule: {
          reports: [{ periods: ['quarter'], dueDay: 20, text: 'Định kỳ hằng quý báo cáo UBND huyện trước ngày 20.' }],
          deadlines: [],
        },
      },
    });
    expect(created.statusCode).toBe(200);
    const planId = created.json().plan.id as string;
    const published = await app.inject({
      method: 'POST',
      url: `/api/v1/plans/${planId}/publish`,
      headers: district.headers,
    });
    expect(published.statusCode).toBe(200);
    const held = async (by: TestDevice) =>
      ((await app.inject({ url: '/api/v1/plans', headers: by.headers })).json().plans as { id: string }[]).map(
        (p) => p.id,
      );
    expect(await held(phone)).toContain(planId);
    expect(await held(far)).not.toContain(planId);
    // Both send Quý I/2022 on 17/03/2022: after the national 15/03, before the plan's 19/03.
    clock.set('2022-03-17T03:00:00Z');
    for (const by of [phone, far])
      expect((await submit(by, { period: '2022-Q1', submittedAt: clock.now().toISOString() })).statusCode).toBe(200);
    const signoff = (await report(province, tree.province, '2022-Q1')).signoff!;
    const line = (unitId: string) => signoff.units.find((u) => u.unitId === unitId);
    expect(line(tree.commune)).toMatchObject({ dueDate: '2022-03-19', timeliness: 'on_time' });
    expect(line(tree.farCommune)).toMatchObject({ dueDate: '2022-03-15', timeliness: 'late' });
    expect(line(tree.neighbour)).toMatchObject({ dueDate: '2022-03-15', timeliness: 'missing' });
    expect([signoff.dueDate, signoff.lastDueDate]).toEqual(['2022-03-15', '2022-03-19']);
    // The plan of 2022 leaves 2021's quarters to the national rule.
    expect((await report(province, tree.province, '2021-Q1')).signoff!.lastDueDate).toBe('2021-03-15');
  });

  it('nudges units below the supervisor, which their phones read after the sync', async () => {
    const phone = await enroll(app, db, tree.commune);
    const reporter = await enroll(app, db, tree.neighbour);
    const supervisor = await enroll(app, db, tree.district, 'supervisor');
    clock.set('2021-09-12T02:00:00Z');
    const nudge = (by: TestDevice, unitIds: string[], message = 'Đề nghị cập nhật số liệu Quý III trước 16/9') =>
      app.inject({ method: 'POST', url: '/api/v1/nudges', headers: by.headers, payload: { unitIds, message } });
    expect((await nudge(reporter, [tree.commune])).statusCode).toBe(403);
    expect((await nudge(supervisor, [tree.farCommune])).statusCode).toBe(403);
    expect((await nudge(supervisor, [tree.commune], '')).statusCode).toBe(400);
    const sent = await nudge(supervisor, [tree.commune, tree.neighbour]);
    expect(sent.json()).toEqual({ sent: 2 });
    const seen = await signoffOf(phone);
    expect(seen.nudges[0]).toMatchObject({
      message: 'Đề nghị cập nhật số liệu Quý III trước 16/9',
      fromName: 'Huyện Cẩm Xuyên',
      createdAt: '2021-09-12T02:00:00.000Z',
    });
  });
});
