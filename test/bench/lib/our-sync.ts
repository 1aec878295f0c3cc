import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { SyncRun } from '../e2e-sync';
import { type BenchBrowser, launchBenchBrowser } from './browser';
import { bundleForBrowser, harnessHtml } from './bundle';
import { withTimeout } from './figures';
import { roundTripsOf, startFront } from './front';
import type { BenchDraft } from './records';
import { readFileSync } from 'node:fs';
import { openDatabase } from '../../../src/server/db/database';
import { createEnrollmentCode } from '../../../src/server/devices/enrollment';
import { parseUnitCsv } from '../../../src/server/units/unit-csv';
import { insertUnits } from '../../../src/server/units/units.repository';
import { createBenchDatabase, dropBenchDatabase, startServerProcess } from './server';
import { HA_TINH_UNITS_CSV } from '../../support/sources';

type Measure = (
  browser: BenchBrowser,
  bytes: () => { up: number; down: number; requests: number },
  work: () => Promise<void>,
) => Promise<{ ms: number; up: number; down: number; requests: number }>;

const UNITS_CSV = HA_TINH_UNITS_CSV;

/** Loads Hà Tĩnh's units and makes a reporter code for its first commune, before the server starts. */
async function prepareCommune(databaseUrl: string): Promise<{ unitId: string; code: string }> {
  const opened = await openDatabase({ databaseUrl });
  try {
    const units = parseUnitCsv(readFileSync(UNITS_CSV, 'utf8'), { idPrefix: 'bench:', validFrom: '2025-07-01' });
    await insertUnits(opened.db, units);
    const commune = units.find((u) => u.kind === 'commune')!;
    const { code } = await createEnrollmentCode(opened.db, { unitId: commune.id, role: 'reporter', now: new Date() });
    return { unitId: commune.id, code };
  } finally {
    await opened.close();
  }
}

type PhonePage = {
  bench: {
    enroll(code: string): Promise<string>;
    seed(drafts: BenchDraft[]): Promise<number>;
    sync(): Promise<{ ms: number; rounds: number; pushed: number; pulled: number; outbox: number }>;
  };
};

/**
 * Our phone: the app's Dexie database and sync client in a page, enrolled to a demo commune of
 * our server (its own process, over a PostgreSQL database made for the run), with `drafts`
 * saved through the app's save function, then synced on the throttled link.
 */
export async function runOurSync(
  drafts: BenchDraft[],
  { measureThrottled }: { measureThrottled: Measure },
): Promise<SyncRun> {
  const dbName = `bench_e2e_${process.pid}`;
  const storage = { databaseUrl: await createBenchDatabase(dbName) };
  const { unitId, code } = await prepareCommune(storage.databaseUrl);
  const server = await startServerProcess(storage);
  let browser: BenchBrowser | null = null;
  const front = await startFront(server.origin, {
    '/__bench/phone.html': { type: 'text/html', body: harnessHtml('/__bench/phone.js') },
    '/__bench/phone.js': {
      type: 'text/javascript',
      body: await bundleForBrowser(fileURLToPath(new URL('../pages/phone-sync.ts', import.meta.url))),
    },
  });
  try {
    browser = await launchBenchBrowser();
    const page = browser.page;
    await page.goto(`${front.origin}/__bench/phone.html`);
    await page.waitForFunction(() => 'bench' in globalThis);
    await page.evaluate((c) => (globalThis as unknown as PhonePage).bench.enroll(c), code);
    const seedStarted = performance.now();
    const queued = await withTimeout(
      page.evaluate((d) => (globalThis as unknown as PhonePage).bench.seed(d), drafts),
      600_000,
      'seeding the phone',
    );
    const seedMs = performance.now() - seedStarted;
    if (queued !== drafts.length) throw new Error(`the outbox holds ${queued} of ${drafts.length}`);
    let inPage: Awaited<ReturnType<PhonePage['bench']['sync']>> | null = null;
    if (process.env.BENCH_PROFILE) {
      await browser.cdp.send('Profiler.enable');
      await browser.cdp.send('Profiler.setSamplingInterval', { interval: 500 });
      await browser.cdp.send('Profiler.start');
    }
    const logged = front.log().length;
    const m = await measureThrottled(browser, front.bytes, async () => {
      inPage = await withTimeout(
        page.evaluate(() => (globalThis as unknown as PhonePage).bench.sync()),
        600_000,
        'our sync',
      );
    });
    const roundTrips = roundTripsOf(front.log().slice(logged));
    if (process.env.BENCH_PROFILE) {
      const { profile } = await browser.cdp.send('Profiler.stop');
      printProfile(profile as CpuProfile);
    }
    const client = new pg.Client({ connectionString: storage.databaseUrl });
    await client.connect();
    const { rows } = await client.query<{ n: string }>('select count(*) as n from activities where unit_id = $1', [
      unitId,
    ]);
    await client.end();
    return {
      ms: m.ms,
      entries: drafts.length,
      bytesUp: m.up,
      bytesDown: m.down,
      requests: m.requests,
      roundTrips,
      serverCount: Number(rows[0]!.n),
      details: { inPage, seedMs, unit: unitId, storage: 'postgresql', requests: front.log() },
    };
  } finally {
    await browser?.close();
    await front.close();
    await server.child.stop();
    await dropBenchDatabase(dbName);
  }
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }[];
  samples: number[];
  timeDeltas: number[];
}

/** Prints the functions that took the most self time in a CPU profile (with BENCH_PROFILE set). */
function printProfile(profile: CpuProfile): void {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const node = byNode.get(id)!;
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    const f = node.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + dt);
  });
  console.log(`CPU profile: ${Math.round(total / 1000)} ms sampled`);
  for (const [key, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
    console.log(`${String(Math.round(us / 1000)).padStart(7)} ms  ${key}`);
  }
}
