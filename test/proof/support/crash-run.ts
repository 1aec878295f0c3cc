/**
 * The crash run: simulated phones (protocol-level clients that keep an outbox and drop only
 * acknowledged seqs, like the field app) sync against the real server process on PostgreSQL while
 * the process is killed with SIGKILL and restarted at random; then the server's records and report
 * totals are compared with what the phones saved. With `instances: 2`, two server processes on one
 * database sit behind a round-robin HTTP proxy and are killed one at a time.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../../../src/server/db/database';
import type { Database } from '../../../src/server/db/schema';
import { createEnrollmentCode } from '../../../src/server/devices/enrollment';
import { insertUnits } from '../../../src/server/units/units.repository';
import { type Activity, figuresOf } from '../../../src/shared/activity';
import type { SyncResponse } from '../../../src/shared/sync';
import { mulberry32 } from './sync-model';
import { freePort } from '../../support/free-port';

/** The PostgreSQL server the crash run makes its own database on. */
export const POSTGRES_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

/** Why PostgreSQL cannot be used here, or null when it can. */
export async function postgresUnavailable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (error) {
    return `PostgreSQL not reachable at ${POSTGRES_URL}: ${String(error)}`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A database of this run's own, dropped at the end. */
export async function createScratchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `cchc_crash_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One server process (`tsx src/server/main.ts`) that can be killed and started again. */
class ServerProcess {
  private child: ChildProcess | null = null;
  output = '';
  starts = 0;
  constructor(
    readonly port: number,
    private readonly databaseUrl: string,
    private readonly distDir: string,
  ) {}

  async start(): Promise<void> {
    const child = spawn(path.resolve('node_modules/.bin/tsx'), ['src/server/main.ts'], {
      env: {
        ...process.env,
        DATABASE_URL: this.databaseUrl,
        PORT: String(this.port),
        HOST: '127.0.0.1',
        DIST_DIR: this.distDir,
        LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    this.child = child;
    child.stdout?.on('data', (c) => {
      this.output = (this.output + String(c)).slice(-20_000);
    });
    child.stderr?.on('data', (c) => {
      this.output = (this.output + String(c)).slice(-20_000);
    });
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}:\n${this.output.slice(-3000)}`);
      try {
        const res = await fetch(`http://127.0.0.1:${this.port}/api/v1/bootstrap`);
        if (res.status === 401) break;
      } catch {
        // Not listening yet.
      }
      if (Date.now() > deadline) throw new Error(`server did not come up:\n${this.output.slice(-3000)}`);
      await sleep(100);
    }
    this.starts++;
  }

  /** SIGKILL to the whole process group: no shutdown hook runs, transactions die mid-flight. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      child.kill('SIGKILL');
    }
    await exited;
  }

  async stop(): Promise<void> {
    await this.kill();
  }
}

/** A tiny round-robin HTTP proxy: each request goes to the next backend, on a fresh connection. */
async function startProxy(ports: number[]): Promise<{ port: number; close(): Promise<void> }> {
  let next = 0;
  const server = http.createServer((req, res) => {
    const port = ports[next++ % ports.length]!;
    const upstream = http.request(
      { host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers, agent: false },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on('error', () => res.destroy());
      },
    );
    // A phone that gave up (its own timeout) or a backend killed mid-request: either side's socket
    // may fail at any moment, and an 'error' without a listener would crash the test process.
    req.on('error', () => upstream.destroy());
    res.on('error', () => upstream.destroy());
    upstream.on('error', () => {
      // A backend that is down or died mid-answer: what a real balancer answers.
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' }).end('bad gateway');
      else res.destroy();
    });
    req.pipe(upstream);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface PhoneEntry {
  unitId: string;
  date: string;
  kind: 'broadcast' | 'training' | 'article';
  figures: Record<string, number | string>;
  writes: number;
  voided: boolean;
  /** The version the server last confirmed. */
  version: number;
}

interface Mutation {
  seq: number;
  op: 'upsert' | 'void';
  baseVersion: number;
  id?: string;
  reason?: string;
  activity?: Record<string, unknown>;
}

/** A protocol-level phone: an outbox of mutations, dropped only when acknowledged. */
class SimPhone {
  seq = 0;
  outbox: Mutation[] = [];
  entries = new Map<string, PhoneEntry>();
  cursor: string | null = null;
  syncs = 0;
  failures = 0;
  unexpected: string[] = [];
  constructor(
    readonly deviceId: string,
    readonly token: string,
    readonly unitId: string,
    private readonly random: () => number,
  ) {}

  private queued(id: string): number {
    return this.outbox.filter((m) => (m.activity?.id ?? m.id) === id).length;
  }

  /** The person saves a new entry, corrects one, or voids one. */
  act(): void {
    const own = [...this.entries.entries()].filter(([, e]) => !e.voided);
    const roll = this.random();
    if (own.length > 0 && roll < 0.15) {
      const [id, entry] = own[Math.floor(this.random() * own.length)]!;
      const base = entry.version + this.queued(id);
      this.outbox.push({ seq: ++this.seq, op: 'void', id, baseVersion: base, reason: 'Ghi nhầm' });
      entry.voided = true;
      entry.writes++;
      return;
    }
    if (own.length > 0 && roll < 0.35) {
      const [id, entry] = own[Math.floor(this.random() * own.length)]!;
      const base = entry.version + this.queued(id);
      entry.figures = this.figuresFor(entry.kind);
      entry.writes++;
      this.outbox.push({ seq: ++this.seq, op: 'upsert', baseVersion: base, activity: this.activityOf(id, entry) });
      return;
    }
    const kinds = ['broadcast', 'training', 'article'] as const;
    const kind = kinds[Math.floor(this.random() * kinds.length)]!;
    const id = randomUUID();
    const entry: PhoneEntry = {
      unitId: this.unitId,
      date: `2021-07-${String(1 + Math.floor(this.random() * 14)).padStart(2, '0')}`,
      kind,
      figures: this.figuresFor(kind),
      writes: 1,
      voided: false,
      version: 0,
    };
    this.entries.set(id, entry);
    this.outbox.push({ seq: ++this.seq, op: 'upsert', baseVersion: 0, activity: this.activityOf(id, entry) });
  }

  private figuresFor(kind: PhoneEntry['kind']): Record<string, number | string> {
    const n = 1 + Math.floor(this.random() * 50);
    if (kind === 'broadcast') return { sessions: 1 + (n % 3), minutes: n, source: n % 2 ? 'own' : 'relay' };
    if (kind === 'training') return { participants: n };
    return { items: 1 + (n % 4) };
  }

  private activityOf(id: string, entry: PhoneEntry): Record<string, unknown> {
    return {
      id,
      unitId: entry.unitId,
      kind: entry.kind,
      date: entry.date,
      title: `Mục ${id.slice(0, 8)}`,
      figures: { ...entry.figures },
      deviceId: this.deviceId,
      createdAt: '2021-07-15T08:00:00+07:00',
    };
  }

  /** One sync round; network errors, 5xx and 429 leave the outbox as it was. */
  async sync(baseUrl: string): Promise<boolean> {
    const batch = this.outbox.slice(0, 100);
    let res: Response;
    try {
      res = await fetch(`${baseUrl}/api/v1/sync`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
        body: JSON.stringify({
          deviceId: this.deviceId,
          protocolVersion: 1,
          mutations: batch,
          cursor: this.cursor,
          pending: new Set(this.outbox.map((m) => m.activity?.id ?? m.id)).size,
        }),
        signal: AbortSignal.timeout(20_000),
      });
    } catch {
      this.failures++;
      return false;
    }
    if (res.status !== 200) {
      this.failures++;
      if (res.status < 500 && res.status !== 429)
        this.unexpected.push(`HTTP ${res.status}: ${await res.text().catch((e) => `(body lost: ${String(e)})`)}`);
      await res.body?.cancel().catch(() => undefined);
      return false;
    }
    let answer: SyncResponse;
    try {
      answer = (await res.json()) as SyncResponse;
    } catch {
      // The process died while sending the answer.
      this.failures++;
      return false;
    }
    for (const result of answer.results) {
      const entry = this.entries.get(result.id);
      if (result.status === 'applied' || result.status === 'duplicate') {
        if (entry && typeof result.version === 'number' && result.version > entry.version)
          entry.version = result.version;
      } else {
        this.unexpected.push(`seq ${result.seq} ${result.status}: ${result.error ?? ''}`);
      }
    }
    this.outbox = this.outbox.filter((m) => m.seq > answer.ackedThrough);
    this.cursor = answer.cursor;
    this.syncs++;
    return true;
  }
}

/** What a crash run saw and checked. */
export interface CrashOutcome {
  kills: number;
  starts: number;
  phones: number;
  entries: number;
  writes: number;
  syncs: number;
  failedSyncs: number;
  problems: string[];
}

/**
 * Runs phones against the server while killing it `kills` times, then checks the database.
 * `databaseUrl` must hold the demo (the first start on an empty database loads it).
 */
export async function runCrashScenario(options: {
  databaseUrl: string;
  kills: number;
  instances: 1 | 2;
  phones: number;
  seed: number;
  log?: (line: string) => void;
}): Promise<CrashOutcome> {
  const log = options.log ?? (() => undefined);
  const random = mulberry32(options.seed);
  const distDir = mkdtempSync(path.join(tmpdir(), 'cchc-crash-dist-'));
  writeFileSync(path.join(distDir, 'index.html'), '<!doctype html><title>CCHC</title>');
  const servers: ServerProcess[] = [];
  for (let i = 0; i < options.instances; i++)
    servers.push(new ServerProcess(await freePort(), options.databaseUrl, distDir));
  // One at a time: the first start on an empty database loads the demo.
  for (const s of servers) await s.start();
  const proxy = options.instances > 1 ? await startProxy(servers.map((s) => s.port)) : null;
  const baseUrl = `http://127.0.0.1:${proxy ? proxy.port : servers[0]!.port}`;

  const opened = await openDatabase({ databaseUrl: options.databaseUrl });
  const db: Kysely<Database> = opened.db;
  const problems: string[] = [];
  try {
    // Phones spread over a few communes; fresh communes per run (a subtree of their own).
    const prefix = randomUUID().slice(0, 8);
    const communes = [`${prefix}:c1`, `${prefix}:c2`, `${prefix}:c3`, `${prefix}:c4`];
    await db.transaction().execute((trx) =>
      insertUnits(trx, [
        { id: `${prefix}:p`, code: '99', name: 'Tỉnh thử', kind: 'province', parentId: null },
        ...communes.map((id, i) => ({
          id,
          code: String(i),
          name: `Xã thử ${i + 1}`,
          kind: 'commune' as const,
          parentId: `${prefix}:p`,
        })),
      ]),
    );
    const phones: SimPhone[] = [];
    for (let i = 0; i < options.phones; i++) {
      const unitId = communes[i % communes.length]!;
      const { code } = await createEnrollmentCode(db, { unitId, role: 'reporter', now: new Date() });
      const res = await fetch(`${baseUrl}/api/v1/enroll`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code, deviceName: `Máy ${i + 1}` }),
      });
      if (res.status !== 200) throw new Error(`enroll ${res.status} ${await res.text()}`);
      const body = (await res.json()) as { deviceId: string; token: string };
      phones.push(new SimPhone(body.deviceId, body.token, unitId, mulberry32(options.seed * 1000 + i)));
    }

    // The load: each phone saves and syncs about once a second (under the per-device limit).
    let running = true;
    // Whatever a phone's loop throws is a finding, kept as a problem: a rejection left unobserved
    // until the killer finishes would surface as an unhandled error with no test to name it.
    const load = phones.map(async (phone) => {
      try {
        while (running) {
          const actions = 1 + Math.floor(random() * 3);
          for (let a = 0; a < actions; a++) phone.act();
          await phone.sync(baseUrl);
          await sleep(700 + Math.floor(random() * 600));
        }
      } catch (error) {
        problems.push(`${phone.deviceId}: the phone's loop failed: ${String(error)}`);
      }
    });

    // The killer: SIGKILL one process at a random moment, start it again after a random pause.
    let kills = 0;
    while (kills < options.kills) {
      await sleep(300 + Math.floor(random() * 1700));
      const victim = servers[Math.floor(random() * servers.length)]!;
      await victim.kill();
      kills++;
      await sleep(Math.floor(random() * 500));
      await victim.start();
      if (kills % 5 === 0)
        log(`crash: ${kills}/${options.kills} kills, ${phones.reduce((n, p) => n + p.syncs, 0)} good syncs`);
    }
    running = false;
    await Promise.all(load);

    // The network heals: every phone drains its outbox.
    for (const phone of phones) {
      for (let round = 0; phone.outbox.length > 0 || round === 0; round++) {
        if (round > 200) {
          problems.push(`${phone.deviceId}: outbox did not drain (${phone.outbox.length} left)`);
          break;
        }
        if (!(await phone.sync(baseUrl))) await sleep(200);
      }
    }

    // Checks: every saved entry on the server once, with its last write; versions count writes;
    // per-device seqs all handled; report totals per commune equal the phones'.
    const ids = phones.flatMap((p) => [...p.entries.keys()]);
    const rows = await db.selectFrom('activities').selectAll().where('unit_id', 'in', communes).execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    if (rows.length !== ids.length) problems.push(`server holds ${rows.length} entries, phones saved ${ids.length}`);
    let writes = 0;
    for (const phone of phones) {
      problems.push(...phone.unexpected.slice(0, 5).map((u) => `${phone.deviceId}: ${u}`));
      for (const [id, entry] of phone.entries) {
        writes += entry.writes;
        const row = byId.get(id);
        if (!row) {
          problems.push(`missing on the server: ${id}`);
          continue;
        }
        const same =
          row.voided === entry.voided &&
          row.version === entry.writes &&
          JSON.stringify(Object.entries(row.figures).sort()) === JSON.stringify(Object.entries(entry.figures).sort());
        if (!same)
          problems.push(
            `differs: ${id} server v${row.version} ${JSON.stringify(row.figures)} voided=${row.voided}, phone ${entry.writes} writes ${JSON.stringify(entry.figures)} voided=${entry.voided}`,
          );
      }
      const device = await db
        .selectFrom('devices')
        .select('last_seq')
        .where('id', '=', phone.deviceId)
        .executeTakeFirstOrThrow();
      if (Number(device.last_seq) !== phone.seq)
        problems.push(`${phone.deviceId}: server last_seq ${device.last_seq}, phone ${phone.seq}`);
    }
    const { code } = await createEnrollmentCode(db, { unitId: `${prefix}:p`, role: 'supervisor', now: new Date() });
    const sup = (await (
      await fetch(`${baseUrl}/api/v1/enroll`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code, deviceName: 'Giám sát' }),
      })
    ).json()) as { token: string };
    for (const commune of communes) {
      const expected: Record<string, Record<string, number>> = {};
      for (const phone of phones) {
        for (const entry of phone.entries.values()) {
          if (entry.unitId !== commune) continue;
          const figures = figuresOf({
            kind: entry.kind,
            figures: entry.figures as Activity['figures'],
            voided: entry.voided,
          });
          for (const [k, v] of Object.entries(figures)) {
            expected[entry.kind] ??= {};
            expected[entry.kind]![k] = (expected[entry.kind]![k] ?? 0) + v;
          }
        }
      }
      type ReportBody = { totals: Record<string, Record<string, number>> };
      let report = null as ReportBody | null;
      for (let attempt = 0; attempt < 5 && !report; attempt++) {
        const res = await fetch(`${baseUrl}/api/v1/report?unitId=${encodeURIComponent(commune)}&period=2021-M07`, {
          headers: { authorization: `Bearer ${sup.token}` },
        });
        if (res.status === 200) report = (await res.json()) as ReportBody;
        else await sleep(300);
      }
      if (!report) {
        problems.push(`report for ${commune} failed`);
        continue;
      }
      const a = JSON.stringify(nonZero(report.totals));
      const b = JSON.stringify(nonZero(expected));
      if (a !== b) problems.push(`report totals of ${commune}: server ${a}, phones ${b}`);
    }
    return {
      kills,
      starts: servers.reduce((n, s) => n + s.starts, 0),
      phones: phones.length,
      entries: ids.length,
      writes,
      syncs: phones.reduce((n, p) => n + p.syncs, 0),
      failedSyncs: phones.reduce((n, p) => n + p.failures, 0),
      problems,
    };
  } finally {
    await proxy?.close();
    for (const s of servers) await s.stop();
    await opened.close();
  }
}

function nonZero(totals: Record<string, Record<string, number>>): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const kind of Object.keys(totals).sort()) {
    const figures = Object.entries(totals[kind]!)
      .filter(([, v]) => v !== 0)
      .sort(([x], [y]) => x.localeCompare(y));
    if (figures.length > 0) out[kind] = Object.fromEntries(figures);
  }
  return out;
}
