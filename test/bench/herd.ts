// Thundering herd: one phone per commune of Vietnam (3,321 since 1/7/2025) reconnects at once,
// each pushing 100 entries, against the server as its own process on PostgreSQL and on PGlite.
// Judged against the database's own limit in the same run: before each herd, the same rows go into
// fresh tables of the same database kind as multi-row INSERTs of 500 (lib/insert-rate.ts), and the
// herd must be done within factor × (phones × entries ÷ that rate): 2 on PostgreSQL, 3 on PGlite.
// Run: npx tsx test/bench/herd.ts [--phones 3321] [--entries 100] [--only postgres|pglite] [--workers 1]
// (--workers n: the server on PostgreSQL serves from n processes, WORKERS=n of `npm start`).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import pg from 'pg';
import { Agent, request } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { ActivityInput, Mutation } from '../../src/shared/index';
import { retryAfterDelay } from '../../src/app/sync/sync-client';
import { openDatabase } from '../../src/server/db/database';
import { createEnrollmentCode } from '../../src/server/devices/enrollment';
import { parseUnitCsv } from '../../src/server/units/unit-csv';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/server/db/schema';
import { findAllUnits, insertUnits } from '../../src/server/units/units.repository';
import { argOf, type Figure, percentile, printFigures, writeResult } from './lib/figures';
import { type InsertRate, insertRowsOf, measureInsertRate } from './lib/insert-rate';
import { makeDrafts, seededRandom } from './lib/records';
import {
  createBenchDatabase,
  dropBenchDatabase,
  POSTGRES_ADMIN_URL,
  type Storage,
  startServerProcess,
} from './lib/server';
import { VN_UNITS_CSV } from '../support/sources';

const UNITS_CSV = VN_UNITS_CSV;
const SEED = 3321;
/** Server processes on PostgreSQL (PGlite is always one). */
const WORKERS = Number(argOf('workers', '1'));
/**
 * How long the bench waits for the herd: past this it stops and counts what is left. At least this,
 * and half as long again as the bound, so that a herd that misses it still gets a time.
 */
const HERD_MIN_DEADLINE_MS = 180_000;
/** The bound on the herd is this many times the time the database takes to INSERT its rows. */
const BOUND_FACTOR = { postgres: 2, pglite: 3 } as const;
const CREATED_AT = '2026-03-02T01:00:00.000Z';

interface Phone {
  unitId: string;
  deviceId: string;
  token: string;
  body: Buffer;
}

interface HerdOutcome {
  storage: string;
  /** The database's own limit: multi-row INSERTs of 500 of the herd's rows into fresh tables. */
  insert: InsertRate;
  /** factor × phones × entries ÷ insert.perSecond, in ms; the herd is judged against it. */
  boundMs: number;
  deadlineMs: number;
  /** CPU seconds spent during the herd by the server process, PostgreSQL's backends for it, and the phones (this process). */
  cpu: { server: number; postgres: number | null; phones: number; wallSeconds: number };
  phones: number;
  entries: number;
  doneMs: number | null;
  /** When the last phone that got through got through. */
  lastDoneMs: number;
  synced: number;
  unsynced: number;
  errors: number;
  errorSamples: string[];
  tooMany: number;
  retries: number;
  accepted: number;
  p50: number | null;
  p99: number | null;
  max: number | null;
  serverCount: number | null;
}

/** Loads every unit of the 2025 CSV that the database does not hold yet; returns them all. */
async function loadUnits(db: Kysely<Database>) {
  const units = parseUnitCsv(readFileSync(UNITS_CSV, 'utf8'), { idPrefix: 'bench:', validFrom: '2025-07-01' });
  const present = new Set((await findAllUnits(db)).map((u) => u.id));
  await insertUnits(
    db,
    units.filter((u) => !present.has(u.id)),
  );
  return units;
}

/** The entries phone `index` of the herd pushes. */
function phoneEntries(index: number, entries: number, unitId: string, deviceId: string): ActivityInput[] {
  return makeDrafts(entries, SEED + index, '2026-01-01').map((d) => ({
    ...d,
    unitId,
    deviceId,
    createdAt: CREATED_AT,
  }));
}

