import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntryDraft } from '../../src/app/db/database';
import { vietnamDateOf } from '../../src/shared/format';
import { formatPeriodCode, periodContaining } from '../../src/shared/period';
import { bundleForBrowser } from '../bench/lib/bundle';
import { browserUnavailableReason, type Phone } from './support/browser';
import { callApi, enrollPhone, goTo, pendingLine } from './support/phone';
import { adminEnrollCode, buildPwa, type RunningServer, startServer } from './support/server';

// Two tabs of one phone (one Chromium profile: one IndexedDB, one service worker, one origin's
// Web Locks) log and sync at the same time, through the built app. The sync client keeps the tabs
// apart with the `cchc-sync` Web Lock (src/app/sync/README.md, step 1); these tests show that it
// does in a real browser (happy-dom has no Web Locks: the app tests only reach the Dexie lease),
// that nothing is sent twice or lost, and that a save whose sync finds the lock taken is not left
// waiting for the next trigger.
const skipReason = browserUnavailableReason();
const COMMUNE = 'old:18673';
const DISTRICT = 'old:446';
const TODAY = vietnamDateOf(new Date());

let server: RunningServer;
let supervisorToken = '';
let phone: Phone | null = null;
let seedScript = '';

interface ServerEntry {
  id: string;
  title: string;
  figures: Record<string, unknown>;
}

/** Every entry of the commune the server holds (voided ones left out). */
async function serverEntries(): Promise<ServerEntry[]> {
  const answer = await callApi<{ items: ServerEntry[]; total: number }>(
    server,
    `/api/v1/activities?unitId=${encodeURIComponent(COMMUNE)}&limit=500`,
    { token: supervisorToken },
  );
  expect(answer.total).toBe(answer.items.length);
  return answer.items;
}

/** The outbox and the entries of the phone's database, read with the raw IndexedDB API. */
function localState(page: Page): Promise<{ outbox: number; ids: string[]; lease: boolean }> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('cchc-field');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['outbox', 'activities', 'meta']);
          const outbox = tx.objectStore('outbox').count();
          const ids = tx.objectStore('activities').getAllKeys();
          const lease = tx.objectStore('meta').get('syncLease');
          tx.oncomplete = () => {
            db.close();
            resolve({ outbox: outbox.result, ids: ids.result.map(String), lease: lease.result !== undefined });
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

/** The `/api/v1/sync` requests the tab made, from its Resource Timing, on the shared wall clock. */
function syncRequestTimes(page: Page): Promise<{ start: number; end: number }[]> {
  return page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .filter((e) => e.name.endsWith('/api/v1/sync'))
      .map((e) => ({
        start: performance.timeOrigin + e.startTime,
        end: performance.timeOrigin + (e as PerformanceResourceTiming).responseEnd,
      })),
  );
}

/** Logs a broadcast through the form, as the person does; the app then syncs (a save while online). */
async function logBroadcast(page: Page, title: string, minutes: number): Promise<void> {
  await goTo(page, '');
  await page.click('.kind-grid a[data-kind=broadcast]');
  await page.waitForSelector('form.entry-form');
  await page.click('fieldset.choice button:has-text("Sáng")');
  await page.fill('input[name=minutes]', String(minutes));
  await page.fill('input[name=title]', title);
  await page.click('form.entry-form button[type=submit]');
  await page.waitForSelector('.page.log');
}

function draft(title: string, minutes: number): EntryDraft {
  return {
    kind: 'broadcast',
    date: TODAY,
    title,
    figures: { sessions: 1, minutes, source: 'own', timeOfDay: 'sang' },
  };
}

/**
 * In the tab, at the wall-clock time `saveAt`: saves the drafts with the app's own save function;
 * at `syncAt`: fires `online`, one of the app's own sync triggers (it joins a run of the tab
 * already going). Returns when each happened. Both tabs given one `syncAt` ask to sync within a
 * few milliseconds of each other.
 */
