/**
 * The field phone's budgets, measured (a benchmark, not a test): bundle sizes of the built PWA, and
 * in Chromium with the CPU throttled 4x: offline cold start to a usable home, save-to-visible-in-log
 * latency (p95 of 50 saves), and home with 20,000 local entries. Prints a table and writes JSON to
 * test/bench/results/. Run: npx tsx test/bench/phone.ts  (BENCH_DIST=<folder> reuses a build;
 * BENCH_SKIP_20K=1 stops after the save latencies).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BrowserContext, Page } from 'playwright-core';
import { launchBrowser, type Phone } from '../e2e/support/browser';
import { buildPwa, startServer } from '../e2e/support/server';

const CPU_SLOWDOWN = 4;
const SEED = Number(process.env.BENCH_SEED ?? Date.now() % 100_000);

function gzipSize(file: string): number {
  return gzipSync(readFileSync(file)).length;
}

/** First-screen JS: the entry script and every module the page preloads; the precache: every file the worker lists. */
function measureBundle(dist: string) {
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const scripts = [
    ...html.matchAll(/<script[^>]+src="\/([^"]+\.js)"/g),
    ...html.matchAll(/<link rel="modulepreload"[^>]+href="\/([^"]+\.js)"/g),
  ].map((m) => m[1]!);
  const firstScreen = [...new Set(scripts)].reduce((sum, file) => sum + gzipSize(path.join(dist, file)), 0);
  const sw = readFileSync(path.join(dist, 'sw.js'), 'utf8');
  const listed = [...new Set([...sw.matchAll(/"url":"([^"]+)"/g)].map((m) => m[1]!))];
  const precache =
    listed.reduce((sum, file) => sum + gzipSize(path.join(dist, file)), 0) + gzipSize(path.join(dist, 'sw.js'));
  return {
    firstScreenJsGzip: firstScreen,
    firstScreenFiles: scripts,
    precacheGzip: precache,
    precacheFiles: listed.length + 1,
  };
}

async function throttle(context: BrowserContext, page: Page): Promise<void> {
  // tsx keeps function names with a helper the page does not have.
  await context.addInitScript('window.__name = (f) => f;');
  await page.evaluate('window.__name = (f) => f;').catch(() => undefined);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
}

// Records, from inside the page, when home first shows its sync state and its task list.
const MARK_HOME_READY = `
  new MutationObserver((_, observer) => {
    if (document.querySelector('.home .tasks h2') && document.querySelector('[data-testid=pending]')) {
      window.__homeReadyAt = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
`;

/** Reopens the phone's profile with no network and a slow CPU; milliseconds from navigation to a usable home. */
async function offlineColdStart(profileDir: string, url: string): Promise<number> {
  const phone = await launchBrowser({ profileDir });
  try {
    await phone.context.setOffline(true);
    await phone.context.addInitScript(MARK_HOME_READY);
    await throttle(phone.context, phone.page);
    await phone.page.goto(`${url}/#/`);
    await phone.page.waitForFunction(
      () => (window as unknown as { __homeReadyAt?: number }).__homeReadyAt !== undefined,
      null,
      {
        timeout: 60_000,
      },
    );
    return await phone.page.evaluate(() => (window as unknown as { __homeReadyAt: number }).__homeReadyAt);
  } finally {
    await phone.close();
  }
}

async function saveLatencies(page: Page, count: number): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) {
    await page.evaluate(() => {
      location.hash = '#/new/broadcast';
    });
    await page.waitForSelector('form.entry-form input[name=title]');
    const title = `Bản tin đo ${SEED}-${i}`;
    await page.fill('input[name=title]', title);
    await page.fill('input[name=minutes]', '10');
    latencies.push(
      await page.evaluate(
        (wanted) =>
          new Promise<number>((resolve) => {
            const t0 = performance.now();
            const check = () => {
              const rows = document.querySelectorAll('li.entry-row .title');
              for (const row of rows) if (row.textContent === wanted) return resolve(performance.now() - t0);
              requestAnimationFrame(check);
            };
            (document.querySelector('form.entry-form button[type=submit]') as HTMLButtonElement).click();
            requestAnimationFrame(check);
          }),
        title,
      ),
    );
  }
  return latencies;
}

