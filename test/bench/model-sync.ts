// The long run of the randomised sync schedules (issue 7): `npx tsx test/bench/model-sync.ts
// [--count 10000] [--from 100001] [--workers N] [--timeout 120] [--backend postgres|pglite]
// [--out file.json]`. The same schedules as the CI test, over the same real client and server,
// only more of them, in N worker processes at once, each with its own server, database and phones;
// prints every failing seed and a summary. The database is PostgreSQL when one answers
// (DATABASE_URL, else the local server: a fresh database per worker), with two workers per core,
// as a worker waits on it about half the time; else in-memory PGlite (what CI runs), one worker per
// core, as PGlite runs in the worker's own thread. A schedule still running after --timeout
// seconds fails (its worker is replaced), so a hang names its seed instead of stopping the run.
import 'fake-indexeddb/auto';
import { type ChildProcess, fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { type Figure, printFigures, RESULTS_DIR } from './lib/figures';

// The local server's Unix socket first: a query costs the worker ~60 µs of CPU there, ~90 µs over
// TCP. The worker's databases are thrown away after the run: commits need not wait for the disk.
const LOCAL_PG_URLS = [
  'postgres://postgres@localhost/test?host=%2Fvar%2Frun%2Fpostgresql',
  'postgres://postgres@127.0.0.1:5432/test',
];
const NO_DISK_WAIT = '-c synchronous_commit=off';

function argOf(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] ? process.argv[at + 1]! : fallback;
}

/** What a worker tells the bench. */
type FromWorker =
  | { t: 'ready'; database: string | null }
  | { t: 'start'; seed: number }
  | { t: 'done'; seed: number; message: string | null; cpuMs: number; restarts: number; lateRounds: number };

/** Seeds a worker is given at a time: small, so that the workers finish together. */
const CHUNK = 10;

if (process.argv.includes('--worker')) await worker();
else await main();

/** A worker: one server and its phones; runs the seeds it is sent, one after another. */
async function worker(): Promise<void> {
  const { runSchedule, ScheduleFailure, scheduleOfSeed, ServerHolder } = await import('../proof/support/sync-model');
  const backend = argOf('backend', 'pglite') === 'postgres' ? 'postgres' : 'pglite';
  let server = await ServerHolder.open(backend);
  const send = (message: FromWorker) => process.send!(message);
  const ready = () => send({ t: 'ready', database: server.databaseUrl });
  // The bench is gone (killed, interrupted): so is the work, and its database.
  process.on('disconnect', () => {
    const url = server.databaseUrl;
    void (url ? dropDatabase(url) : Promise.resolve()).finally(() => process.exit(1));
  });
  process.on('message', async (seeds: number[] | 'stop') => {
    if (seeds === 'stop') {
      await server.close();
      process.exit(0);
    }
    for (const seed of seeds) {
      send({ t: 'start', seed });
      const cpu = process.cpuUsage();
      const restarts = server.restarts;
      let message: string | null = null;
      let lateRounds = 0;
      try {
        ({ lateRounds } = await runSchedule(server, scheduleOfSeed(seed)));
      } catch (error) {
        message = (error instanceof Error ? error.message : String(error)).slice(0, 4000);
        // An unexpected error may leave the server unusable: start a fresh one.
        if (!(error instanceof ScheduleFailure)) {
          await server.close().catch(() => undefined);
          server = await ServerHolder.open(backend);
          ready();
        }
      }
      const used = process.cpuUsage(cpu);
      const cpuMs = (used.user + used.system) / 1000;
      send({ t: 'done', seed, message, cpuMs, restarts: server.restarts - restarts, lateRounds });
    }
  });
  ready();
}