function saveAndSyncAt(
  page: Page,
  saveAt: number,
  syncAt: number,
  drafts: EntryDraft[],
): Promise<{ saved: number; synced: number }> {
  return page.evaluate(
    ({ saveAt, syncAt, drafts }) => {
      const at = (time: number, work: () => unknown) =>
        new Promise<number>((resolve, reject) => {
          setTimeout(
            () => {
              Promise.resolve(work()).then(() => resolve(Date.now()), reject);
            },
            Math.max(0, time - Date.now()),
          );
        });
      const seed = (globalThis as unknown as { seedEntries: (d: unknown[]) => Promise<number> }).seedEntries;
      return Promise.all([
        at(saveAt, () => seed(drafts)),
        at(syncAt, () => window.dispatchEvent(new Event('online'))),
      ]).then(([saved, synced]) => ({ saved, synced }));
    },
    { saveAt, syncAt, drafts },
  );
}

describe.skipIf(skipReason !== null)('two tabs of one phone in real Chromium', () => {
  beforeAll(async () => {
    server = await startServer({ distDir: process.env.E2E_DIST_DIR ?? (await buildPwa()) });
    const district = await adminEnrollCode(server.dataDir, DISTRICT, 'supervisor');
    supervisorToken = (
      await callApi<{ token: string }>(server, '/api/v1/enroll', {
        method: 'POST',
        body: { code: district, deviceName: 'Máy huyện' },
      })
    ).token;
    seedScript = await bundleForBrowser(fileURLToPath(new URL('./support/seed-entries.ts', import.meta.url)));
    const commune = await callApi<{ code: string }>(server, '/api/v1/enrollment-codes', {
      method: 'POST',
      body: { unitId: COMMUNE, role: 'reporter' },
      token: supervisorToken,
    });
    phone = await enrollPhone(server, commune.code, 'Điện thoại xã');
    // Every sync request of both tabs is kept in Resource Timing (the default buffer holds 250).
    await phone.context.addInitScript(() => performance.setResourceTimingBufferSize(100_000));
  }, 180_000);
  afterAll(async () => {
    await phone?.close().catch(() => undefined);
    await server?.stop();
  });

  it('both log and sync at once: every entry reaches the server exactly once, one tab at a time', async () => {
    const started = Date.now();
    const { context } = phone!;
    const tabA = phone!.page;
    const tabB = await context.newPage();
    tabB.on('pageerror', (error) => console.error('[tab B] page error:', error.message));
    const tabs = { A: tabA, B: tabB };
    const requests = { A: 0, B: 0 };
    for (const [name, tab] of Object.entries(tabs) as ['A' | 'B', Page][]) {
      tab.on('request', (r) => {
        if (r.url().endsWith('/api/v1/sync')) requests[name]++;
      });
      // A load of its own, so that the init script above runs in it.
      await tab.goto(`${server.url}/#/`);
      if (tab === tabA) await tab.reload();
      await tab.waitForSelector('.home', { timeout: 30_000 });
      await tab.evaluate(seedScript);
    }
    // Who holds the sync lock and who waits for it, sampled every 10 ms or so for the whole
    // test (the lock manager's view covers every tab of the origin).
    await tabA.evaluate(() => {
      const seen = { holders: [] as string[], waits: 0, samples: 0 };
      (globalThis as unknown as { lockSamples: typeof seen }).lockSamples = seen;
      const sample = async () => {
        const state = await navigator.locks.query();
        seen.samples++;
        for (const lock of state.held ?? []) {
          if (lock.name === 'cchc-sync' && lock.clientId && !seen.holders.includes(lock.clientId))
            seen.holders.push(lock.clientId);
        }
        if ((state.pending ?? []).some((lock) => lock.name === 'cchc-sync')) seen.waits++;
        setTimeout(() => void sample(), 10);
      };
      void sample();
    });

    // 1. The person logs through the form in one tab, then in the other, and so on: one tab is
    // on screen at a time, and each save's sync (a save while online) runs on in its tab while
    // the next is typed in the other.
    const formEntries = 6;
    const expected = new Map<string, number>();
    for (let i = 1; i <= formEntries; i++) {
      for (const [name, tab] of Object.entries(tabs) as ['A' | 'B', Page][]) {
        const minutes = name === 'A' ? i : 100 + i;
        await tab.bringToFront();
        await logBroadcast(tab, `Tab ${name} mẫu ${i}`, minutes);
        expected.set(`Tab ${name} mẫu ${i}`, minutes);
      }
    }

    // 2. Rounds in which both tabs save at once (one seq counter, one outbox) and ask to sync at
    // the same moment: in odd rounds while the saves are being written, in even ones after.
    const rounds = 6;
    const perRound = 5;
    const skews: number[] = [];
    for (let round = 1; round <= rounds; round++) {
      const saveAt = Date.now() + 150;
      const syncAt = saveAt + (round % 2 === 0 ? 300 : 0);
      const [a, b] = await Promise.all(
        (Object.entries(tabs) as ['A' | 'B', Page][]).map(([name, tab]) => {
          const drafts = Array.from({ length: perRound }, (_, i) => {
            const title = `Tab ${name} lượt ${round}.${i + 1}`;
            const minutes = (name === 'A' ? 200 : 300) + round * 10 + i;
            expected.set(title, minutes);
            return draft(title, minutes);
          });
          return saveAndSyncAt(tab, saveAt, syncAt, drafts);
        }),
      );
      skews.push(Math.abs(a!.synced - b!.synced));
      // Sometimes the next round comes while this one's syncs still run, sometimes after.
      await tabA.waitForTimeout(round % 2 === 0 ? 400 : 20);
    }
    const total = 2 * formEntries + 2 * rounds * perRound;
    const logged = Date.now();
    expect(expected.size).toBe(total);

    // 3. No tap, no other trigger: the outbox must empty by itself (a save whose sync found the
    // other tab holding the lock must not be left for the next trigger).
    await expect.poll(async () => (await localState(tabA)).outbox, { timeout: 30_000, interval: 250 }).toBe(0);
    const converged = Date.now();
    for (const tab of [tabA, tabB]) {
      await expect.poll(() => pendingLine(tab), { timeout: 10_000 }).toBe('Đã gửi hết');
    }

    // The server holds every entry exactly once, with its own figures.
    const held = await serverEntries();
    expect(held).toHaveLength(total);
    expect(new Set(held.map((e) => e.id)).size).toBe(total);
    expect(Object.fromEntries(held.map((e) => [e.title, e.figures.minutes]))).toEqual(Object.fromEntries(expected));
    const local = await localState(tabB);
    expect(new Set(local.ids)).toEqual(new Set(held.map((e) => e.id)));
    const period = formatPeriodCode(periodContaining(TODAY, 'month'));
    const report = await callApi<{ totals: Record<string, Record<string, number>> }>(
      server,
      `/api/v1/report?unitId=${encodeURIComponent(COMMUNE)}&period=${period}`,
      { token: supervisorToken },
    );
    expect(report.totals.broadcast?.sessions).toBe(total);
    expect(report.totals.broadcast?.minutes).toBe([...expected.values()].reduce((a, b) => a + b, 0));

    // Both tabs' logs show every entry.
    for (const tab of [tabA, tabB]) {
      await goTo(tab, 'log');
      await tab.waitForSelector('.page.log li.entry-row');
      await expect.poll(() => tab.locator('li.entry-row').count(), { timeout: 10_000 }).toBe(total);
      const titles = await tab.locator('li.entry-row .title').allTextContents();
      expect(new Set(titles)).toEqual(new Set(expected.keys()));
    }

    // One sync request of the phone on the wire at a time, whichever tab sent it: two requests of
    // the two tabs overlapping would mean both held the lock.
    const times = {
      A: await syncRequestTimes(tabA),
      B: await syncRequestTimes(tabB),
    };
    expect(times.A.length).toBe(requests.A);
    expect(times.B.length).toBe(requests.B);
    expect(requests.A).toBeGreaterThan(0);
    expect(requests.B).toBeGreaterThan(0);
    const all = [...times.A.map((t) => ({ ...t, tab: 'A' })), ...times.B.map((t) => ({ ...t, tab: 'B' }))].sort(
      (a, b) => a.start - b.start,
    );
    const overlaps = all.flatMap((t, i) => {
      const previous = all[i - 1];
      // 2 ms for the two renderers' clocks; a request of a tab that did not wait lasts far longer.
      return previous && t.start < previous.end - 2
        ? [`${previous.tab} ${previous.start.toFixed(1)}–${previous.end.toFixed(1)} and ${t.tab} ${t.start.toFixed(1)}`]
        : [];
    });
    expect(overlaps).toEqual([]);

    // The lock that kept them apart is the Web Lock: both tabs held it, one at a time, a tab
    // waited for it, and the fallback lease of browsers without Web Locks was never written.
    const samples = await tabA.evaluate(
      () =>
        (globalThis as unknown as { lockSamples: { holders: string[]; waits: number; samples: number } }).lockSamples,
    );
    console.log(
      `[tabs e2e] ${total} entries; sync requests A ${requests.A}, B ${requests.B}; lock samples ${samples.samples}, ` +
        `holders ${samples.holders.length}, samples with a tab waiting ${samples.waits}; ` +
        `sync triggers of the two tabs apart by ${skews.join(', ')} ms; logged in ${logged - started} ms, all sent ${converged - logged} ms later, ${Date.now() - started} ms in all`,
    );
    // At least one round asked both tabs to sync within a few milliseconds of each other.
    expect(Math.min(...skews)).toBeLessThan(25);
    expect(samples.holders.length).toBe(2);
    expect(samples.waits).toBeGreaterThan(0);
    expect(local.lease).toBe(false);
    await tabB.close();
  }, 180_000);

  it('a save whose sync finds another tab holding the lock is sent when that tab lets go, with no other trigger', async () => {
    const { context } = phone!;
    const tabA = phone!.page;
    await tabA.goto(`${server.url}/#/`);
    await tabA.waitForSelector('.home', { timeout: 30_000 });
    const tabB = await context.newPage();
    await tabB.goto(`${server.url}/#/`);
    await tabB.waitForSelector('.home', { timeout: 30_000 });
    await expect.poll(() => pendingLine(tabB), { timeout: 10_000 }).toBe('Đã gửi hết');
    const before = (await serverEntries()).length;
    let syncsOfB = 0;
    tabB.on('request', (r) => {
      if (r.url().endsWith('/api/v1/sync')) syncsOfB++;
    });

    // Tab A holds the lock as a sync run does after its last look at the outbox, just before it
    // lets go (a run of an older release, which knows nothing of what follows, does the same).
    await tabA.evaluate(
      () =>
        new Promise<void>((held) => {
          void navigator.locks.request(
            'cchc-sync',
            () =>
              new Promise<void>((release) => {
                (globalThis as unknown as { releaseSync: () => void }).releaseSync = release;
                held();
              }),
          );
        }),
    );
    // Tab B saves while online: its sync finds the lock taken and waits for it.
    await tabB.bringToFront();
    await logBroadcast(tabB, 'Lưu khi tab kia đang đồng bộ', 42);
    await tabB.waitForTimeout(1_500);
    expect(syncsOfB).toBe(0);
    expect((await localState(tabB)).outbox).toBe(1);
    const waiting = await tabB.evaluate(async () => (await navigator.locks.query()).pending?.map((l) => l.name));
    expect(waiting).toEqual(['cchc-sync']);

    // Tab A lets go; nobody taps, nothing else happens: the entry still goes out, once.
    await tabA.evaluate(() => (globalThis as unknown as { releaseSync: () => void }).releaseSync());
    await expect.poll(async () => (await localState(tabB)).outbox, { timeout: 15_000, interval: 250 }).toBe(0);
    const held = await serverEntries();
    expect(held).toHaveLength(before + 1);
    expect(held.filter((e) => e.title === 'Lưu khi tab kia đang đồng bộ').map((e) => e.figures.minutes)).toEqual([42]);
    await expect.poll(() => pendingLine(tabB), { timeout: 10_000 }).toBe('Đã gửi hết');
    await tabB.close();
  }, 120_000);
});
