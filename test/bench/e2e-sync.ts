// End-to-end sync in real Chromium under 4x CPU throttling on a slow link: our phone's outbox
// synced to our server, against PouchDB replicating the same records to a CouchDB-protocol server
// in the same run. Our sync is judged against the emulated link's own limit for what it moved:
// bytes up ÷ upload rate + bytes down ÷ download rate + round trips × latency; it must take ≤ 2× that.
// Run: npx tsx test/bench/e2e-sync.ts [--entries 10000] [--only ours|pouch]
import { fileURLToPath } from 'node:url';
import { type BenchDraft, makeDrafts } from './lib/records';
import { type BenchBrowser, launchBenchBrowser, SLOW_LINK } from './lib/browser';
import { bundleForBrowser, harnessHtml } from './lib/bundle';
import { argOf, type Figure, printFigures, withTimeout, writeResult } from './lib/figures';
import { roundTripsOf, startFront } from './lib/front';
import { startChild, TSX } from './lib/processes';
import { runOurSync } from './lib/our-sync';

const CPU_RATE = 4;
const SEED = 20250701;

/** The outcome of one side of the comparison. */
export interface SyncRun {
  ms: number;
  entries: number;
  bytesUp: number;
  bytesDown: number;
  requests: number;
  /** Requests that waited for the one before (the others travelled beside one), when counted. */
  roundTrips?: number;
  /** Entries the server holds afterwards, checked outside the browser. */
  serverCount: number;
  details?: Record<string, unknown>;
}

/**
 * The least time the emulated link needs to move what a run moved, in ms: its bytes each way (HTTP
 * headers included, as the front counts them) at the link's throughput, plus the link's latency
 * once per round trip (every request when round trips were not counted).
 */
export function linkLimitMs(run: SyncRun, link: typeof SLOW_LINK = SLOW_LINK): number {
  const seconds = run.bytesUp / link.uploadThroughput + run.bytesDown / link.downloadThroughput;
  return seconds * 1000 + (run.roundTrips ?? run.requests) * link.latency;
}

/** What linkLimitMs added up, for the note of its figure. */
function linkLimitNote(run: SyncRun, link: typeof SLOW_LINK = SLOW_LINK): string {
  const kbps = (bytesPerSecond: number) => `${(bytesPerSecond * 8) / 1000} kbps`;
  return `${run.bytesUp} B ÷ ${kbps(link.uploadThroughput)} + ${run.bytesDown} B ÷ ${kbps(link.downloadThroughput)} + ${run.roundTrips ?? run.requests} round trips × ${link.latency} ms`;
}

/** Runs `work` with the page throttled (CPU 4x, slow link) and counts the front's bytes. */
export async function measureThrottled(
  browser: BenchBrowser,
  bytes: () => { up: number; down: number; requests: number },
  work: () => Promise<void>,
): Promise<{ ms: number; up: number; down: number; requests: number }> {
  await browser.throttleCpu(CPU_RATE);
  await browser.throttleNetwork(SLOW_LINK);
  const before = bytes();
  const started = performance.now();
  await work();
  const ms = performance.now() - started;
  const after = bytes();
  await browser.throttleNetwork(null);
  await browser.throttleCpu(1);
  return { ms, up: after.up - before.up, down: after.down - before.down, requests: after.requests - before.requests };
}

async function runPouch(drafts: BenchDraft[]): Promise<SyncRun> {
  const { child, match } = await startChild(TSX, [fileURLToPath(new URL('./lib/couch-server.ts', import.meta.url))], {
    ready: /listening (\d+)/,
    timeoutMs: 60_000,
  });
  const couch = `http://127.0.0.1:${match[1]}`;
  const script = await bundleForBrowser(fileURLToPath(new URL('./pages/pouch-sync.ts', import.meta.url)));
  const front = await startFront(couch, {
    '/__bench/pouch.html': { type: 'text/html', body: harnessHtml('/__bench/pouch.js') },
    '/__bench/pouch.js': { type: 'text/javascript', body: script },
  });
  const browser = await launchBenchBrowser();
  try {
    const created = await fetch(`${couch}/bench`, { method: 'PUT' });
    if (!created.ok) throw new Error(`creating the CouchDB database: ${created.status}`);
    await browser.page.goto(`${front.origin}/__bench/pouch.html`);
    await browser.page.waitForFunction(() => 'bench' in globalThis);
    const docs = drafts.map(({ id, ...rest }) => ({
      _id: id,
      ...rest,
      unitId: 'bench-commune',
      deviceId: 'bench-device',
      createdAt: new Date(Date.parse(`${rest.date}T02:00:00Z`)).toISOString(),
    }));
    const seeded = await browser.page.evaluate(
      (d) => (globalThis as unknown as { bench: { seed(d: unknown[]): Promise<number> } }).bench.seed(d),
      docs,
    );
    if (seeded !== drafts.length) throw new Error(`PouchDB seeded ${seeded} of ${drafts.length}`);
    const remote = `${front.origin}/bench`;
    let inPage = 0;
    const logged = front.log().length;
    const m = await measureThrottled(browser, front.bytes, async () => {
      const r = await withTimeout(
        browser.page.evaluate(
          (url) =>
            (
              globalThis as unknown as { bench: { replicate(u: string): Promise<{ docsWritten: number; ms: number }> } }
            ).bench.replicate(url),
          remote,
        ),
        600_000,
        'PouchDB replication',
      );
      inPage = r.ms;
    });
    const roundTrips = roundTripsOf(front.log().slice(logged));
    const info = (await (await fetch(`${couch}/bench`)).json()) as { doc_count: number };
    return {
      ms: m.ms,
      entries: drafts.length,
      bytesUp: m.up,
      bytesDown: m.down,
      requests: m.requests,
      roundTrips,
      serverCount: info.doc_count,
      details: { inPageMs: inPage, batchSize: 100 },
    };
  } finally {
    await browser.close();
    await front.close();
    await child.stop();
  }
}

