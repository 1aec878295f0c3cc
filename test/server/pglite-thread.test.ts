import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/server/db/database';
import { buildTestApp, enroll, newActivity, pullAll, seedTree, syncAs, upsert } from './helpers';

// PGlite on a thread of its own, as `npm start` opens it (issue 18): the server's thread goes on
// while the database works, and the database means what it meant on one thread: rows, errors
// with their PostgreSQL codes, transactions, restarts over the same folder.
describe('PGlite on its own thread', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cchc-pglite-thread-'));
  let opened: Awaited<ReturnType<typeof openDatabase>>;

  beforeAll(async () => {
    opened = await openDatabase({ dataDir, thread: true });
  });
  afterAll(async () => {
    await opened?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('leaves the server thread free while a query runs', async () => {
    const ticks: number[] = [];
    const started = performance.now();
    const timer = setInterval(() => ticks.push(performance.now() - started), 20);
    await sql`select pg_sleep(0.6)`.execute(opened.db);
    clearInterval(timer);
    // On the server's thread PGlite's WebAssembly would hold it for the whole 600 ms: no tick.
    expect(ticks.length).toBeGreaterThanOrEqual(10);
    expect(ticks[0]).toBeLessThan(200);
  });

  it('syncs entries through the API, and a second phone pulls them', async () => {
    const tree = await seedTree(opened.db);
    const { app } = await buildTestApp(opened.db);
    try {
      const phone = await enroll(app, opened.db, tree.commune);
      const other = await enroll(app, opened.db, tree.commune);
      const entries = Array.from({ length: 50 }, (_, i) => newActivity(tree.commune, { title: `Bản tin ${i + 1}` }));
      const pushed = await syncAs(
        app,
        phone,
        entries.map((a, i) => upsert(i + 1, a)),
      );
      expect(pushed.status).toBe(200);
      expect(pushed.body.results.map((r) => r.status)).toEqual(entries.map(() => 'applied'));
      // The same batch again (a lost answer): each counted once.
      const again = await syncAs(
        app,
        phone,
        entries.map((a, i) => upsert(i + 1, a)),
      );
      expect(again.body.results.every((r) => r.status === 'duplicate')).toBe(true);
      const pulled = await pullAll(app, other);
      expect(pulled.activities.filter((a) => a.unitId === tree.commune)).toHaveLength(50);
    } finally {
      await app.close();
    }
  });

  it('raises PostgreSQL errors with their code, and rolls a failed transaction back', async () => {
    const tree = await seedTree(opened.db);
    await sql`create table if not exists thread_probe (id int primary key)`.execute(opened.db);
    await sql`insert into thread_probe values (1)`.execute(opened.db);
    await expect(sql`insert into thread_probe values (1)`.execute(opened.db)).rejects.toMatchObject({
      code: '23505',
      constraint: 'thread_probe_pkey',
    });

    await expect(
      opened.db.transaction().execute(async (trx) => {
        await trx.deleteFrom('units').where('id', '=', tree.farCommune).execute();
        throw new Error('stop');
      }),
    ).rejects.toThrow('stop');
    const kept = await opened.db.selectFrom('units').select('id').where('id', '=', tree.farCommune).execute();
    expect(kept).toHaveLength(1);
  });

  it('opens the same folder again after closing, with what was written', async () => {
    const before = await opened.db
      .selectFrom('units')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    await opened.close();
    opened = await openDatabase({ dataDir, thread: true });
    const after = await opened.db
      .selectFrom('units')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    expect(after.n).toBeGreaterThan(0);
  });
});
