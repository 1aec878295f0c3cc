import { gzipSync, gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnrollmentCode } from '../../src/server/devices/enrollment';
import {
  backends,
  enroll,
  newActivity,
  type openTestDatabase,
  openTestServer,
  syncAs,
  type TestClock,
  type Tree,
  upsert,
} from './helpers';

describe.each(backends())('enrollment, limits and headers on %s', (backend) => {
  let app: FastifyInstance;
  let clock: TestClock;
  let close: () => Promise<void>;
  let db: Awaited<ReturnType<typeof openTestDatabase>>['db'];
  let tree: Tree;

  beforeAll(async () => {
    ({ db, app, clock, tree, close } = await openTestServer(backend, {
      syncPerWindow: 5,
      codeTriesPerWindow: 4,
      windowMs: 60_000,
    }));
  });
  afterAll(async () => {
    await close?.();
  });

  const enrollWith = (code: string, ip = '10.0.0.1') =>
    app.inject({
      method: 'POST',
      url: '/api/v1/enroll',
      payload: { code, deviceName: 'Điện thoại xã' },
      remoteAddress: ip,
    });

  it('enrolls once per code, with a short typeable code, and stores only hashes', async () => {
    const { code } = await createEnrollmentCode(db, { unitId: tree.commune, role: 'reporter', now: clock.now() });
    expect(code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{10}$/);
    const typed = `${code.slice(0, 5).toLowerCase()} ${code.slice(5)}`;
    const first = await enrollWith(typed);
    expect(first.statusCode).toBe(200);
    const body = first.json();
    expect(body).toMatchObject({ role: 'reporter', unit: { id: tree.commune, kind: 'commune' } });
    expect(Buffer.from(body.token, 'base64url')).toHaveLength(32);
    const second = await enrollWith(code, '10.0.0.2');
    expect(second.statusCode).toBe(400);
    expect(second.json().error).toMatch(/mã mới/);
    const codes = JSON.stringify(await db.selectFrom('enrollment_codes').selectAll().execute());
    const devices = JSON.stringify(await db.selectFrom('devices').selectAll().execute());
    expect(codes).not.toContain(code);
    expect(devices).not.toContain(body.token);
  });

  it('refuses an expired code', async () => {
    const { code } = await createEnrollmentCode(db, {
      unitId: tree.commune,
      role: 'reporter',
      now: clock.now(),
      ttlHours: 1,
    });
    const saved = clock.current;
    clock.set(new Date(saved.getTime() + 2 * 3_600_000).toISOString());
    const res = await enrollWith(code, '10.0.0.3');
    clock.current = saved;
    expect(res.statusCode).toBe(400);
  });

  it('limits code guessing per address with 429 and Retry-After', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await enrollWith(`WRONG${i}CODE`, '10.9.9.9')).statusCode);
    expect(statuses.slice(0, 4)).toEqual([400, 400, 400, 400]);
    const blocked = await enrollWith('ANYCODE123', '10.9.9.9');
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    // Another address is not affected.
    expect((await enrollWith('WRONGCODE9', '10.9.9.8')).statusCode).toBe(400);
    // A forged X-Forwarded-For does not buy a fresh allowance.
    const forged = await app.inject({
      method: 'POST',
      url: '/api/v1/enroll',
      payload: { code: 'ANYCODE123', deviceName: 'x' },
      remoteAddress: '10.9.9.9',
      headers: { 'x-forwarded-for': '203.0.113.7' },
    });
    expect(forged.statusCode).toBe(429);
  });

  it('answers 401 without a token, with a bad one, and for a revoked device', async () => {
    expect((await app.inject({ url: '/api/v1/bootstrap' })).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/v1/bootstrap', headers: { authorization: 'Bearer nope' } })).statusCode).toBe(
      401,
    );
    const phone = await enroll(app, db, tree.commune);
    const supervisor = await enroll(app, db, tree.district, 'supervisor');
    expect((await app.inject({ url: '/api/v1/bootstrap', headers: phone.headers })).statusCode).toBe(200);
    const revoked = await app.inject({
      method: 'POST',
      url: `/api/v1/devices/${phone.deviceId}/revoke`,
      headers: supervisor.headers,
    });
    expect(revoked.statusCode).toBe(200);
    const after = await syncAs(app, phone, [upsert(1, newActivity(tree.commune))]);
    expect(after.status).toBe(401);
    expect((after.body as unknown as { error: string }).error).toMatch(/thu hồi|đăng ký lại/);
  });

  it('answers 400 with issues for a bad envelope, 426 for another protocol, 413 for too many mutations', async () => {
    const phone = await enroll(app, db, tree.commune);
    const bad = await app.inject({
      method: 'POST',
      url: '/api/v1/sync',
      headers: phone.headers,
      payload: { deviceId: phone.deviceId, protocolVersion: 1, mutations: 'nope', cursor: null },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0]).toMatchObject({ path: 'mutations' });
    const old = await app.inject({
      method: 'POST',
      url: '/api/v1/sync',
      headers: phone.headers,
      payload: { deviceId: phone.deviceId, protocolVersion: 2, mutations: [], cursor: null },
    });
    expect(old.statusCode).toBe(426);
    expect(old.json().error).toMatch(/cập nhật ứng dụng/);
    const many = Array.from({ length: 501 }, (_, i) => upsert(i + 1, newActivity(tree.commune)));
    const big = await syncAs(app, phone, many);
    expect(big.status).toBe(413);
  });

  it('answers 429 with Retry-After when one device syncs too fast', async () => {
    const phone = await enroll(app, db, tree.neighbour);
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i < 7; i++) {
      const res = await syncAs(app, phone, []);
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.res.headers['retry-after'] as string;
    }
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    // The window passes: the device may sync again.
    clock.set(new Date(clock.current.getTime() + 61_000).toISOString());
    expect((await syncAs(app, phone, [])).status).toBe(200);
  });

  it('takes gzip bodies, refuses more than 2 MiB after decompression, and compresses answers', async () => {
    const phone = await enroll(app, db, tree.station);
    const entries = Array.from({ length: 50 }, () => newActivity(tree.station));
    const payload = {
      deviceId: phone.deviceId,
      protocolVersion: 1,
      mutations: entries.map((e, i) => upsert(i + 1, e)),
      cursor: null,
    };
    const zipped = await app.inject({
      method: 'POST',
      url: '/api/v1/sync',
      headers: {
        ...phone.headers,
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        'accept-encoding': 'gzip',
      },
      payload: gzipSync(JSON.stringify(payload)),
    });
    expect(zipped.statusCode).toBe(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    const answer = JSON.parse(gunzipSync(zipped.rawPayload).toString('utf8'));
    expect(answer.ackedThrough).toBe(50);
    // A small gzip that inflates past the limit (a "zip bomb") is refused, not inflated.
    const bomb = gzipSync(JSON.stringify({ ...payload, mutations: [], padding: 'x'.repeat(3 * 1024 * 1024) }));
    expect(bomb.length).toBeLessThan(100_000);
    const refused = await app.inject({
      method: 'POST',
      url: '/api/v1/sync',
      headers: { ...phone.headers, 'content-type': 'application/json', 'content-encoding': 'gzip' },
      payload: bomb,
    });
    expect(refused.statusCode).toBe(413);
    expect(refused.json().error).toMatch(/2 MiB/);
    const plainBig = await app.inject({
      method: 'POST',
      url: '/api/v1/sync',
      headers: { ...phone.headers, 'content-type': 'application/json' },
      payload: JSON.stringify({ ...payload, padding: 'x'.repeat(2 * 1024 * 1024 + 10) }),
    });
    expect(plainBig.statusCode).toBe(413);
    const corrupt = await app.inject({
      method: 'POST',
      url: '/api/v1/sync',
      headers: { ...phone.headers, 'content-type': 'application/json', 'content-encoding': 'gzip' },
      payload: Buffer.from('not gzip at all'),
    });
    expect(corrupt.statusCode).toBe(400);
  });

  it('never answers 500 to junk, and always sends the security headers', async () => {
    const phone = await enroll(app, db, tree.commune);
    // A junk mutation inside a good envelope is acknowledged as rejected, not a 4xx.
    const odd = await syncAs(app, phone, [
      { seq: 1, op: 'upsert', baseVersion: 0, activity: { id: 'x'.repeat(5000), unitId: { a: 1 } } },
      { seq: 2, op: 'teleport' },
      upsert(3, newActivity(tree.commune, { title: 'nul \u0000 trong tên' })),
      upsert(4, { ...newActivity(tree.commune), id: '\u0000' }),
      upsert(5, newActivity(tree.commune)),
    ]);
    expect(odd.status).toBe(200);
    expect(odd.body.results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected', 'applied']);
    const junk: { method: 'GET' | 'POST' | 'PUT'; url: string; payload?: string; type?: string }[] = [
      { method: 'POST', url: '/api/v1/sync', payload: '{"deviceId":', type: 'application/json' },
      { method: 'POST', url: '/api/v1/sync', payload: 'hello', type: 'text/plain' },
      { method: 'POST', url: '/api/v1/sync', payload: '[]', type: 'application/json' },
      { method: 'POST', url: '/api/v1/sync', payload: 'null', type: 'application/json' },
      {
        method: 'POST',
        url: '/api/v1/sync',
        payload: JSON.stringify({
          deviceId: phone.deviceId,
          protocolVersion: 1,
          mutations: [null, 5, { seq: 1e308 }],
          cursor: 7,
        }),
        type: 'application/json',
      },
      { method: 'GET', url: '/api/v1/report?period=2021-Q9' },
      { method: 'GET', url: '/api/v1/report?period=2021&unitId=%00' },
      { method: 'GET', url: '/api/v1/activities?limit=-1' },
      { method: 'POST', url: '/api/v1/enroll', payload: '{"code":123}', type: 'application/json' },
      { method: 'PUT', url: '/api/v1/plans/%E2%80%8B', payload: '{}', type: 'application/json' },
      { method: 'GET', url: '/api/v1/nothing-here' },
    ];
    for (const j of junk) {
      const res = await app.inject({
        method: j.method,
        url: j.url,
        headers: { ...phone.headers, ...(j.type ? { 'content-type': j.type } : {}) },
        ...(j.payload !== undefined ? { payload: j.payload } : {}),
      });
      expect(res.statusCode, `${j.method} ${j.url} ${j.payload ?? ''}`).toBeLessThan(500);
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(typeof res.json().error).toBe('string');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBeDefined();
    }
  });
});