/** Writes entries straight into the phone's IndexedDB, spread over the last year. */
async function seedEntries(page: Page, count: number, seed: number): Promise<void> {
  await page.evaluate(
    async ({ count, seed }) => {
      let state = seed || 1;
      const random = () => {
        state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
        return state / 2_147_483_648;
      };
      const open = indexedDB.open('cchc-field');
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const meta = await new Promise<Record<string, unknown>>((resolve) => {
        const out: Record<string, unknown> = {};
        const req = db.transaction('meta').objectStore('meta').openCursor();
        req.onsuccess = () => {
          const cursor = req.result;
          if (!cursor) return resolve(out);
          const row = cursor.value as { key: string; value: unknown };
          out[row.key] = row.value;
          cursor.continue();
        };
      });
      const kinds = ['broadcast', 'article', 'material', 'visual', 'training', 'meeting', 'contest', 'other'];
      const tx = db.transaction('activities', 'readwrite');
      const store = tx.objectStore('activities');
      const now = Date.now();
      for (let i = 0; i < count; i++) {
        const kind = kinds[Math.floor(random() * kinds.length)]!;
        const date = new Date(now - Math.floor(random() * 365) * 86_400_000).toISOString().slice(0, 10);
        const figures: Record<string, number | string> =
          kind === 'material'
            ? { copies: 1 + Math.floor(random() * 100), direction: random() < 0.3 ? 'received' : 'distributed' }
            : kind === 'broadcast'
              ? { sessions: 1, minutes: 10, source: 'own' }
              : ['training', 'meeting', 'contest'].includes(kind)
                ? { sessions: 1, participants: Math.floor(random() * 60) }
                : { items: 1 };
        store.put({
          id: `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`,
          unitId: meta.unitId,
          deviceId: meta.deviceId,
          kind,
          date,
          title: `Mục ${i}`,
          figures,
          createdAt: new Date(now).toISOString(),
          voided: false,
          voidReason: null,
          receivedAt: new Date(now).toISOString(),
          syncState: 'synced',
          serverVersion: 1,
          error: null,
          conflictWith: null,
        });
      }
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      // Entries written behind the app's back leave its daily roll-up stale; empty it as an
      // upgrade from a version without one would, so the app rebuilds it on its next start.
      const clear = db.transaction('daily', 'readwrite');
      clear.objectStore('daily').clear();
      await new Promise<void>((resolve) => {
        clear.oncomplete = () => resolve();
      });
      db.close();
    },
    { count, seed },
  );
}