/** Loads every unit of the 2025 CSV and makes one reporter code per commune, before the server starts. */
async function prepare(storage: Storage, phones: number): Promise<{ unitId: string; code: string }[]> {
  const opened = await openDatabase(storage);
  try {
    const units = await loadUnits(opened.db);
    const communes = units.filter((u) => u.kind === 'commune').slice(0, phones);
    const now = new Date();
    const codes: { unitId: string; code: string }[] = [];
    for (const unit of communes) {
      const { code } = await createEnrollmentCode(opened.db, { unitId: unit.id, role: 'reporter', now });
      codes.push({ unitId: unit.id, code });
    }
    return codes;
  } finally {
    await opened.close();
  }
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function post(agent: Agent, origin: URL, path: string, body: Buffer, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        hostname: origin.hostname,
        port: origin.port,
        path,
        method: 'POST',
        headers: { ...headers, 'content-length': String(body.length) },
        timeout: 60_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          const body = res.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: body.toString() });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

/** Enrolls every phone through POST /api/v1/enroll (not timed) and builds its gzipped sync body. */
async function enrollPhones(
  agent: Agent,
  origin: URL,
  codes: { unitId: string; code: string }[],
  entries: number,
): Promise<Phone[]> {
  const phones: Phone[] = new Array(codes.length);
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= codes.length) return;
      const { unitId, code } = codes[i]!;
      const answer = await post(
        agent,
        origin,
        '/api/v1/enroll',
        Buffer.from(JSON.stringify({ code, deviceName: `Máy ${i + 1}` })),
        {
          'content-type': 'application/json',
        },
      );
      if (answer.status !== 200)
        throw new Error(`enroll ${unitId}: HTTP ${answer.status} ${answer.body.slice(0, 300)}`);
      const { deviceId, token } = JSON.parse(answer.body) as { deviceId: string; token: string };
      const mutations: Mutation[] = phoneEntries(i, entries, unitId, deviceId).map((activity, k) => ({
        seq: k + 1,
        op: 'upsert',
        baseVersion: 0,
        activity,
      }));
      // As the field app sends it: its own changes are not pulled back (skipOwn).
      const json = JSON.stringify({
        deviceId,
        protocolVersion: 1,
        mutations,
        cursor: null,
        pending: entries,
        skipOwn: true,
      });
      phones[i] = { unitId, deviceId, token, body: gzipSync(json) };
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return phones;
}

/** CPU seconds (user + system) of every process in a process group, from /proc. */
function groupCpuSeconds(pgid: number): number {
  let ticks = 0;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const fields = readFileSync(`/proc/${name}/stat`, 'utf8').split(') ')[1]!.split(' ');
      if (Number(fields[2]) === pgid) ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process ended meanwhile.
    }
  }
  return ticks / 100;
}

/** CPU seconds (user + system) of some processes since they started. */
function cpuSecondsOf(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The backend ended meanwhile.
    }
  }
  return ticks / 100;
}

/** The PostgreSQL backends serving the herd's database now. */
async function postgresBackendPids(storage: Storage): Promise<number[]> {
  if (!('databaseUrl' in storage)) return [];
  const name = new URL(storage.databaseUrl).pathname.slice(1);
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    const result = await client.query<{ pid: number }>(
      'select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [name],
    );
    return result.rows.map((r) => r.pid);
  } finally {
    await client.end();
  }
}

/**
 * The database's own limit on this backend, measured just before its herd: the herd's rows (same
 * units, entries and shape; device ids made up) as multi-row INSERTs of 500 into fresh tables of
 * the same database kind, from this process, one statement after another.
 */
