import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  backends,
  enroll,
  newActivity,
  type openTestDatabase,
  openTestServer,
  pullAll,
  type Tree,
  upsert,
} from './helpers';

// A phone on a slow link must not download what it just uploaded; everyone else still gets it.
describe.each(backends())('POST /api/v1/sync with skipOwn on %s', (backend) => {
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

  it("leaves the phone's own pushes out of its pull, moves its cursor past them, and still sends others' changes", async () => {
    const phone = await enroll(app, db, tree.commune);
    const neighbour = await enroll(app, db, tree.commune);
    const mine = [newActivity(tree.commune), newActivity(tree.commune)];
    const pushed = await app.inject({
      method: 'POST',
      url: '/api/v1/sync',
      headers: phone.headers,
      payload: {
        deviceId: phone.deviceId,
        protocolVersion: 1,
        mutations: mine.map((a, i) => upsert(i + 1, a)),
        cursor: null,
        skipOwn: true,
      },
    });
    expect(pushed.statusCode).toBe(200);
    const first = pushed.json();
    expect(first.ackedThrough).toBe(2);
    expect(first.changes.activities.map((a: { id: string }) => a.id)).not.toContain(mine[0]!.id);
    expect(first.changes.activities.map((a: { id: string }) => a.id)).not.toContain(mine[1]!.id);

    const theirs = newActivity(tree.commune);
    await app.inject({
      method: 'POST',
      url: '/api/v1/sync',
      headers: neighbour.headers,
      payload: { deviceId: neighbour.deviceId, protocolVersion: 1, mutations: [upsert(1, theirs)], cursor: null },
    });
    const next = await app.inject({
      method: 'POST',
      url: '/api/v1/sync',
      headers: phone.headers,
      payload: { deviceId: phone.deviceId, protocolVersion: 1, mutations: [], cursor: first.cursor, skipOwn: true },
    });
    expect(next.json().changes.activities.map((a: { id: string }) => a.id)).toEqual([theirs.id]);

    // Without the flag the contract's default holds: a reader gets every change of its scope.
    const seen = await pullAll(app, neighbour);
    expect(seen.activities.map((a) => a.id).sort()).toEqual([...mine.map((a) => a.id), theirs.id].sort());
  });
});
