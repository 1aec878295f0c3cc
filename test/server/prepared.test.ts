import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PREPARE_MARK } from '../../src/server/db/database';
import { openTestDatabase } from './helpers';

// Prepared statements belong to one connection of a PostgreSQL server; PGlite runs the marked
// text as any other (the mark is a comment), which every sync test covers.
const reason = 'needs DATABASE_URL (PostgreSQL): prepared statements of a pooled connection';

describe('statements marked for preparing (PostgreSQL)', () => {
  let opened: Awaited<ReturnType<typeof openTestDatabase>>;

  beforeAll(async () => {
    if (!process.env.DATABASE_URL) return;
    opened = await openTestDatabase('postgres');
  });
  afterAll(async () => {
    await opened?.close();
  });

  it.skipIf(!process.env.DATABASE_URL)(
    `prepares a marked text once per connection, answers each run with its own values, and leaves the rest unprepared (${reason})`,
    async () => {
      await opened.db.connection().execute(async (conn) => {
        const marked = (n: number) => sql<{ n: number }>`/* prepare */ select ${n}::int * 2 as n`.execute(conn);
        expect((await marked(1)).rows).toEqual([{ n: 2 }]);
        expect((await marked(21)).rows).toEqual([{ n: 42 }]);
        expect((await sql<{ n: number }>`select ${5}::int as n`.execute(conn)).rows).toEqual([{ n: 5 }]);
        const prepared = await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(conn);
        expect(prepared.rows.map((r) => r.statement)).toEqual([`${PREPARE_MARK} select $1::int * 2 as n`]);
      });
    },
  );
});

describe('a pooled connection PostgreSQL closes while idle (PostgreSQL)', () => {
  it.skipIf(!process.env.DATABASE_URL)(
    'is dropped without ending the process, and the next query opens a new one',
    async () => {
      const opened = await openTestDatabase('postgres');
      const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await admin.connect();
      try {
        const before = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(opened.db);
        const pid = before.rows[0]!.pid;
        // What a PostgreSQL restart or an administrator does to an idle connection.
        await admin.query('select pg_terminate_backend($1)', [pid]);
        await new Promise((r) => setTimeout(r, 300));
        const after = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(opened.db);
        expect(after.rows[0]!.pid).not.toBe(pid);
      } finally {
        await admin.end();
        await opened.close();
      }
    },
  );
});
