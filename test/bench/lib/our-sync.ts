import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { SyncRun } from '../e2e-sync';
import { type BenchBrowser, launchBenchBrowser } from './browser';
import { bundleForBrowser, harnessHtml } from './bundle';
import { withTimeout } from './figures';
import { startFront } from './front';
import type { BenchDraft } from './records';
import { createBenchDatabase, dropBenchDatabase, runAdmin, startServerProcess } from './server';

type Measure = (
  browser: BenchBrowser,
  bytes: () => { up: number; down: number; requests: number },
  work: () => Promise<void>,
) => Promise<{ ms: number; up: number; down: number; requests: number }>;

/** Unit as `admin units --json` prints it. */
interface AdminUnit {
  id: string;
  name: string;
  kind: string;
  parentId: string | null;
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
    const units = await runAdmin<AdminUnit[]>(storage, ['units', '--json']);
    const commune = units.find((u) => u.kind === 'commune');
    if (!commune) throw new Error('the demo has no commune');
    const { code } = await runAdmin<{ code: string }>(storage, [
      'enroll-code',
      '--unit',
      commune.id,
      '--role',
      'reporter',
      '--json',
    ]);
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
    const m = await measureThrottled(browser, front.bytes, async () => {
      inPage = await withTimeout(
        page.evaluate(() => (globalThis as unknown as PhonePage).bench.sync()),
        600_000,
        'our sync',
      );
    });
    const client = new pg.Client({ connectionString: storage.databaseUrl });
    await client.connect();
    const { rows } = await client.query<{ n: string }>('select count(*) as n from activities where unit_id = $1', [
      commune.id,
    ]);
    await client.end();
    return {
      ms: m.ms,
      entries: drafts.length,
      bytesUp: m.up,
      bytesDown: m.down,
      requests: m.requests,
      serverCount: Number(rows[0]!.n),
      details: { inPage, seedMs, unit: commune.id, storage: 'postgresql' },
    };
  } finally {
    await browser?.close();
    await front.close();
    await server.child.stop();
    await dropBenchDatabase(dbName);
  }
}