async function insertBaseline(
  kind: 'postgres' | 'pglite',
  codes: { unitId: string }[],
  entries: number,
): Promise<InsertRate> {
  const dbName = `bench_herd_insert_${process.pid}`;
  const dataDir = kind === 'pglite' ? mkdtempSync(join(tmpdir(), 'bench-herd-insert-')) : '';
  const storage: Storage = kind === 'postgres' ? { databaseUrl: await createBenchDatabase(dbName) } : { dataDir };
  try {
    const opened = await openDatabase(storage);
    try {
      await loadUnits(opened.db);
      const now = new Date().toISOString();
      const rows = codes.flatMap(({ unitId }, i) => insertRowsOf(phoneEntries(i, entries, unitId, randomUUID()), now));
      return await measureInsertRate(opened.db, rows);
    } finally {
      await opened.close();
    }
  } finally {
    if (kind === 'postgres') await dropBenchDatabase(dbName);
    else rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Every phone pushes at once; 429 is retried after Retry-After, errors after a backoff with jitter. */
async function runHerd(
  agent: Agent,
  origin: URL,
  phones: Phone[],
  entries: number,
  storage: string,
  deadlineMs: number,
): Promise<Omit<HerdOutcome, 'cpu' | 'insert' | 'boundMs' | 'deadlineMs'>> {
  const random = seededRandom(SEED);
  const latencies: number[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  let tooMany = 0;
  let retries = 0;
  let synced = 0;
  let lastDone = 0;
  const started = performance.now();
  const deadline = started + deadlineMs;
  // A phone told to wait past the deadline stops there: the herd is bounded in time.
  const sleep = (ms: number) =>
    new Promise((r) => setTimeout(r, Math.max(0, Math.min(ms, deadline - performance.now()))));
  const phoneRun = async (phone: Phone) => {
    for (let attempt = 0; performance.now() < deadline; attempt++) {
      if (attempt > 0) retries++;
      const sent = performance.now();
      let answer: Answer;
      try {
        answer = await post(agent, origin, '/api/v1/sync', phone.body, {
          'content-type': 'application/json',
          'content-encoding': 'gzip',
          'accept-encoding': 'gzip',
          authorization: `Bearer ${phone.token}`,
        });
      } catch (error) {
        errors++;
        if (errorSamples.length < 5) errorSamples.push(String(error));
        await sleep(1000 + random() * 2000 * 2 ** Math.min(attempt, 4));
        continue;
      }
      const ms = performance.now() - sent;
      if (answer.status === 429) {
        tooMany++;
        const after = Number(answer.headers['retry-after']);
        // As the field app does (src/app/sync/scheduler.ts): Retry-After, the second the server
        // booked for this phone, plus a random part of that second.
        await sleep(retryAfterDelay((Number.isFinite(after) && after > 0 ? after : 1) * 1000, random));
        continue;
      }
      if (answer.status !== 200) {
        errors++;
        if (errorSamples.length < 5) errorSamples.push(`HTTP ${answer.status} ${answer.body.slice(0, 200)}`);
        await sleep(1000 + random() * 2000 * 2 ** Math.min(attempt, 4));
        continue;
      }
      latencies.push(ms);
      const acked = (JSON.parse(answer.body) as { ackedThrough: number }).ackedThrough;
      if (acked >= entries) {
        synced++;
        lastDone = performance.now();
        return;
      }
      errors++;
      if (errorSamples.length < 5) errorSamples.push(`ackedThrough ${acked} of ${entries}`);
    }
  };
  await Promise.all(phones.map(phoneRun));
  return {
    storage,
    phones: phones.length,
    entries,
    doneMs: synced === phones.length ? lastDone - started : null,
    lastDoneMs: lastDone === 0 ? 0 : lastDone - started,
    synced,
    unsynced: phones.length - synced,
    errors,
    errorSamples,
    tooMany,
    retries,
    accepted: latencies.length,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: percentile(latencies, 100),
    serverCount: null,
  };
}

async function herdOn(kind: 'postgres' | 'pglite', phonesWanted: number, entries: number): Promise<HerdOutcome> {
  const dbName = `bench_herd_${process.pid}`;
  const dataDir = kind === 'pglite' ? mkdtempSync(join(tmpdir(), 'bench-herd-pglite-')) : '';
  const storage: Storage = kind === 'postgres' ? { databaseUrl: await createBenchDatabase(dbName) } : { dataDir };
  try {
    const codes = await prepare(storage, phonesWanted);
    const insert = await insertBaseline(kind, codes, entries);
    const boundMs = (BOUND_FACTOR[kind] * codes.length * entries * 1000) / insert.perSecond;
    const deadlineMs = Math.max(HERD_MIN_DEADLINE_MS, 1.5 * boundMs);
    console.log(
      `herd ${kind}: INSERT of 500 rows at a time ${Math.round(insert.perSecond)} rows/s (${insert.entries} rows in ${insert.seconds.toFixed(1)} s); bound ${(boundMs / 1000).toFixed(1)} s`,
    );
    const server = await startServerProcess(
      storage,
      kind === 'postgres' && WORKERS > 1 ? { WORKERS: String(WORKERS) } : {},
    );
    // A fresh connection per attempt, as a phone coming back after a wait opens one; reusing idle
    // sockets would race the server's keep-alive timeout and count its resets as sync failures.
    const agent = new Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });
    try {
      const origin = new URL(server.origin);
      const enrollStart = performance.now();
      const phones = await enrollPhones(agent, origin, codes, entries);
      console.log(`herd ${kind}: enrolled in ${Math.round((performance.now() - enrollStart) / 1000)} s`);
      console.log(`herd ${kind}: ${phones.length} phones enrolled, ${entries} entries each; go`);
      const pgid = server.child.process.pid!;
      const before = {
        server: groupCpuSeconds(pgid),
        postgres: cpuSecondsOf(await postgresBackendPids(storage)),
        phones: process.cpuUsage(),
      };
      const wallStart = performance.now();
      const result = await runHerd(agent, origin, phones, entries, kind, deadlineMs);
      const pids = await postgresBackendPids(storage);
      const phonesCpu = process.cpuUsage(before.phones);
      const outcome: HerdOutcome = {
        ...result,
        insert,
        boundMs,
        deadlineMs,
        cpu: {
          server: groupCpuSeconds(pgid) - before.server,
          // Backends the pool opened during the herd count from their start.
          postgres: kind === 'postgres' ? cpuSecondsOf(pids) - before.postgres : null,
          phones: (phonesCpu.user + phonesCpu.system) / 1e6,
          wallSeconds: (performance.now() - wallStart) / 1000,
        },
      };
      agent.destroy();
      await server.child.stop();
      if (kind === 'postgres') {
        const opened = await openDatabase(storage);
        const row = await opened.db
          .selectFrom('activities')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('unit_id', 'like', 'bench:%')
          .executeTakeFirstOrThrow();
        outcome.serverCount = Number(row.n);
        await opened.close();
      }
      return outcome;
    } finally {
      agent.destroy();
      await server.child.stop();
    }
  } finally {
    if (kind === 'postgres') await dropBenchDatabase(dbName);
    else rmSync(dataDir, { recursive: true, force: true });
  }
}

function labelOf(kind: 'postgres' | 'pglite'): string {
  return kind === 'postgres' ? `PostgreSQL${WORKERS > 1 ? ` ×${WORKERS} workers` : ''}` : 'PGlite';
}

/** The name of the figure judged: the herd's time over the time the database takes to INSERT its rows. */
function ratioName(label: string, rows: number): string {
  return `herd ${label}: time ÷ (${rows.toLocaleString('en-US')} ÷ INSERT rate)`;
}

function ratioTarget(kind: 'postgres' | 'pglite'): Figure['target'] {
  return { op: '<=', value: BOUND_FACTOR[kind], text: `≤ ${BOUND_FACTOR[kind]}` };
}

function figuresOf(o: HerdOutcome): Figure[] {
  const kind = o.storage as 'postgres' | 'pglite';
  const label = labelOf(kind);
  const rows = o.phones * o.entries;
  /** The time the database takes to INSERT the herd's rows, at the rate measured before the herd. */
  const insertMs = (rows * 1000) / o.insert.perSecond;
  return [
    {
      name: `herd ${label}: all ${o.phones}×${o.entries} synced`,
      value: o.doneMs === null ? null : o.doneMs / 1000,
      unit: 's',
      note: `${o.synced}/${o.phones} phones by ${Math.round(o.lastDoneMs / 1000)} s${o.doneMs === null ? ` (waited ${Math.round(o.deadlineMs / 1000)} s)` : ''}${o.serverCount === null ? '' : `, server holds ${o.serverCount}`}`,
    },
    {
      name: `herd ${label}: INSERT of 500 rows at a time, fresh tables`,
      value: o.insert.perSecond,
      unit: 'rows/s',
      note: `${o.insert.entries.toLocaleString('en-US')} rows in ${o.insert.seconds.toFixed(1)} s, just before the herd`,
    },
    {
      name: `herd ${label}: bound ${BOUND_FACTOR[kind]} × ${rows.toLocaleString('en-US')} ÷ INSERT rate`,
      value: o.boundMs / 1000,
      unit: 's',
      note: 'the herd time must stay within it',
    },
    {
      name: ratioName(label, rows),
      value: o.doneMs === null ? null : o.doneMs / insertMs,
      unit: 'x',
      target: ratioTarget(kind),
      note: `herd ${o.doneMs === null ? '—' : (o.doneMs / 1000).toFixed(1)} s ÷ INSERT ${(insertMs / 1000).toFixed(1)} s`,
    },
    {
      name: `herd ${label}: failures`,
      value: o.errors + o.unsynced,
      unit: '',
      target: { op: '<=', value: 0, text: '0' },
      note: o.errorSamples[0]?.slice(0, 80) ?? `${o.unsynced} phones unsynced`,
    },
    { name: `herd ${label}: 429 answers`, value: o.tooMany, unit: '', note: `${o.retries} retries` },
    {
      name: `herd ${label}: CPU used`,
      value: o.cpu.server + (o.cpu.postgres ?? 0) + o.cpu.phones,
      unit: 's',
      note: `server ${o.cpu.server.toFixed(0)} s, PostgreSQL ${o.cpu.postgres === null ? '-' : o.cpu.postgres.toFixed(0)} s, phones ${o.cpu.phones.toFixed(0)} s in ${o.cpu.wallSeconds.toFixed(0)} s on ${cpus().length} cores`,
    },
    { name: `herd ${label}: p50 accepted`, value: o.p50, unit: 'ms' },
    {
      name: `herd ${label}: p99 accepted`,
      value: o.p99,
      unit: 'ms',
      target: { op: '<=', value: 2000, text: '< 2 s' },
      note: `max ${Math.round(o.max ?? 0)} ms`,
    },
  ];
}

/** Runs the herd on PostgreSQL and PGlite and returns its figures. */
export async function benchHerd(phones: number, entries: number, only?: string): Promise<Figure[]> {
  const started = new Date().toISOString();
  const outcomes: HerdOutcome[] = [];
  const errors: string[] = [];
  const figures: Figure[] = [];
  for (const kind of ['postgres', 'pglite'] as const) {
    if (only && only !== kind) continue;
    try {
      const o = await herdOn(kind, phones, entries);
      outcomes.push(o);
      figures.push(...figuresOf(o));
    } catch (error) {
      errors.push(`${kind}: ${(error as Error).stack ?? error}`);
      console.error(errors.at(-1));
      figures.push({
        name: ratioName(labelOf(kind), phones * entries),
        value: null,
        unit: 'x',
        target: ratioTarget(kind),
        note: `failed: ${String((error as Error).message).slice(0, 80)}`,
      });
    }
  }
  printFigures(`thundering herd (${phones} phones × ${entries} entries, 127.0.0.1)`, figures);
  writeResult({
    bench: 'herd',
    startedAt: started,
    finishedAt: new Date().toISOString(),
    command: `npx tsx test/bench/herd.ts --phones ${phones} --entries ${entries}${WORKERS > 1 ? ` --workers ${WORKERS}` : ''}`,
    figures,
    details: { seed: SEED, outcomes, errors },
  });
  return figures;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await benchHerd(Number(argOf('phones', '3321')), Number(argOf('entries', '100')), argOf('only'));
}
