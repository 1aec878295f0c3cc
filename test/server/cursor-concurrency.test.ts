import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../src/server/auth/auth';
import { EntryChangeBatch } from '../../src/server/sync/apply-mutations';
import {
  buildTestApp,
  enroll,
  newActivity,
  openTestDatabase,
  pullAll,
  seedTree,
  syncAs,
  type Tree,
  upsert,
} from './helpers';

// PGlite serves one connection, so two pushes can never interleave there; the bad commit order
// only exists on a real PostgreSQL server.
const reason = 'needs DATABASE_URL (PostgreSQL): PGlite has one connection, so pushes cannot interleave';

describe('pull cursor under out-of-order commits (PostgreSQL)', () => {
  let app: FastifyInstance;
  let opened: Awaited<ReturnType<typeof openTestDatabase>>;
  let tree: Tree;

  beforeAll(async () => {
    if (!process.env.DATABASE_URL) return;
    opened = await openTestDatabase('postgres');
    ({ app } = await buildTestApp(opened.db));
    tree = await seedTree(opened.db);
  });
  afterAll(async () => {
    await app?.close();
    await opened?.close();
  });

  it.skipIf(!process.env.DATABASE_URL)(
    `sees both pushes when the first to write commits last (${reason})`,
    async () => {
      const db = opened.db;
      const reader = await enroll(app, db, tree.district, 'supervisor');
      const writerB = await enroll(app, db, tree.neighbour);
      await pullAll(app, reader);
      const a = newActivity(tree.commune, { title: 'A: ghi trước, xác nhận sau' });
      const b = newActivity(tree.neighbour, { title: 'B: ghi sau, xác nhận trước' });

      // Transaction A writes its entry (taking the lower change-log id) and waits.
      let release!: () => void;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      let written!: () => void;
      const hasWritten = new Promise<void>((resolve) => {
        written = resolve;
      });
      const caller: Caller = {
        deviceId: 'a',
        unitId: tree.district,
        role: 'supervisor',
        scopePath: `/${tree.province}/${tree.district}/`,
      };
      const transactionA = db.transaction().execute(async (trx) => {
        const batch = await EntryChangeBatch.open(trx, caller, new Date().toISOString(), [a.id], [a.unitId]);
        expect(batch.apply({ op: 'upsert', baseVersion: 0, activity: a }).status).toBe('applied');
        await batch.write();
        written();
        await gate;
      });
      await hasWritten;

      // B pushes and commits while A is still open.
      const pushB = await syncAs(app, writerB, [upsert(1, b)]);
      expect(pushB.body.results[0]).toMatchObject({ status: 'applied' });
      const ids = await sql<{ entity_id: string; id: string }>`
        select entity_id, id::text as id from change_log where entity_id in (${a.id}, ${b.id})`.execute(db);
      const idOf = (x: string) => Number(ids.rows.find((r) => r.entity_id === x)?.id);
      // The bad order: B's row is numbered after A's yet committed first (A's row is invisible here).
      expect(Number.isNaN(idOf(a.id))).toBe(true);

      const duringA = await pullAll(app, reader);
      release();
      await transactionA;
      const afterA = await pullAll(app, reader);
      const after = await sql<{ entity_id: string; id: string }>`
        select entity_id, id::text as id from change_log where entity_id in (${a.id}, ${b.id})`.execute(db);
      const finalId = (x: string) => Number(after.rows.find((r) => r.entity_id === x)?.id);
      expect(finalId(a.id)).toBeLessThan(finalId(b.id));

      const seen = [...duringA.activities, ...afterA.activities].map((x) => x.id);
      expect(seen).toContain(a.id);
      expect(seen).toContain(b.id);
      // While A was open nothing at or after its position was handed out, so the cursor stayed behind A.
      expect(duringA.activities.map((x) => x.id)).not.toContain(b.id);
    },
  );
  it.skipIf(!process.env.DATABASE_URL)(
    `counts an entry once when a file import and the phone itself insert it at the same moment (${reason})`,
    async () => {
      const db = opened.db;
      const phone = await enroll(app, db, tree.neighbour);
      const entry = newActivity(tree.neighbour, { date: '2021-03-03', kind: 'meeting', figures: { participants: 12 } });
      let release!: () => void;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      let written!: () => void;
      const hasWritten = new Promise<void>((resolve) => {
        written = resolve;
      });
      const caller: Caller = {
        deviceId: 'importer',
        unitId: tree.district,
        role: 'supervisor',
        scopePath: `/${tree.province}/${tree.district}/`,
      };
      // The import's transaction inserts the entry and has not committed when the phone pushes it.
      const importing = db.transaction().execute(async (trx) => {
        const batch = await EntryChangeBatch.open(trx, caller, new Date().toISOString(), [entry.id], [entry.unitId]);
        expect(batch.apply({ op: 'upsert', baseVersion: 0, activity: entry }).status).toBe('applied');
        await batch.write();
        written();
        await gate;
      });
      await hasWritten;
      const push = syncAs(app, phone, [upsert(1, entry)]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      release();
      await importing;
      const res = await push;
      expect(res.body.results[0]).toMatchObject({ status: 'duplicate', version: 1 });
      const facts = await sql<{ entries: number }>`
        select sum(entries)::int as entries from facts where unit_id = ${tree.neighbour} and date = '2021-03-03'`.execute(
        db,
      );
      expect(facts.rows[0]!.entries).toBe(1);
    },
  );
});
