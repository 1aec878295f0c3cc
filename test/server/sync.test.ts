import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertChanges } from '../../src/server/sync/change-log.repository';
import {
  backends,
  enroll,
  newActivity,
  type openTestDatabase,
  openTestServer,
  pullAll,
  syncAs,
  type TestDevice,
  type Tree,
  upsert,
  voidOf,
} from './helpers';

describe.each(backends())('POST /api/v1/sync on %s', (backend) => {
  let app: FastifyInstance;
  let close: () => Promise<void>;
  let db: Awaited<ReturnType<typeof openTestDatabase>>['db'];
  let tree: Tree;

  beforeAll(async () => {
    ({ db, app, tree, close } = await openTestServer(backend));
  });
  afterAll(async () => {
    await close?.();
  });

  /** A supervisor imports a phone's exported file of these entries. */
  const importFile = (by: TestDevice, activities: unknown[]) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/activities/import',
      headers: by.headers,
      payload: { format: 'cchc-activities', version: 1, exportedAt: new Date().toISOString(), activities },
    });

  it('counts an entry once when the phone lost the answer and pushes the same batch again', async () => {
    const phone = await enroll(app, db, tree.commune);
    const entry = newActivity(tree.commune);
    const first = await syncAs(app, phone, [upsert(1, entry)]);
    expect(first.status).toBe(200);
    expect(first.body.ackedThrough).toBe(1);
    expect(first.body.results).toEqual([{ seq: 1, id: entry.id, status: 'applied', version: 1 }]);
    const again = await syncAs(app, phone, [upsert(1, entry)]);
    expect(again.body.ackedThrough).toBe(1);
    expect(again.body.results[0]).toMatchObject({ seq: 1, status: 'duplicate' });
    const report = await app.inject({
      url: `/api/v1/report?unitId=${tree.commune}&period=2021-M07`,
      headers: phone.headers,
    });
    expect(report.json().totals.broadcast.sessions).toBe(1);
  });

  it('applies a reordered batch in seq order and stops at a gap', async () => {
    const phone = await enroll(app, db, tree.commune);
    const [a, b, c] = [newActivity(tree.commune), newActivity(tree.commune), newActivity(tree.commune)];
    const res = await syncAs(app, phone, [upsert(2, b), upsert(1, a), upsert(4, c)]);
    expect(res.status).toBe(200);
    expect(res.body.ackedThrough).toBe(2);
    expect(res.body.results.map((r) => [r.seq, r.status])).toEqual([
      [1, 'applied'],
      [2, 'applied'],
    ]);
    const next = await syncAs(app, phone, [upsert(2, b), upsert(3, newActivity(tree.commune)), upsert(4, c)]);
    expect(next.body.ackedThrough).toBe(4);
    expect(next.body.results.map((r) => r.status)).toEqual(['duplicate', 'applied', 'applied']);
  });

  it('answers a conflict with the current record and applies nothing', async () => {
    const one = await enroll(app, db, tree.commune);
    const two = await enroll(app, db, tree.commune);
    const entry = newActivity(tree.commune);
    await syncAs(app, one, [upsert(1, entry)]);
    const edit1 = await syncAs(app, one, [upsert(2, { ...entry, title: 'Sửa lần 1' }, 1)]);
    expect(edit1.body.results[0]).toMatchObject({ status: 'applied', version: 2 });
    const stale = await syncAs(app, two, [upsert(1, { ...entry, title: 'Sửa từ máy khác' }, 1)]);
    expect(stale.body.ackedThrough).toBe(1);
    expect(stale.body.results[0]).toMatchObject({ status: 'conflict', version: 2 });
    expect(stale.body.results[0]!.current).toMatchObject({ id: entry.id, title: 'Sửa lần 1', version: 2 });
  });

  it('voids as a tombstone that counts nothing, and rejects a later edit of it', async () => {
    const phone = await enroll(app, db, tree.neighbour);
    const entry = newActivity(tree.neighbour, { date: '2021-08-01' });
    await syncAs(app, phone, [upsert(1, entry)]);
    const voided = await syncAs(app, phone, [voidOf(2, entry.id, 1)]);
    expect(voided.body.results[0]).toMatchObject({ status: 'applied', version: 2 });
    const edit = await syncAs(app, phone, [upsert(3, { ...entry, title: 'x' }, 2)]);
    expect(edit.body.results[0]).toMatchObject({ status: 'rejected' });
    expect(edit.body.results[0]!.error).toMatch(/hủy/);
    const pulled = await pullAll(app, phone);
    const stored = pulled.activities.find((a) => a.id === entry.id);
    expect(stored).toMatchObject({ voided: true, voidReason: 'Nhập nhầm', version: 2 });
    const report = await app.inject({
      url: `/api/v1/report?unitId=${tree.neighbour}&period=2021-M08&basis=calendar`,
      headers: phone.headers,
    });
    expect(report.json().totals).toEqual({});
  });

  it('rejects one bad mutation and applies the good ones after it', async () => {
    const phone = await enroll(app, db, tree.commune);
    const good = newActivity(tree.commune);
    const bad = { ...newActivity(tree.commune, { kind: 'material' }), figures: { copies: -5 } };
    const res = await syncAs(app, phone, [upsert(1, bad), upsert(2, good), voidOf(3, good.id, 7)]);
    expect(res.status).toBe(200);
    expect(res.body.ackedThrough).toBe(3);
    expect(res.body.results.map((r) => r.status)).toEqual(['rejected', 'applied', 'rejected']);
    expect(res.body.results[0]!.error).toMatch(/bản/);
    expect(res.body.results[2]!.error).toMatch(/phiên bản/);
  });

  it('lets two phones of one commune see each other, and keeps other communes out', async () => {
    const one = await enroll(app, db, tree.commune);
    const two = await enroll(app, db, tree.commune);
    const stationPhone = await enroll(app, db, tree.station);
    const stranger = await enroll(app, db, tree.farCommune);
    const entry = newActivity(tree.commune);
    const stationEntry = newActivity(tree.station);
    await syncAs(app, one, [upsert(1, entry)]);
    await syncAs(app, stationPhone, [upsert(1, stationEntry)]);
    const seen = await pullAll(app, two);
    expect(seen.activities.map((a) => a.id)).toEqual(expect.arrayContaining([entry.id, stationEntry.id]));
    const stationSees = await pullAll(app, stationPhone);
    expect(stationSees.activities.map((a) => a.id)).not.toContain(entry.id);
    const strangerSees = await pullAll(app, stranger);
    expect(strangerSees.activities.map((a) => a.id)).not.toContain(entry.id);
    // Writing another commune's entry is rejected, never applied.
    const write = await syncAs(app, stranger, [upsert(1, { ...entry, title: 'chiếm' }, 1)]);
    expect(write.body.results[0]).toMatchObject({ status: 'rejected' });
    const create = await syncAs(app, stranger, [upsert(2, newActivity(tree.commune))]);
    expect(create.body.results[0]).toMatchObject({ status: 'rejected' });
    // Another device's id in the body is refused outright.
    const impostor = await syncAs(app, stranger, [], { deviceId: one.deviceId });
    expect(impostor.status).toBe(403);
  });

  it('shows a supervisor its whole subtree and nothing beside it', async () => {
    const district = await enroll(app, db, tree.district, 'supervisor');
    const far = await enroll(app, db, tree.farCommune);
    const farEntry = newActivity(tree.farCommune);
    await syncAs(app, far, [upsert(1, farEntry)]);
    const stationPhone = await enroll(app, db, tree.neighbourStation);
    const deep = newActivity(tree.neighbourStation);
    await syncAs(app, stationPhone, [upsert(1, deep)]);
    const seen = await pullAll(app, district);
    const ids = seen.activities.map((a) => a.id);
    expect(ids).toContain(deep.id);
    expect(ids).not.toContain(farEntry.id);
    expect(seen.activities.every((a) => a.unitId !== tree.farCommune)).toBe(true);
    expect(seen.units.map((u) => u.id)).toEqual(expect.arrayContaining([tree.province, tree.district, tree.station]));
    expect(seen.units.map((u) => u.id)).not.toContain(tree.farCommune);
  });

  it('gives a commune phone its ancestors, its subtree and plans, in change order, through any page size, and nothing of other communes', async () => {
    const stationPhone = await enroll(app, db, tree.station);
    const neighbour = await enroll(app, db, tree.neighbour);
    const far = await enroll(app, db, tree.farCommune);
    const paths = new Map(
      (await db.selectFrom('units').select(['id', 'path']).execute()).map((u) => [u.id, u.path] as const),
    );
    const mine: string[] = [];
    // Changes of every kind, interleaved: entries in and out of the commune, unit records of its
    // ancestors and of a far commune, and a plan of the province.
    for (let i = 0; i < 4; i++) {
      const own = newActivity(tree.station);
      mine.push(own.id);
      await syncAs(app, stationPhone, [upsert(i + 1, own)]);
      await syncAs(app, neighbour, [upsert(i + 1, newActivity(tree.neighbour))]);
      await insertChanges(db, [
        {
          entity: 'unit',
          entityId: i % 2 ? tree.province : tree.district,
          path: paths.get(i % 2 ? tree.province : tree.district)!,
        },
        { entity: 'unit', entityId: tree.farCommune, path: paths.get(tree.farCommune)! },
        { entity: 'plan', entityId: `plan-${i}`, path: paths.get(tree.province)! },
      ]);
      await syncAs(app, far, [upsert(i + 1, newActivity(tree.farCommune))]);
    }
    const whole = await pullAll(app, await enroll(app, db, tree.commune));
    expect(whole.activities.map((a) => a.id)).toEqual(expect.arrayContaining(mine));
    expect(whole.activities.every((a) => [tree.commune, tree.station, tree.postOffice].includes(a.unitId))).toBe(true);
    const unitIds = whole.units.map((u) => u.id);
    expect(unitIds).toEqual(expect.arrayContaining([tree.province, tree.district]));
    expect(unitIds).not.toContain(tree.farCommune);
    expect(unitIds).not.toContain(tree.neighbour);
    for (const limit of [1, 2, 3, 7]) {
      const paged = await pullAll(app, await enroll(app, db, tree.commune), limit);
      // (An entry changed twice may come in two pages; the phone keeps the latest.)
      expect([...new Set(paged.activities.map((a) => a.id))].sort()).toEqual(whole.activities.map((a) => a.id).sort());
      expect([...new Set(paged.units.map((u) => u.id))].sort()).toEqual([...new Set(unitIds)].sort());
    }
  });

  it('treats the same entry arriving from an exported file and later from the phone as one', async () => {
    const supervisor = await enroll(app, db, tree.district, 'supervisor');
    const phone = await enroll(app, db, tree.neighbour);
    const entry = newActivity(tree.neighbour, { kind: 'training', figures: { participants: 40 }, date: '2021-09-01' });
    const imported = await importFile(supervisor, [entry]);
    expect(imported.json()).toMatchObject({ created: 1, duplicates: 0, conflicts: 0, rejected: 0 });
    const late = await syncAs(app, phone, [upsert(1, entry)]);
    expect(late.body.results[0]).toMatchObject({ status: 'duplicate', version: 1 });
    const changed = await syncAs(app, phone, [upsert(2, { ...entry, title: 'khác' })]);
    expect(changed.body.results[0]).toMatchObject({ status: 'conflict' });
    const report = await app.inject({
      url: `/api/v1/report?unitId=${tree.neighbour}&period=2021-9M&basis=calendar`,
      headers: supervisor.headers,
    });
    expect(report.json().totals.training).toEqual({ sessions: 1, participants: 40 });
    // The same file again, now saying the entry was voided on the phone: the void is applied once.
    const again = await importFile(supervisor, [
      { ...entry, voided: true, voidReason: 'Ghi trùng' },
      { ...entry, voided: true },
    ]);
    expect(again.json()).toMatchObject({ created: 0, duplicates: 2, conflicts: 0, rejected: 0 });
    const after = await app.inject({
      url: `/api/v1/report?unitId=${tree.neighbour}&period=2021-9M&basis=calendar`,
      headers: supervisor.headers,
    });
    expect(after.json().totals.training).toBeUndefined();
  });

  it('answers a batch of new entries holding some already imported from a file: those duplicate, the rest applied, each stored once', async () => {
    const supervisor = await enroll(app, db, tree.district, 'supervisor');
    const phone = await enroll(app, db, tree.neighbour);
    const entries = Array.from({ length: 5 }, (_, i) => newActivity(tree.neighbour, { title: `Họp thôn ${i + 1}` }));
    const imported = await importFile(supervisor, [entries[1], entries[3]]);
    expect(imported.json()).toMatchObject({ created: 2 });
    const pushed = await syncAs(
      app,
      phone,
      entries.map((e, i) => upsert(i + 1, e)),
    );
    expect(pushed.body.ackedThrough).toBe(5);
    expect(pushed.body.results.map((r) => r.status)).toEqual([
      'applied',
      'duplicate',
      'applied',
      'duplicate',
      'applied',
    ]);
    const stored = await db
      .selectFrom('activities')
      .select('id')
      .where(
        'id',
        'in',
        entries.map((e) => e.id),
      )
      .execute();
    expect(stored).toHaveLength(5);
    const changes = await db
      .selectFrom('change_log')
      .select('entity_id')
      .where(
        'entity_id',
        'in',
        entries.map((e) => e.id),
      )
      .execute();
    // Each entry announced once: by the import (2) or by this push (3).
    expect(changes.map((c) => c.entity_id).sort()).toEqual(entries.map((e) => e.id).sort());
  });

  it('answers reset for an unusable cursor but still applies the push', async () => {
    const phone = await enroll(app, db, tree.commune);
    const entry = newActivity(tree.commune);
    const res = await syncAs(app, phone, [upsert(1, entry)], { cursor: 'nonsense' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ reset: true, cursor: null, ackedThrough: 1 });
    expect(res.body.changes.activities).toEqual([]);
    const ahead = await syncAs(app, phone, [], { cursor: `${res.body.cursor ?? 'x'}.99999999.1` });
    expect(ahead.body.reset).toBe(true);
    // This database's epoch, but a transaction it has not reached: from another copy of it.
    const fresh = await syncAs(app, phone, [], { cursor: null });
    const [epoch, xid] = (fresh.body.cursor ?? '').split('.');
    const beyond = await syncAs(app, phone, [], { cursor: `${epoch}.${BigInt(xid!) + 1_000_000_000_000_000n}.1` });
    expect(beyond.body).toMatchObject({ reset: true, cursor: null });
    const own = await syncAs(app, phone, [], { cursor: fresh.body.cursor });
    expect(own.body.reset).toBeUndefined();
  });

  it('pages through changes with limit and hasMore without losing any', async () => {
    const phone = await enroll(app, db, tree.postOffice);
    const entries = Array.from({ length: 7 }, () =>
      newActivity(tree.postOffice, { kind: 'material', figures: { copies: 5, direction: 'received' } }),
    );
    await syncAs(
      app,
      phone,
      entries.map((e, i) => upsert(i + 1, e)),
    );
    const reader = await enroll(app, db, tree.postOffice);
    const seen = await pullAll(app, reader, 3);
    expect(seen.activities.map((a) => a.id).sort()).toEqual(entries.map((e) => e.id).sort());
  });

  it('records pending and the last sync per device', async () => {
    const supervisor = await enroll(app, db, tree.province, 'supervisor');
    const phone = await enroll(app, db, tree.station);
    await syncAs(app, phone, [], { pending: 12 });
    const res = await app.inject({ url: '/api/v1/devices', headers: supervisor.headers });
    const row = res.json().devices.find((d: { id: string }) => d.id === phone.deviceId);
    expect(row).toMatchObject({ pending: 12, unitId: tree.station, role: 'reporter' });
    expect(row.lastSyncAt).toBeTruthy();
  });
  it('tells the phones of the old unit when an entry moves to another unit', async () => {
    const supervisor = await enroll(app, db, tree.district, 'supervisor');
    const stationPhone = await enroll(app, db, tree.neighbourStation);
    const entry = newActivity(tree.neighbourStation);
    await syncAs(app, stationPhone, [upsert(1, entry)]);
    await pullAll(app, stationPhone);
    const moved = await syncAs(app, supervisor, [upsert(1, { ...entry, unitId: tree.neighbour }, 1)]);
    expect(moved.body.results[0]).toMatchObject({ status: 'applied', version: 2 });
    const seen = await pullAll(app, stationPhone);
    expect(seen.activities.find((a) => a.id === entry.id)).toMatchObject({ unitId: tree.neighbour, version: 2 });
  });
});
