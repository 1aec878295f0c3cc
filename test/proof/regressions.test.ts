import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrollAs, type TestDevice, type Tree, seedTree, startProofServer } from './support/server-fixture';

// Failures the proof found, kept as fixed cases.
type Server = Awaited<ReturnType<typeof startProofServer>>;
let server: Server;
let tree: Tree;
let phone: TestDevice;
let supervisor: TestDevice;

beforeAll(async () => {
  server = await startProofServer();
  tree = await seedTree(server.db);
  phone = await enrollAs(server.app, server.db, tree.commune);
  supervisor = await enrollAs(server.app, server.db, tree.district, 'supervisor');
});
afterAll(async () => {
  await server?.close();
});

describe('fixed: half an emoji (a lone surrogate) in a stored JSON field', () => {
  // Found by the fuzzer: a topic cut inside an emoji made PostgreSQL refuse the jsonb, the sync
  // answered 500 and the phone's whole queue was stuck behind that one entry.
  it('a sync with a lone surrogate in topics or figures is applied, not a 500', async () => {
    const emoji = '📢 Tuyên truyền';
    const cut = emoji.slice(0, 1);
    const activity = {
      id: randomUUID(),
      unitId: tree.commune,
      kind: 'broadcast',
      date: '2021-07-10',
      title: `Phát thanh ${cut}`,
      topics: [cut, 'CCHC'],
      figures: { sessions: 1, minutes: 5, source: 'own' },
      deviceId: phone.deviceId,
      createdAt: '2021-07-10T08:00:00+07:00',
    };
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/v1/sync',
      headers: phone.headers,
      payload: {
        deviceId: phone.deviceId,
        protocolVersion: 1,
        mutations: [{ seq: 1, op: 'upsert', baseVersion: 0, activity }],
        cursor: null,
      },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { results: { status: string }[]; changes: { activities: { topics: string[] }[] } };
    expect(body.results[0]?.status).toBe('applied');
    expect(body.changes.activities[0]?.topics).toEqual(['\ufffd', 'CCHC']);
  });

  it('a plan whose task title holds a lone surrogate is saved, not a 500', async () => {
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/v1/plans',
      headers: supervisor.headers,
      payload: { title: 'Kế hoạch 2021', year: 2021, tasks: [{ title: `Pa nô ${'🎌'.slice(0, 1)}` }] },
    });
    expect(res.statusCode).toBe(200);
  });
});

describe('fixed: a retried seq answers with the outcome it had', () => {
  async function push(device: TestDevice, mutations: unknown[]) {
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/v1/sync',
      headers: device.headers,
      payload: { deviceId: device.deviceId, protocolVersion: 1, mutations, cursor: null, skipOwn: true },
    });
    expect(res.statusCode).toBe(200);
    return res.json() as {
      ackedThrough: number;
      results: { seq: number; status: string; version?: number; error?: string }[];
    };
  }
  const entry = (unitId: string, deviceId: string, figures: Record<string, unknown>) => ({
    id: randomUUID(),
    unitId,
    kind: 'material',
    date: '2021-07-10',
    title: 'Tờ gấp',
    figures,
    deviceId,
    createdAt: '2021-07-10T08:00:00+07:00',
  });

  it('rejected stays rejected, applied comes back as a duplicate with its version, and outcomes are forgotten once heard', async () => {
    const device = await enrollAs(server.app, server.db, tree.station);
    const bad = {
      seq: 1,
      op: 'upsert',
      baseVersion: 0,
      activity: entry(tree.station, device.deviceId, { direction: 'received' }),
    };
    const good = {
      seq: 2,
      op: 'upsert',
      baseVersion: 0,
      activity: entry(tree.station, device.deviceId, { copies: 5, direction: 'received' }),
    };
    const first = await push(device, [bad, good]);
    expect(first.results.map((r) => r.status)).toEqual(['rejected', 'applied']);
    // The answer was lost: the same batch again, plus a new one.
    const third = { seq: 3, op: 'void', id: good.activity.id, baseVersion: 1, reason: 'Trùng' };
    const retry = await push(device, [bad, good, third]);
    expect(retry.results.map((r) => [r.seq, r.status, r.version ?? null])).toEqual([
      [1, 'rejected', null],
      [2, 'duplicate', 1],
      [3, 'applied', 2],
    ]);
    expect(retry.results[0]?.error).toBe(first.results[0]?.error);
    // The phone dropped 1–3; its next batch starts at 4, so the server forgets 1–3.
    await push(device, [
      {
        seq: 4,
        op: 'upsert',
        baseVersion: 0,
        activity: entry(tree.station, device.deviceId, { copies: 1, direction: 'received' }),
      },
    ]);
    const kept = await server.db
      .selectFrom('sync_result_batches')
      .select(['first_seq', 'last_seq'])
      .where('device_id', '=', device.deviceId)
      .execute();
    expect(kept.map((r) => [Number(r.first_seq), Number(r.last_seq)])).toEqual([[4, 4]]);
  });
});