/** Milliseconds from tapping a period tab to home showing that period's figures. */
async function periodSwitchRender(page: Page, tab: string): Promise<number> {
  return page.evaluate(
    (tabText) =>
      new Promise<number>((resolve) => {
        const before = document.querySelector('[data-testid=totals]')?.textContent ?? '';
        const button = [...document.querySelectorAll('.period .segmented button')].find(
          (b) => b.textContent === tabText,
        ) as HTMLButtonElement;
        const t0 = performance.now();
        button.click();
        const check = () => {
          const now = document.querySelector('[data-testid=totals]')?.textContent ?? '';
          if (now !== before || performance.now() - t0 > 20_000) return resolve(performance.now() - t0);
          requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      }),
    tab,
  );
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function median(values: number[]): number {
  return percentile(values, 50);
}

async function main(): Promise<void> {
  console.log(`phone bench: CPU ${CPU_SLOWDOWN}x slower, seed ${SEED}`);
  const dist = process.env.BENCH_DIST ?? (await buildPwa());
  const bundle = measureBundle(dist);
  const server = await startServer({ distDir: dist });
  let phone: Phone | null = null;
  try {
    const code = server.codes.find((c) => c.line.startsWith('Cán bộ Thị trấn Cẩm Xuyên'));
    if (!code) throw new Error(`no commune code printed:\n${server.output()}`);
    phone = await launchBrowser();
    const profileDir = phone.profileDir;
    await phone.page.goto(`${server.url}/?code=${code.code}`);
    await phone.page.fill('input[name=deviceName]', 'Máy đo');
    await phone.page.click('button[type=submit]');
    await phone.page.waitForSelector('.home', { timeout: 60_000 });
    await phone.page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    await phone.context.close();

    const coldStarts: number[] = [];
    for (let i = 0; i < 5; i++) coldStarts.push(await offlineColdStart(profileDir, server.url));

    phone = await launchBrowser({ profileDir });
    await phone.context.setOffline(true);
    await throttle(phone.context, phone.page);
    await phone.page.goto(`${server.url}/#/`);
    await phone.page.waitForSelector('.home');
    const saves = await saveLatencies(phone.page, 50);

    if (process.env.BENCH_SKIP_20K) {
      console.log(`save → visible: p50 ${median(saves).toFixed(1)} ms, p95 ${percentile(saves, 95).toFixed(1)} ms`);
      return;
    }
    await seedEntries(phone.page, 20_000, SEED);
    await phone.context.close();
    // Entries written behind the app's back: the first start rebuilds the daily roll-up; not timed.
    phone = await launchBrowser({ profileDir });
    await phone.context.setOffline(true);
    await phone.page.goto(`${server.url}/#/`);
    await phone.page.waitForSelector('[data-testid=totals]', { timeout: 120_000 });
    await phone.context.close();
    const coldStarts20k: number[] = [];
    for (let i = 0; i < 3; i++) coldStarts20k.push(await offlineColdStart(profileDir, server.url));
    phone = await launchBrowser({ profileDir });
    await phone.context.setOffline(true);
    await throttle(phone.context, phone.page);
    await phone.page.goto(`${server.url}/#/`);
    await phone.page.waitForSelector('[data-testid=totals]', { timeout: 60_000 });
    const switches: number[] = [];
    for (const tab of ['Năm', 'Tháng', 'Quý', 'Tháng', 'Năm', 'Tháng'])
      switches.push(await periodSwitchRender(phone.page, tab));
    const entriesInDb = await phone.page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const open = indexedDB.open('cchc-field');
          open.onsuccess = () => {
            const req = open.result.transaction('activities').objectStore('activities').count();
            req.onsuccess = () => resolve(req.result);
          };
        }),
    );

    const rows: [string, string, string, boolean][] = [
      [
        'first-screen JS (gzip)',
        `${(bundle.firstScreenJsGzip / 1024).toFixed(1)} KB`,
        '≤ 60 KB',
        bundle.firstScreenJsGzip <= 60 * 1024,
      ],
      [
        'whole precache (gzip)',
        `${(bundle.precacheGzip / 1024).toFixed(1)} KB`,
        '≤ 300 KB',
        bundle.precacheGzip <= 300 * 1024,
      ],
      [
        'offline cold start → usable home (median of 5)',
        `${median(coldStarts).toFixed(0)} ms`,
        '< 1500 ms',
        median(coldStarts) < 1500,
      ],
      [
        'save → visible in log, p95 of 50',
        `${percentile(saves, 95).toFixed(1)} ms`,
        '< 50 ms',
        percentile(saves, 95) < 50,
      ],
      [
        `offline cold start with ${entriesInDb} entries (median of 3)`,
        `${median(coldStarts20k).toFixed(0)} ms`,
        '—',
        true,
      ],
      [
        `home re-render on period switch, ${entriesInDb} entries (max of 6)`,
        `${Math.max(...switches).toFixed(0)} ms`,
        '< 200 ms',
        Math.max(...switches) < 200,
      ],
    ];
    console.log('');
    console.log(`| measure | value | budget | ok |\n|---|---|---|---|`);
    for (const [name, value, budget, ok] of rows)
      console.log(`| ${name} | ${value} | ${budget} | ${ok ? 'yes' : 'NO'} |`);
    const result = {
      at: new Date().toISOString(),
      seed: SEED,
      cpuSlowdown: CPU_SLOWDOWN,
      bundle,
      coldStartMs: coldStarts,
      saveToVisibleMs: { p50: median(saves), p95: percentile(saves, 95), max: Math.max(...saves), all: saves },
      coldStartWith20kMs: coldStarts20k,
      periodSwitchWith20kMs: switches,
      entriesInDb,
    };
    mkdirSync('test/bench/results', { recursive: true });
    const file = `test/bench/results/phone-${result.at.replace(/[:.]/g, '-')}.json`;
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`\nwritten ${file}`);
  } finally {
    await phone?.close().catch(() => undefined);
    await server.stop();
  }
}

await main();
