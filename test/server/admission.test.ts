import { Agent, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdmissionGate } from '../../src/server/http/admission';
import type { Limits } from '../../src/server/app';
import { enroll, newActivity, openTestServer, syncAs, upsert } from './helpers';

describe('AdmissionGate', () => {
  it('runs at most maxInFlight at once, queues up to maxQueued, turns the rest away, and hands slots on in order', async () => {
    const gate = new AdmissionGate(1, 2);
    const order: string[] = [];
    const first = gate.enter()!;
    await first.ready;
    const second = gate.enter()!;
    const third = gate.enter()!;
    void second.ready.then(() => order.push('b ran'));
    void third.ready.then(() => order.push('c ran'));
    expect(gate.enter()).toBeNull();
    expect(gate.retryAfterSeconds()).toBeGreaterThanOrEqual(1);
    await Promise.resolve();
    expect(order).toEqual([]);
    first.leave();
    await second.ready;
    expect(order).toEqual(['b ran']);
    second.leave();
    await third.ready;
    expect(order).toEqual(['b ran', 'c ran']);
    third.leave();
    const fourth = gate.enter();
    expect(fourth).not.toBeNull();
    await fourth!.ready;
  });

  it('books turned-away phones a second each, no more per second than the server serves, at least 1 s', () => {
    let now = 1_000_000;
    const gate = new AdmissionGate(8, 16, () => now);
    const waits: number[] = [];
    for (let i = 0; i < 3000; i++) waits.push(gate.retryAfterSeconds());
    // Before any request has finished, 8 requests per 50 ms (the gate's guess) is 160 a second, all
    // booked for phones coming back.
    const perSecond = new Map<number, number>();
    for (const w of waits) perSecond.set(w, (perSecond.get(w) ?? 0) + 1);
    expect(Math.min(...waits)).toBe(1);
    expect(Math.max(...perSecond.values())).toBe(160);
    expect(Math.max(...waits)).toBe(Math.ceil(3000 / 160));
    // Waits only grow: a phone told later never jumps ahead of one told earlier.
    expect(waits).toEqual([...waits].sort((a, b) => a - b));
    // A second later the bookings still stand: the next phone takes the room left in the last second.
    now += 1000;
    expect(gate.retryAfterSeconds()).toBe(Math.ceil(3000 / 160) - 1);
    // Once they have all come back, a phone turned away waits 1 s again.
    now += 90_000;
    expect(gate.retryAfterSeconds()).toBe(1);
  });

  it('gives a place back once however often it is left, and a place left before its turn only leaves the queue', async () => {
    const gate = new AdmissionGate(1, 1);
    const running = gate.enter()!;
    const waiting = gate.enter()!;
    expect(gate.enter()).toBeNull();
    // A phone that hung up while queued: the queue has room again, the slot is still taken.
    waiting.leave();
    waiting.leave();
    const next = gate.enter()!;
    expect(gate.enter()).toBeNull();
    // The slot left twice passes to the one waiting, and only once.
    running.leave();
    running.leave();
    await next.ready;
    expect(gate.enter()).not.toBeNull();
    expect(gate.enter()).toBeNull();
  });
});

/** A server over PGlite with these gate limits, open for the tests of the block it is called in. */
function serverWith(limits: Partial<Limits>) {
  const server = {} as Awaited<ReturnType<typeof openTestServer>>;
  beforeAll(async () => {
    Object.assign(server, await openTestServer('pglite', limits));
  });
  afterAll(async () => {
    await server.close?.();
  });
  return server;
}

describe('POST /api/v1/sync when the server is full', () => {
  const server = serverWith({ syncConcurrency: 0, syncQueue: 0 });

  it('answers 429 with Retry-After and a plain message, and applies nothing', async () => {
    const { app, db, tree } = server;
    const phone = await enroll(app, db, tree.commune);
    const res = await syncAs(app, phone, [upsert(1, newActivity(tree.commune))]);
    expect(res.status).toBe(429);
    expect(Number(res.res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect((res.body as unknown as { error: string }).error).toMatch(/bận/);
    const stored = await db.selectFrom('activities').select('id').where('unit_id', '=', tree.commune).execute();
    expect(stored).toEqual([]);
  });

  it('over a real connection, a phone sending a large batch reads the 429 instead of a reset connection', async () => {
    const { app, db, tree } = server;
    const phone = await enroll(app, db, tree.commune);
    const origin = await app.listen({ port: 0, host: '127.0.0.1' });
    // About 1.5 MB: more than the kernel buffers hold, so unread bytes would reset the connection.
    const mutations = Array.from({ length: 500 }, (_, i) =>
      upsert(i + 1, newActivity(tree.commune, { note: 'Ghi chú '.repeat(400) })),
    );
    const body = Buffer.from(JSON.stringify({ deviceId: phone.deviceId, protocolVersion: 1, mutations, cursor: null }));
    const agent = new Agent({ keepAlive: false });
    const once = () =>
      new Promise<{ status: number; retryAfter: string | undefined }>((resolve, reject) => {
        const req = request(
          `${origin}/api/v1/sync`,
          {
            method: 'POST',
            agent,
            headers: {
              'content-type': 'application/json',
              'content-length': String(body.length),
              authorization: `Bearer ${phone.token}`,
            },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] }));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    const answers = await Promise.allSettled(Array.from({ length: 20 }, once));
    const failures = answers.filter((a) => a.status === 'rejected').map((a) => String(a.reason));
    expect(failures).toEqual([]);
    for (const a of answers) {
      if (a.status !== 'fulfilled') continue;
      expect(a.value.status).toBe(429);
      expect(Number(a.value.retryAfter)).toBeGreaterThanOrEqual(1);
    }
    agent.destroy();
  });
});

describe('POST /api/v1/sync with one place at the gate', () => {
  const server = serverWith({ syncConcurrency: 1, syncQueue: 0 });

  it('gives the place back after a refused body and after a phone that hung up mid-body', async () => {
    const { app, db, tree } = server;
    const phone = await enroll(app, db, tree.commune);
    const origin = await app.listen({ port: 0, host: '127.0.0.1' });
    const bad = await fetch(`${origin}/api/v1/sync`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${phone.token}` },
      body: '{"deviceId":',
    });
    expect(bad.status).toBe(400);
    // A phone that announces a large body, sends a little and loses its connection.
    await new Promise<void>((resolve) => {
      const req = request(`${origin}/api/v1/sync`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': '100000',
          authorization: `Bearer ${phone.token}`,
        },
      });
      req.on('error', () => resolve());
      req.write('{"deviceId":"');
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 200);
    });
    await new Promise((r) => setTimeout(r, 200));
    const good = await syncAs(app, phone, [upsert(1, newActivity(tree.commune))]);
    expect(good.status).toBe(200);
    expect(good.body.results[0]).toMatchObject({ status: 'applied' });
  });
});
