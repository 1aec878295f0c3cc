// Evidence over the slow link (issue 14, Measure): 20 photos taken offline in the built PWA (through
// its file input, shrunk by the app itself), then synced to the real server over the slow link
// (150 ms, 750 kbps up, CPU 4x) through a proxy that counts the bytes and logs each chunk PUT.
// Checks: the entries' counts arrive before the first photo finishes; the bytes sent up are within
// 5 % of the files' sizes; and a second 20 photos, with the link cut every 20 s, still all arrive
// without a finished chunk sent twice.
// Run: npx tsx test/bench/evidence.ts
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { type CuttableLink, resentAcceptedChunks, startCuttableLink } from '../support/cuttable-link';
import { adminEnrollCode, buildPwa, type RunningServer, startServer } from '../e2e/support/server';
import { type BenchBrowser, launchBenchBrowser, SLOW_LINK } from './lib/browser';
import { type Figure, printFigures, withTimeout, writeResult } from './lib/figures';

const CPU_RATE = 4;
const PHOTOS = 20;
const PER_ENTRY = 10;
const CUT_EVERY_MS = 20_000;
const CUT_FOR_MS = 3_000;

interface StoredRow {
  sha256: string;
  thumbSha256: string | null;
  state: string;
  size: number;
  thumbSize: number;
}

function storedRows(page: Page): Promise<StoredRow[]> {
  return page.evaluate(
    () =>
      new Promise<StoredRow[]>((resolve, reject) => {
        const open = indexedDB.open('cchc-field');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const all = open.result.transaction('attachments').objectStore('attachments').getAll();
          all.onerror = () => reject(all.error);
          all.onsuccess = () =>
            resolve(
              (
                all.result as { sha256: string; thumbSha256: string | null; state: string; size: number; thumb: Blob }[]
              ).map((r) => ({
                sha256: r.sha256,
                thumbSha256: r.thumbSha256,
                state: r.state,
                size: r.size,
                thumbSize: r.thumb?.size ?? 0,
              })),
            );
        };
      }),
  );
}

/** A 2400×1800 camera-like JPEG drawn in the page, different for each `n`. */
async function cameraJpeg(page: Page, n: number): Promise<Buffer> {
  const base64 = await page.evaluate(async (n) => {
    const canvas = new OffscreenCanvas(2400, 1800);
    const g = canvas.getContext('2d')!;
    const sky = g.createLinearGradient(0, 0, 0, 1800);
    sky.addColorStop(0, `hsl(${(n * 47) % 360} 50% 70%)`);
    sky.addColorStop(1, '#f4e2b8');
    g.fillStyle = sky;
    g.fillRect(0, 0, 2400, 1800);
    g.fillStyle = '#c0392b';
    g.fillRect(300, 500, 1800, 420);
    g.fillStyle = '#ffeb3b';
    g.font = 'bold 110px sans-serif';
    g.fillText(`TẬP HUẤN CCHC — ẢNH ${n + 1}`, 360, 760);
    for (let i = 0; i < 400; i++) {
      g.fillStyle = `hsl(${(i * 37 + n * 11) % 360} 45% ${30 + ((i * 7) % 40)}%)`;
      g.beginPath();
      g.arc((i * 173 + n * 59) % 2400, 1000 + ((i * 97) % 800), 20 + ((i * 13) % 40), 0, Math.PI * 2);
      g.fill();
    }
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.92 });
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let text = '';
    for (const b of bytes) text += String.fromCharCode(b);
    return btoa(text);
  }, n);
  return Buffer.from(base64, 'base64');
}

async function setLink(browser: BenchBrowser, offline: boolean): Promise<void> {
  await browser.cdp.send('Network.emulateNetworkConditions', { offline, ...SLOW_LINK });
}

/** Offline, logs PHOTOS / PER_ENTRY entries with PER_ENTRY photos each, taken through the file input. */
async function takePhotosOffline(browser: BenchBrowser, firstPhoto: number, label: string): Promise<void> {
  const { page } = browser;
  await browser.cdp.send('Network.emulateNetworkConditions', {
    offline: true,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: -1,
  });
  for (let e = 0; e < PHOTOS / PER_ENTRY; e++) {
    await page.click('.bottom-nav a[href="#/"]');
    await page.click('.kind-grid a[data-kind=broadcast]');
    await page.waitForSelector('form.entry-form');
    await page.click('fieldset.choice button:has-text("Sáng")');
    await page.fill('input[name=minutes]', '15');
    await page.fill('input[name=title]', `${label} ${e + 1}`);
    for (let p = 0; p < PER_ENTRY; p++) {
      const n = firstPhoto + e * PER_ENTRY + p;
      const buffer = await cameraJpeg(page, n);
      await page.setInputFiles('input[name=photo]', { name: `IMG_${3000 + n}.jpg`, mimeType: 'image/jpeg', buffer });
      await page.waitForFunction((count) => document.querySelectorAll('.attachment-list li').length >= count, p + 1, {
        timeout: 30_000,
      });
    }
    await page.click('form.entry-form button[type=submit]');
    await page.waitForSelector('.page.log');
  }
}

