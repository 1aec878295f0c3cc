// The server under test as its own process: the app factory over the database the environment
// names (DATABASE_URL, else PGlite in DATA_DIR), listening on 127.0.0.1:PORT. Prints `listening`.
// WORKERS=n (PostgreSQL) serves from n processes as `npm start` does.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { buildApp, LISTEN_BACKLOG } from '../../../src/server/app';
import { openDatabase } from '../../../src/server/db/database';
import { isWorker, runWorkers } from '../../../src/server/workers';

const WORKERS = Number(process.env.WORKERS ?? 1);
if (WORKERS > 1 && !isWorker && process.env.DATABASE_URL) {
  // Migrate once, then let the workers serve.
  await (await openDatabase({ databaseUrl: process.env.DATABASE_URL })).close();
  process.exit(await runWorkers(WORKERS, (message) => console.error(message)));
}

// As `npm start` opens it: PGlite on its own thread (PGLITE_THREAD=0 keeps it on the server's, to compare).
const opened = await openDatabase(
  process.env.DATABASE_URL
    ? { databaseUrl: process.env.DATABASE_URL }
    : { dataDir: process.env.DATA_DIR ?? './data', thread: process.env.PGLITE_THREAD !== '0' },
);
const app = await buildApp({ db: opened.db });
await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1', backlog: LISTEN_BACKLOG });
console.log(`listening ${JSON.stringify(app.server.address())}`);

// BENCH_PROFILE=dir writes the server's CPU profile there on stop, to see what bounds it.
const profiler = process.env.BENCH_PROFILE ? new Session() : null;
if (profiler) {
  profiler.connect();
  await profiler.post('Profiler.enable');
  await profiler.post('Profiler.start');
}

async function stop(): Promise<void> {
  if (profiler) {
    const { profile } = await profiler.post('Profiler.stop');
    writeFileSync(`${process.env.BENCH_PROFILE}/serve-${process.pid}.cpuprofile`, JSON.stringify(profile));
  }
  await app.close();
  await opened.close();
  process.exit(0);
}
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => (isWorker ? undefined : void stop()));
