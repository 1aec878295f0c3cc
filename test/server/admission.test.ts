import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdmissionGate } from '../../src/server/http/admission';
import { buildTestApp, enroll, newActivity, openTestDatabase, seedTree, syncAs, upsert } from './helpers';

describe('AdmissionGate', () => {
  it('runs at most maxInFlight at once, queues up to maxQueued, turns the rest away, and hands slots on in order', async () => {
    const gate = new AdmissionGate(1, 1);
    const order: string[] = [];
    let release!: () => void;
    const first = gate.run(
      () =>
        new Promise<string>((resolve) => {
          release = () => resolve('a');
        }),
    );
    const second = gate.run(async () => {
      order.push('b ran');
      return 'b';
    });
    expect(await gate.run(async () => 'c')).toBeNull();
    expect(gate.retryAfterSeconds()).toBeGreaterThanOrEqual(1);
    expect(order).toEqual([]);
    release();
    expect(await first).toEqual({ value: 'a' });
    expect(await second).toEqual({ value: 'b' });
    expect(await gate.run(async () => 'd')).toEqual({ value: 'd' });
  });

  it('spreads turned-away phones over the time the server needs to serve them, at least 1 s', () => {
    let now = 1_000_000;
    const late = new AdmissionGate(
      8,
      16,
      () => 0.999,
      () => now,
    );
    const early = new AdmissionGate(
      8,
      16,
      () => 0,
      () => now,
    );
    expect(early.retryAfterSeconds()).toBe(1);
    const waits: number[] = [];
    for (let i = 0; i < 3000; i++) waits.push(late.retryAfterSeconds());
    // 3,000 phones at 8 requests per 200 ms take 75 s to serve; phones add up to as much again of
    // their own jitter, so the last one is told about half of that.
    expect(waits[0]).toBe(1);
    expect(waits.at(-1)).toBeGreaterThanOrEqual(35);
    expect(waits.at(-1)).toBeLessThanOrEqual(38);
    now += 1000;
    expect(late.retryAfterSeconds()).toBeGreaterThanOrEqual(35);
    now += 5000;
    expect(late.retryAfterSeconds()).toBe(1);
  });

  it('frees the slot when the work fails', async () => {
    const gate = new AdmissionGate(1, 0);
    await expect(gate.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await gate.run(async () => 1)).toEqual({ value: 1 });
  });
});

describe('POST /api/v1/sync when the server is full', () => {
  let close: () => Promise<void>;
  let app: Awaited<ReturnType<typeof buildTestApp>>['app'];
  let db: Awaited<ReturnType<typeof openTestDatabase>>['db'];
  beforeAll(async () => {
    const opened = await openTestDatabase('pglite');
    db = opened.db;
    close = opened.close;
    ({ app } = await buildTestApp(db, undefined, { syncConcurrency: 0, syncQueue: 0 }));
  });
  afterAll(async () => {
    await app?.close();
    await close?.();
  });

  it('answers 429 with Retry-After and a plain message, and applies nothing', async () => {
    const tree = await seedTree(db);
    const phone = await enroll(app, db, tree.commune);
    const res = await syncAs(app, phone, [upsert(1, newActivity(tree.commune))]);
    expect(res.status).toBe(429);
    expect(Number(res.res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect((res.body as unknown as { error: string }).error).toMatch(/bận/);
    const stored = await db.selectFrom('activities').select('id').where('unit_id', '=', tree.commune).execute();
    expect(stored).toEqual([]);
  });
});
