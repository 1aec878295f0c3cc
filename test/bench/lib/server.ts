import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { type Child, startChild, TSX } from './processes';
import { freePort } from '../../support/free-port';

const run = promisify(execFile);

/** The PostgreSQL server of this machine; benches make and drop their own databases on it. */
export const POSTGRES_ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Creates an empty database named `name` (dropping a leftover one) and returns its URL. */
export async function createBenchDatabase(name: string): Promise<string> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    await client.query(`drop database if exists ${name} with (force)`);
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops a database made by createBenchDatabase. */
export async function dropBenchDatabase(name: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    await client.query(`drop database if exists ${name} with (force)`);
  } finally {
    await client.end();
  }
}

/** Where the server under test keeps its data: a PostgreSQL URL or a PGlite folder. */
export type Storage = { databaseUrl: string } | { dataDir: string };

function storageEnv(storage: Storage): NodeJS.ProcessEnv {
  return 'databaseUrl' in storage
    ? { DATABASE_URL: storage.databaseUrl, DATA_DIR: '' }
    : { DATA_DIR: storage.dataDir, DATABASE_URL: '' };
}

/** The sync server as its own process (`npm start`'s entry), ready to answer on its port. */
export interface ServerProcess {
  origin: string;
  child: Child;
}

/**
 * Starts the server as its own process on a free port (the app factory over the database, as the
 * process entry does) and waits until the API answers.
 */
export async function startServerProcess(storage: Storage, env: NodeJS.ProcessEnv = {}): Promise<ServerProcess> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const { child } = await startChild(TSX, [fileURLToPath(new URL('./serve.ts', import.meta.url))], {
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      ...storageEnv(storage),
      ...env,
    },
    timeoutMs: 180_000,
  });
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      const r = await fetch(`${origin}/api/v1/bootstrap`);
      if (r.status === 401 || r.ok) break;
    } catch {
      // not listening yet
    }
    if (child.process.exitCode !== null || Date.now() > deadline) {
      await child.stop();
      throw new Error(`server did not answer on ${origin}:\n${child.output().slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { origin, child };
}

/** Runs `npm run admin -- …` (the CLI of API.md) and parses the JSON it prints last. */
export async function runAdmin<T>(storage: Storage, args: string[]): Promise<T> {
  const { stdout } = await run(TSX, ['src/server/cli/admin.ts', ...args], {
    env: { ...process.env, ...storageEnv(storage) },
    maxBuffer: 64 * 1024 * 1024,
  });
  const start = Math.max(stdout.lastIndexOf('\n[', stdout.length - 2), stdout.lastIndexOf('\n{', stdout.length - 2));
  return JSON.parse(start >= 0 ? stdout.slice(start + 1) : stdout) as T;
}