interface RunFigures {
  ms: number;
  /** Requests the phone sent through the link during the run. */
  requests: number;
  photos: number;
  fileBytes: number;
  bytesUp: number;
  chunkPuts: number;
  resent: number;
  answersLost: number;
  cuts: number;
  countsMs: number | null;
  firstFileMs: number | null;
  /** Photos whole on the server, as the phone recorded them, when the run ended. */
  photosDone: number;
}

/** Goes online over the slow link (cut every CUT_EVERY_MS when asked) and waits until every photo is sent. */
async function syncPhotos(
  browser: BenchBrowser,
  link: CuttableLink,
  known: Set<string>,
  cutting: boolean,
): Promise<RunFigures> {
  const { page } = browser;
  const rows = (await storedRows(page)).filter((r) => !known.has(r.sha256));
  const shas = new Set(rows.flatMap((r) => [r.sha256, r.thumbSha256 ?? '']));
  const fileBytes = rows.reduce((sum, r) => sum + r.size + r.thumbSize, 0);
  const chunksBefore = link.chunks().length;
  const forwardedBefore = link.forwarded().length;
  const upBefore = link.bytes().up;
  let cuts = 0;
  let cutTimer: NodeJS.Timeout | undefined;
  const scheduleCut = () => {
    cutTimer = setTimeout(async () => {
      cuts++;
      link.cut();
      await setLink(browser, true);
      setTimeout(async () => {
        link.restore();
        await setLink(browser, false);
        scheduleCut();
      }, CUT_FOR_MS);
    }, CUT_EVERY_MS);
  };
  await browser.cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_RATE });
  const started = performance.now();
  await setLink(browser, false);
  if (cutting) scheduleCut();
  try {
    await withTimeout(
      (async () => {
        for (;;) {
          const now = (await storedRows(page)).filter((r) => !known.has(r.sha256));
          if (now.length === rows.length && now.every((r) => r.state === 'done')) return;
          await new Promise((r) => setTimeout(r, 1_000));
        }
      })(),
      150_000,
      'photos to be sent',
    );
  } finally {
    clearTimeout(cutTimer);
    link.restore();
    await setLink(browser, false);
    await browser.cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  }
  const ms = performance.now() - started;
  const photosDone = (await storedRows(page)).filter((r) => !known.has(r.sha256) && r.state === 'done').length;
  const bytesUp = link.bytes().up - upBefore;
  const chunks = link.chunks().slice(chunksBefore);
  const mine = chunks.filter((c) => shas.has(c.sha256));
  const sync = link
    .forwarded()
    .slice(forwardedBefore)
    .find((f) => f.method === 'POST' && f.path === '/api/v1/sync' && f.status === 200);
  const firstFile = mine.find((c) => c.complete && c.status === 200);
  for (const r of rows) known.add(r.sha256);
  return {
    ms,
    requests: link.forwarded().length - forwardedBefore,
    photos: rows.length,
    fileBytes,
    bytesUp,
    chunkPuts: mine.length,
    resent: resentAcceptedChunks(chunks).length,
    answersLost: mine.filter((c) => c.answerLost).length,
    cuts,
    countsMs: sync ? sync.at - started : null,
    firstFileMs: firstFile ? firstFile.at - started : null,
    photosDone,
  };
}

/** The least time the slow link needs for a run: its bytes up at the link's rate, plus its latency per request. */
function linkLimitMs(run: RunFigures): number {
  return (run.bytesUp / SLOW_LINK.uploadThroughput) * 1000 + run.requests * SLOW_LINK.latency;
}

async function enroll(browser: BenchBrowser, server: RunningServer, link: CuttableLink): Promise<void> {
  const { page } = browser;
  const code = await adminEnrollCode(server.dataDir, 'old:18673', 'reporter');
  await page.goto(`${link.origin}/?code=${code}`);
  await page.fill('input[name=deviceName]', 'Điện thoại xã (bench)');
  await page.click('button[type=submit]');
  await page.waitForSelector('.home', { timeout: 60_000 });
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
}