/** Whether a PostgreSQL server answers at the URL. */
async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Drops the database a killed worker left behind. */
async function dropDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  try {
    await client.connect();
    await client.query(`drop database if exists ${name} with (force)`);
  } catch (error) {
    console.log(`could not drop ${name}: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function main(): Promise<void> {
  const count = Number(argOf('count', '10000'));
  const from = Number(argOf('from', '100001'));
  const timeoutMs = Number(argOf('timeout', '120')) * 1000;
  let pgUrl: string | null = null;
  for (const url of process.env.DATABASE_URL ? [process.env.DATABASE_URL] : LOCAL_PG_URLS) {
    if (await answers(url)) {
      pgUrl = url;
      break;
    }
  }
  const backend = argOf('backend', pgUrl ? 'postgres' : 'pglite');
  if (backend === 'postgres') {
    if (!pgUrl)
      throw new Error(`--backend postgres: no PostgreSQL answers at ${process.env.DATABASE_URL ?? LOCAL_PG_URLS}`);
    const url = new URL(pgUrl);
    if (!url.searchParams.has('options')) url.searchParams.set('options', NO_DISK_WAIT);
    // The workers' fixture makes its database on the server of DATABASE_URL, with its parameters.
    process.env.DATABASE_URL = url.toString();
  }
  const perCore = backend === 'postgres' ? 2 : 1;
  const workers = Math.max(1, Number(argOf('workers', String(perCore * availableParallelism()))));
  const out = argOf('out', path.join(RESULTS_DIR, 'model-sync.json'));
  const command = `npx tsx test/bench/model-sync.ts ${process.argv.slice(2).join(' ')}`.trim();

  const queue = Array.from({ length: count }, (_, i) => from + i);
  const failed: { seed: number; message: string }[] = [];
  /** Seeds whose phones got a change only at a later sync after healing (see runSchedule). */
  const late: number[] = [];
  let ran = 0;
  let cpuMs = 0;
  let restarts = 0;
  let started = 0;
  const startedAt = new Date();
  const loadBefore = loadavg();

  const save = () => {
    const seconds = started ? (performance.now() - started) / 1000 : 0;
    const perSecond = seconds > 0 ? ran / seconds : null;
    const figures: Figure[] = [
      {
        name: `model-sync: schedules per second (${workers} workers, ${backend})`,
        value: perSecond,
        unit: '/s',
        target: { op: '>=', value: 17, text: '≥ 17/s (10,000 in 10 min)' },
        note: `${ran} schedules in ${Math.round(seconds)} s, load ${loadavg()[0]!.toFixed(1)}`,
      },
      {
        name: 'model-sync: failing schedules',
        value: failed.length,
        unit: '',
        target: { op: '<=', value: 0, text: '0' },
        note: failed.length ? `seeds ${failed.map((f) => f.seed).join(', ')}` : `seeds ${from}…${from + count - 1}`,
      },
      {
        name: 'model-sync: schedules a phone got a change of at a later sync',
        value: late.length,
        unit: '',
        note: late.length ? `seeds ${late.slice(0, 20).join(', ')}${late.length > 20 ? ', …' : ''}` : 'none',
      },
      {
        name: 'model-sync: CPU per schedule (all workers)',
        value: ran ? cpuMs / ran : null,
        unit: 'ms',
        note: 'independent of what else the machine runs',
      },
    ];
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(
      out,
      `${JSON.stringify(
        {
          bench: 'model-sync',
          startedAt: startedAt.toISOString(),
          finishedAt: new Date().toISOString(),
          command,
          figures,
          details: {
            from,
            count,
            workers,
            backend,
            ran,
            failed: failed.length,
            failures: failed,
            late,
            seconds,
            restarts,
            loadBefore,
          },
        },
        null,
        2,
      )}\n`,
    );
    return figures;
  };

  const file = fileURLToPath(import.meta.url);
  let running = 0;
  const finished = new Promise<void>((resolve) => {
    const progress = () => {
      if (ran % 100 === 0 || ran === count) {
        const seconds = (performance.now() - started) / 1000;
        console.log(
          `model-sync: ${ran}/${count} ran, ${failed.length} failed, ${Math.round(seconds)} s, ${(ran / seconds).toFixed(1)}/s`,
        );
        save();
      }
      if (ran === count) resolve();
    };
    const record = (seed: number, message: string | null) => {
      ran++;
      if (message !== null) {
        failed.push({ seed, message });
        console.log(`FAILED schedule seed=${seed}: ${message.slice(0, 1000)}`);
      }
      progress();
    };

    const spawnWorker = () => {
      running++;
      const child: ChildProcess = fork(file, ['--worker', '--backend', backend], { execArgv: process.execArgv });
      let chunk: number[] = [];
      let current: { seed: number; at: number } | null = null;
      let stopped = false;
      let database: string | null = null;
      let everReady = false;
      const next = () => {
        chunk = queue.splice(0, CHUNK);
        if (chunk.length > 0) child.send(chunk);
        else {
          stopped = true;
          child.send('stop');
        }
      };
      const watchdog = setInterval(() => {
        if (current && performance.now() - current.at > timeoutMs) {
          // A schedule that never ends: fail it, give its worker's other seeds to a new worker.
          const { seed } = current;
          current = null;
          stopped = true;
          child.kill('SIGKILL');
          queue.unshift(...chunk.filter((s) => s !== seed));
          record(seed, `timed out after ${timeoutMs / 1000} s`);
          if (queue.length > 0) spawnWorker();
        }
      }, 1000);
      child.on('message', (message: FromWorker) => {
        if (message.t === 'ready') {
          everReady = true;
          database = message.database;
          if (!started) started = performance.now();
          if (chunk.length === 0) next();
        } else if (message.t === 'start') {
          current = { seed: message.seed, at: performance.now() };
        } else {
          current = null;
          chunk = chunk.filter((s) => s !== message.seed);
          cpuMs += message.cpuMs;
          restarts += message.restarts;
          if (message.lateRounds > 0) late.push(message.seed);
          record(message.seed, message.message);
          if (chunk.length === 0) next();
        }
      });
      child.on('exit', (code, signal) => {
        clearInterval(watchdog);
        running--;
        // A worker that ended on 'stop' dropped its database itself.
        if (!(stopped && code === 0) && database) void dropDatabase(database);
        if (!everReady && !stopped) {
          // It could not open its server: another would not either.
          console.log(`model-sync: a worker exited (${signal ?? code}) before its server was open`);
          process.exit(2);
        }
        if (!stopped) {
          // The worker died under a schedule: fail it, carry on with the rest.
          if (current) record(current.seed, `worker exited (${signal ?? code}) during the schedule`);
          queue.unshift(...chunk.filter((s) => s !== current?.seed));
          if (queue.length > 0) spawnWorker();
        }
        if (running === 0 && queue.length === 0 && ran < count) resolve();
      });
    };
    for (let w = 0; w < Math.min(workers, Math.ceil(count / CHUNK)); w++) spawnWorker();
  });
  await finished;

  const figures = save();
  printFigures(`model-sync: seeds ${from}…${from + count - 1}, ${workers} workers, ${backend}`, figures);
  console.log(
    `model-sync: seeds ${from}…${from + count - 1}: ran ${ran}, failed ${failed.length}${failed.length ? ` (seeds ${failed.map((f) => f.seed).join(', ')})` : ''}`,
  );
  process.exit(failed.length === 0 && ran === count ? 0 : 1);
}