/** Runs both sides and returns the figures of issue 8's first target. */
export async function benchE2eSync(entries: number, only?: string): Promise<Figure[]> {
  const drafts = makeDrafts(entries, SEED);
  console.log(`e2e-sync: ${entries} entries, seed ${SEED}, CPU ${CPU_RATE}x, link ${JSON.stringify(SLOW_LINK)}`);
  const started = new Date().toISOString();
  const errors: string[] = [];
  let ours: SyncRun | null = null;
  let pouch: SyncRun | null = null;
  if (only !== 'pouch') {
    try {
      ours = await runOurSync(drafts, { measureThrottled });
    } catch (error) {
      errors.push(`ours: ${(error as Error).stack ?? error}`);
      console.error(errors.at(-1));
    }
  }
  if (only !== 'ours') {
    try {
      pouch = await runPouch(drafts);
    } catch (error) {
      errors.push(`pouch: ${(error as Error).stack ?? error}`);
      console.error(errors.at(-1));
    }
  }
  const perEntry = (r: SyncRun | null) => (r ? (r.bytesUp + r.bytesDown) / r.entries : null);
  const limitMs = ours ? linkLimitMs(ours) : null;
  const figures: Figure[] = [
    {
      name: `e2e: ${entries} entries synced, ours`,
      value: ours ? ours.ms / 1000 : null,
      unit: 's',
      note: ours
        ? `server holds ${ours.serverCount}; ${ours.requests} requests, ${ours.roundTrips ?? '?'} round trips`
        : 'not measured',
    },
    {
      name: "e2e: the link's own limit for what ours moved",
      value: limitMs === null ? null : limitMs / 1000,
      unit: 's',
      note: ours ? linkLimitNote(ours) : 'not measured',
    },
    {
      name: "e2e: time ÷ the link's own limit, ours",
      value: ours && limitMs ? ours.ms / limitMs : null,
      unit: 'x',
      target: { op: '<=', value: 2, text: '≤ 2' },
      note: ours && limitMs ? `${(ours.ms / 1000).toFixed(1)} s ÷ ${(limitMs / 1000).toFixed(1)} s` : 'not measured',
    },
    {
      name: 'e2e: bytes on the wire per entry, ours',
      value: perEntry(ours),
      unit: 'B',
      target: { op: '<=', value: 60, text: '≤ 60 B' },
      note: ours ? `up ${ours.bytesUp}, down ${ours.bytesDown}, headers included` : 'not measured',
    },
    {
      name: `e2e: ${entries} entries replicated, PouchDB`,
      value: pouch ? pouch.ms / 1000 : null,
      unit: 's',
      note: pouch ? `server holds ${pouch.serverCount}; ${pouch.requests} requests` : 'not measured',
    },
    {
      name: 'e2e: bytes on the wire per entry, PouchDB',
      value: perEntry(pouch),
      unit: 'B',
      note: pouch ? `up ${pouch.bytesUp}, down ${pouch.bytesDown}` : 'not measured',
    },
    {
      name: 'e2e: speed-up over PouchDB',
      value: ours && pouch ? pouch.ms / ours.ms : null,
      unit: 'x',
      target: { op: '>=', value: 5, text: '≥ 5x' },
      note: 'same records, link and run',
    },
  ];
  printFigures('e2e sync (Chromium, CPU 4x, 150 ms, 1.6/0.75 Mbps)', figures);
  writeResult({
    bench: 'e2e-sync',
    startedAt: started,
    finishedAt: new Date().toISOString(),
    command: `npx tsx test/bench/e2e-sync.ts --entries ${entries}`,
    figures,
    details: {
      seed: SEED,
      cpuRate: CPU_RATE,
      link: SLOW_LINK,
      ours,
      oursLinkLimitMs: limitMs,
      pouch,
      pouchLinkLimitMs: pouch ? linkLimitMs(pouch) : null,
      errors,
    },
  });
  return figures;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await benchE2eSync(Number(argOf('entries', '10000')), argOf('only'));
}