export async function benchEvidence(): Promise<Figure[]> {
  const startedAt = new Date().toISOString();
  const distDir = await buildPwa();
  const server = await startServer({ distDir });
  const link = await startCuttableLink(server.url);
  const browser = await launchBenchBrowser();
  const known = new Set<string>();
  let steady: RunFigures;
  let cut: RunFigures;
  try {
    await enroll(browser, server, link);
    await takePhotosOffline(browser, 0, 'Tập huấn có ảnh');
    steady = await syncPhotos(browser, link, known, false);
    await takePhotosOffline(browser, PHOTOS, 'Hội nghị có ảnh');
    cut = await syncPhotos(browser, link, known, true);
  } finally {
    await browser.close();
    await link.close();
    await server.stop();
  }
  const overhead = (steady.bytesUp / steady.fileBytes - 1) * 100;
  const figures: Figure[] = [
    {
      name: 'evidence: counts in before the first photo is whole',
      value: steady.countsMs !== null && steady.firstFileMs !== null ? steady.firstFileMs - steady.countsMs : null,
      unit: 'ms',
      target: { op: '>=', value: 0, text: '> 0 (counts first)' },
      note: `counts answered at ${Math.round(steady.countsMs ?? -1)} ms, first file whole at ${Math.round(steady.firstFileMs ?? -1)} ms`,
    },
    {
      name: `evidence: ${steady.photos} photos sent over the slow link`,
      value: steady.ms / 1000,
      unit: 's',
      note: `${steady.fileBytes} B of photos and thumbnails in ${steady.chunkPuts} chunk PUTs`,
    },
    {
      name: 'evidence: time over what the link itself needs',
      value: steady.ms / linkLimitMs(steady),
      unit: 'x',
      note: `${steady.bytesUp} B ÷ ${(SLOW_LINK.uploadThroughput * 8) / 1000} kbps + ${steady.requests} requests × ${SLOW_LINK.latency} ms = ${Math.round(linkLimitMs(steady) / 1000)} s; the rest is the phone's and the server's work (CPU ${CPU_RATE}x, load ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores)`,
    },
    {
      name: 'evidence: bytes up over the files’ sizes',
      value: overhead,
      unit: '%',
      target: { op: '<=', value: 5, text: '≤ 5 %' },
      note: `${steady.bytesUp} B of HTTP up (headers, registrations and the entries' sync included) for ${steady.fileBytes} B of files`,
    },
    {
      name: `evidence: ${cut.photos} photos with the link cut every ${CUT_EVERY_MS / 1000} s`,
      value: cut.ms / 1000,
      unit: 's',
      note: `${cut.cuts} cuts of ${CUT_FOR_MS / 1000} s; ${cut.answersLost} chunk answers lost in a cut; ${cut.chunkPuts} chunk PUTs; ${cut.bytesUp} B up for ${cut.fileBytes} B`,
    },
    {
      name: 'evidence: photos whole with the link cut',
      value: cut.photosDone,
      unit: 'photos',
      target: { op: '>=', value: cut.photos, text: `all ${cut.photos}, through ≥ 1 cut` },
      note: `${cut.cuts} cuts; counts answered at ${Math.round(cut.countsMs ?? -1)} ms`,
    },
    {
      name: 'evidence: accepted chunks sent again (link cut)',
      value: cut.resent,
      unit: 'chunks',
      target: { op: '<=', value: 0, text: '0' },
    },
  ];
  printFigures(`evidence (Chromium, CPU ${CPU_RATE}x, 150 ms, 0.75 Mbps up)`, figures);
  writeResult({
    bench: 'evidence',
    startedAt,
    finishedAt: new Date().toISOString(),
    command: 'npx tsx test/bench/evidence.ts',
    figures,
    details: { cpuRate: CPU_RATE, link: SLOW_LINK, steady, cut },
  });
  if (steady.countsMs === null || steady.firstFileMs === null || steady.countsMs > steady.firstFileMs) {
    throw new Error('the counts did not arrive before the first photo was whole');
  }
  if (cut.resent > 0) throw new Error(`${cut.resent} accepted chunks were sent again`);
  // A run shorter than one cut proves nothing of resuming.
  if (cut.cuts < 1) throw new Error('the link was never cut during the second run');
  if (cut.photosDone < cut.photos || cut.countsMs === null)
    throw new Error(`with the link cut, ${cut.photosDone} of ${cut.photos} photos arrived`);
  return figures;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await benchEvidence();
}
