import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as activityHistory from '../../src/server/db/migrations/0011-activity-history';
import type { HistoryItem } from '../../src/shared/history';
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
  voidOf,
} from './helpers';

describe.each(backends())('GET /api/v1/activities/:id/history on %s', (backend) => {
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

  const historyOf = async (by: TestDevice, id: string) => {
    const res = await app.inject({ url: `/api/v1/activities/${encodeURIComponent(id)}/history`, headers: by.headers });
    return { status: res.statusCode, items: (res.json() as { items: HistoryItem[] }).items };
  };
  const importFile = (by: TestDevice, activities: unknown[]) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/activities/import',
      headers: by.headers,
      payload: { format: 'cchc-activities', version: 1, exportedAt: new Date().toISOString(), activities },
    });

  it('keeps the creation, each edit and the void with their values, device and server time', async () => {
    const phone = await enroll(app, db, tree.commune);
    const entry = newActivity(tree.commune);
    clock.set('2021-07-20T01:00:00Z');
    await syncAs(app, phone, [upsert(1, entry)]);
    clock.set('2021-07-20T02:30:00Z');
    const edited = { ...entry, figures: { sessions: 1, minutes: 15, source: 'own' } };
    await syncAs(app, phone, [upsert(2, edited, 1), voidOf(3, entry.id, 2, 'Nhập trùng')]);

    const { status, items } = await historyOf(phone, entry.id);
    expect(status).toBe(200);
    expect(items.map((i) => [i.version, i.action])).toEqual([
      [1, 'create'],
      [2, 'edit'],
      [3, 'void'],
    ]);
    expect(items[0]).toMatchObject({
      deviceId: phone.deviceId,
      deviceName: 'Máy thử',
      receivedAt: '2021-07-20T01:00:00.000Z',
      values: { title: entry.title, figures: { minutes: 10 }, version: 1, voided: false },
    });
    expect(items[1]).toMatchObject({ receivedAt: '2021-07-20T02:30:00.000Z', values: { figures: { minutes: 15 } } });
    expect(items[2]!.values).toMatchObject({ voided: true, voidReason: 'Nhập trùng', figures: { minutes: 15 } });
  });

  it('never records a change twice: a batch sent again, or the same entry arriving by another road', async () => {
    const phone = await enroll(app, db, tree.commune);
    const supervisor = await enroll(app, db, tree.district, 'supervisor');
    const entry = newActivity(tree.commune);
    const edited = { ...entry, title: 'Sửa lại tiêu đề' };
    const batch = [upsert(1, entry), upsert(2, edited, 1)];
    await syncAs(app, phone, batch);
    const again = await syncAs(app, phone, batch);
    expect(again.body.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate']);
    // The phone's export imported by the supervisor: the same content is a duplicate, not a change.
    const imported = await importFile(supervisor, [edited]);
    expect(imported.json()).toMatchObject({ duplicates: 1, created: 0 });
    // The same new entry under a later seq (a phone restored from a backup) is a duplicate too.
    await syncAs(app, phone, [upsert(3, edited)]);
    const { items } = await historyOf(phone, entry.id);
    expect(items.map((i) => i.action)).toEqual(['create', 'edit']);
  });

  it('shows both sides of a conflict, then the resolution as the next edit', async () => {
    const mine = await enroll(app, db, tree.commune);
    const colleague = await enroll(app, db, tree.commune);
    const entry = newActivity(tree.commune);
    await syncAs(app, mine, [upsert(1, entry)]);
    const theirs = { ...entry, figures: { sessions: 1, minutes: 20, source: 'own' } };
    await syncAs(app, colleague, [upsert(1, theirs, 1)]);
    const refused = { ...entry, figures: { sessions: 1, minutes: 30, source: 'own' } };
    const conflict = await syncAs(app, mine, [upsert(2, refused, 1)]);
    expect(conflict.body.results[0]).toMatchObject({ status: 'conflict', version: 2 });
    // The answer was lost and the batch comes again: the conflict is not recorded twice.
    await syncAs(app, mine, [upsert(2, refused, 1)]);
    const resolved = { ...entry, figures: { sessions: 1, minutes: 25, source: 'own' } };
    await syncAs(app, mine, [upsert(3, resolved, 2)]);

    const { items } = await historyOf(mine, entry.id);
    expect(items.map((i) => [i.action, i.version, i.deviceId])).toEqual([
      ['create', 1, mine.deviceId],
      ['edit', 2, colleague.deviceId],
      ['conflict', 2, mine.deviceId],
      ['edit', 3, mine.deviceId],
    ]);
    expect(items[2]!.values).toMatchObject({ baseVersion: 1, figures: { minutes: 30 } });
    expect(items[3]!.values).toMatchObject({ version: 3, figures: { minutes: 25 } });
  });

  it('records a void that lost to an edit as a conflict', async () => {
    const mine = await enroll(app, db, tree.commune);
    const colleague = await enroll(app, db, tree.commune);
    const entry = newActivity(tree.commune);
    await syncAs(app, mine, [upsert(1, entry)]);
    await syncAs(app, colleague, [upsert(1, { ...entry, title: 'Của đồng nghiệp' }, 1)]);
    await syncAs(app, mine, [voidOf(2, entry.id, 1, 'Không tổ chức')]);
    const { items } = await historyOf(mine, entry.id);
    expect(items.at(-1)).toMatchObject({
      action: 'conflict',
      version: 2,
      values: { voided: true, voidReason: 'Không tổ chức', baseVersion: 1 },
    });
  });

  it('records entries imported from a file as imports, a voided one with its void, and a conflict once', async () => {
    const supervisor = await enroll(app, db, tree.district, 'supervisor');
    const entry = newActivity(tree.commune);
    const voided = { ...newActivity(tree.station), voided: true, voidReason: 'Hủy trên máy' };
    const first = await importFile(supervisor, [entry, voided]);
    expect(first.json()).toMatchObject({ created: 2 });
    const other = { ...entry, title: 'Nội dung khác' };
    await importFile(supervisor, [other, other]);
    await importFile(supervisor, [other, entry]);

    const a = await historyOf(supervisor, entry.id);
    expect(a.items.map((i) => i.action)).toEqual(['import', 'conflict']);
    expect(a.items[0]).toMatchObject({ deviceId: supervisor.deviceId, values: { title: entry.title } });
    expect(a.items[1]).toMatchObject({ version: 1, values: { title: 'Nội dung khác', baseVersion: 0 } });
    const b = await historyOf(supervisor, voided.id);
    expect(b.items.map((i) => [i.action, i.version])).toEqual([
      ['import', 1],
      ['void', 2],
    ]);
  });

  it('answers within scope only: 403 for another unit’s entry, 404 for an unknown one', async () => {
    const phone = await enroll(app, db, tree.commune);
    const stationEntry = newActivity(tree.station);
    await syncAs(app, phone, [upsert(1, stationEntry)]);
    const neighbour = await enroll(app, db, tree.neighbour);
    const supervisor = await enroll(app, db, tree.district, 'supervisor');
    const farSupervisor = await enroll(app, db, tree.otherDistrict, 'supervisor');

    expect((await historyOf(phone, stationEntry.id)).status).toBe(200);
    expect((await historyOf(supervisor, stationEntry.id)).items).toHaveLength(1);
    expect((await historyOf(neighbour, stationEntry.id)).status).toBe(403);
    expect((await historyOf(farSupervisor, stationEntry.id)).status).toBe(403);
    expect((await historyOf(phone, '0190a0a0-0000-7000-8000-000000000000')).status).toBe(404);
    const anonymous = await app.inject({ url: `/api/v1/activities/${stationEntry.id}/history` });
    expect(anonymous.statusCode).toBe(401);
  });

  it('carries existing entries over when the table is made: one row each, from its state then', async () => {
    const phone = await enroll(app, db, tree.commune);
    const entry = newActivity(tree.commune);
    await syncAs(app, phone, [upsert(1, entry), upsert(2, { ...entry, title: 'Bản sửa' }, 1)]);
    await activityHistory.down(db as Kysely<unknown>);
    await activityHistory.up(db as Kysely<unknown>);
    const { items } = await historyOf(phone, entry.id);
    expect(items).toEqual([
      expect.objectContaining({
        version: 2,
        action: 'edit',
        deviceId: 'phone',
        values: expect.objectContaining({ id: entry.id, title: 'Bản sửa', figures: entry.figures, version: 2 }),
      }),
    ]);
  });
});
