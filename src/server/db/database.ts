import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { ensureRollupSchema } from '../rollups/rollup-layout';
import { rebuildKindRollups } from '../rollups/rollups.repository';
import { migrationProvider } from './migrations/index';
import { type PgliteClient, PgliteThread } from './pglite-thread';
import type { Database } from './schema';

/** Where the database lives: a PGlite folder (default `./data`) or a PostgreSQL URL. */
export interface DatabaseOptions {
  dataDir?: string;
  databaseUrl?: string;
  /** PostgreSQL only: a schema to create and use, so that test files do not see each other. */
  schema?: string;
  /** PGlite only: start from a `dumpDataDir()` snapshot instead of an empty cluster. */
  loadDataDir?: Blob | File;
  /**
   * PGlite only: run it on a worker thread of its own (pglite-thread.ts), as the server does, so
   * that requests are read and answered while it writes. Tests that snapshot it keep it here.
   */
  thread?: boolean;
  /**
   * PGlite only: a PGlite already open, which the caller owns (closing leaves it open). A test
   * restarts the server over the same database with it: a new handle, the startup run again.
   */
  pglite?: PGlite;
}

/** An open database: the Kysely handle and how to close it. */
export interface OpenDatabase {
  db: Kysely<Database>;
  close(): Promise<void>;
  /** The PGlite instance when embedded on this thread (for snapshots in tests), else null. */
  pglite: PGlite | null;
}

/** Raised when the PGlite folder is held by another live process. */
export class DataDirInUseError extends Error {}

const LOCK_FILE = 'cchc-server.lock';

/** Opens the database and brings its schema up to date. */
export async function openDatabase(opts: DatabaseOptions = {}): Promise<OpenDatabase> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts.schema);
  if (opts.pglite) return overPglite(opts.pglite);
  return openPglite(opts.dataDir ?? './data', opts.loadDataDir, opts.thread ?? false);
}

/** The mark that opts a statement's text into a prepared statement. */
export const PREPARE_MARK = '/* prepare */';
// Names of marked texts, shared by every connection of the process; past this many texts (each
// kept by every connection) the rest run unnamed.
const MAX_PREPARED_TEXTS = 64;
const preparedNames = new Map<string, string>();

/**
 * Runs statements whose text starts with PREPARE_MARK as named prepared statements of the
 * connection: PostgreSQL parses and plans each text once per connection instead of on every run.
 * The sync's write is one of a few texts run once per push; planning it was ~0.9 ms of its ~4 ms.
 * Only marked texts: a generic plan would not use the path index for a LIKE with a parameter.
 */
function prepareMarkedStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const [text, values] = args;
    if (args.length === 2 && typeof text === 'string' && Array.isArray(values) && text.startsWith(PREPARE_MARK)) {
      let name = preparedNames.get(text);
      if (name === undefined && preparedNames.size < MAX_PREPARED_TEXTS) {
        name = `cchc_${preparedNames.size}`;
        preparedNames.set(text, name);
      }
      if (name !== undefined) return query({ name, text, values });
    }
    return query(...args);
  };
}

async function openPostgres(url: string, schema: string | undefined): Promise<OpenDatabase> {
  // Counts and sequence numbers fit in a double; parse int8 as numbers like PGlite does.
  pg.types.setTypeParser(20, (v) => Number(v));
  if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`Invalid schema name ${schema}`);
  if (schema) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`create schema if not exists ${schema}`);
    } finally {
      await admin.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  pool.on('connect', prepareMarkedStatements);
  // An idle connection that PostgreSQL closes (a restart, a terminated backend, a network cut)
  // is reported here; the pool drops it and opens a new one on the next query. Without a listener
  // the 'error' event would end the whole process.
  pool.on('error', (error) => {
    console.error(`PostgreSQL closed an idle connection; the next query opens a new one (${error.message})`);
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await migrate(db, schema);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return { db, pglite: null, close: () => db.destroy() };
}

async function openPglite(dataDir: string, loadDataDir: Blob | undefined, thread: boolean): Promise<OpenDatabase> {
  const inMemory = dataDir.startsWith('memory://');
  let lockPath: string | null = null;
  if (!inMemory) {
    mkdirSync(dataDir, { recursive: true });
    lockPath = path.join(dataDir, LOCK_FILE);
    takeLock(lockPath, dataDir);
  }
  try {
    const where = inMemory ? dataDir : path.resolve(dataDir);
    const pglite = thread ? null : await PGlite.create(where, loadDataDir ? { loadDataDir } : {});
    // The dialect asks only query() and close() of its client, which the thread's proxy answers.
    const client =
      pglite ?? ((await PgliteThread.start(where, loadDataDir)) satisfies PgliteClient as unknown as PGlite);
    const db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
    try {
      await migrate(db);
    } catch (error) {
      await db.destroy().catch(() => undefined);
      throw error;
    }
    let closed = false;
    return {
      db,
      pglite,
      async close() {
        if (closed) return;
        closed = true;
        await db.destroy();
        if (lockPath) rmSync(lockPath, { force: true });
      },
    };
  } catch (error) {
    if (lockPath) rmSync(lockPath, { force: true });
    throw error;
  }
}

async function overPglite(pglite: PGlite): Promise<OpenDatabase> {
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  await migrate(db);
  // Destroying the handle would close the caller's PGlite: closing only drops the handle.
  return { db, pglite, close: async () => undefined };
}

// PGlite is one process's file store: a second process writing the same folder corrupts it.
function takeLock(lockPath: string, dataDir: string): void {
  if (existsSync(lockPath)) {
    const pid = Number(readFileSync(lockPath, 'utf8').trim());
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
      throw new DataDirInUseError(
        `Thư mục dữ liệu ${path.resolve(dataDir)} đang được tiến trình ${pid} sử dụng (máy chủ đang chạy?). ` +
          'Hãy dừng máy chủ rồi chạy lại lệnh, hoặc dùng DATABASE_URL để trỏ tới PostgreSQL.',
      );
    }
  }
  writeFileSync(lockPath, String(process.pid));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// Then the roll-ups' columns follow the kinds' definition (see ensureRollupSchema).
// With a schema, name it for the migrator's own tables too: it otherwise looks for them in every
// schema of the database and skips creating its lock table when another schema already has one.
async function migrate(db: Kysely<Database>, schema?: string): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    // Numbers are reserved when work starts and land in any order: a database that already ran
    // 0017 still takes 0013–0016 when they arrive. Each migration touches only its own tables.
    allowUnorderedMigrations: true,
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
  await ensureRollupSchema(db as unknown as Kysely<unknown>, (trx, kinds) =>
    rebuildKindRollups(trx as unknown as Kysely<Database>, kinds),
  );
}
