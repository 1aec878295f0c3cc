// Content relay's download (issue 15) on the slow link (150 ms, 1.6 Mbps down): a 10-minute
// segment at 32 kbps (~2.4 MB) fetched by the phone's own downloader (the list, then the file in
// Range parts each kept in IndexedDB, its SHA-256 checked) in real Chromium, beside a plain HTTP
// GET of the same file in the same page and run. Target: at most 1.25× the plain download.
// Run: npx tsx test/bench/content-download.ts
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../../src/server/db/database';
import { createEnrollmentCode } from '../../src/server/devices/enrollment';
import { parseUnitCsv } from '../../src/server/units/unit-csv';
import { insertUnits } from '../../src/server/units/units.repository';
import { UPLOAD_CHUNK_BYTES } from '../../src/shared/attachment';
import { wav } from '../support/audio';
import { HA_TINH_UNITS_CSV } from '../support/sources';
import { type BenchBrowser, launchBenchBrowser, SLOW_LINK } from './lib/browser';
import { bundleForBrowser, harnessHtml } from './lib/bundle';
import { type Figure, printFigures, withTimeout, writeResult } from './lib/figures';
import { startFront } from './lib/front';
import type { ContentHarness } from './pages/content-download';
import { createBenchDatabase, dropBenchDatabase, startServerProcess } from './lib/server';

// 600 s at 4,000 samples a second, 8 bits would be 2.4 MB; our WAV is 16-bit, so 300 s at 4,000.
const SEGMENT = wav(300, 4_000);

type Page = { bench: ContentHarness };

async function main(): Promise<void> {
  const startedAt = new Date().toISOString();
  const dbName = `bench_content_${process.pid}`;
  const databaseUrl = await createBenchDatabase(dbName);
  const opened = await openDatabase({ databaseUrl });
  const units = parseUnitCsv(readFileSync(HA_TINH_UNITS_CSV, 'utf8'), { idPrefix: 'bench:', validFrom: '2025-07-01' });
  await insertUnits(opened.db, units);
  const province = units.find((u) => u.kind === 'province')!;
  const commune = units.find((u) => u.kind === 'commune')!;
  const now = new Date();
  const supervisorCode = (await createEnrollmentCode(opened.db, { unitId: province.id, role: 'supervisor', now })).code;
  const phoneCode = (await createEnrollmentCode(opened.db, { unitId: commune.id, role: 'reporter', now })).code;
  await opened.close();
  const server = await startServerProcess({ databaseUrl });
  let browser: BenchBrowser | null = null;
  const front = await startFront(server.origin, {
    '/__bench/content.html': { type: 'text/html', body: harnessHtml('/__bench/content.js') },
    '/__bench/content.js': {
      type: 'text/javascript',
      body: await bundleForBrowser(fileURLToPath(new URL('./pages/content-download.ts', import.meta.url))),
    },
  });
  try {
    // Upstream publishes the segment to the commune and sends it (not measured).
    const enrolled = await fetch(`${server.origin}/api/v1/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: supervisorCode, deviceName: 'Máy tỉnh' }),
    });
    const { token } = (await enrolled.json()) as { token: string };
    const sha256 = createHash('sha256').update(SEGMENT).digest('hex');
    const published = await fetch(`${server.origin}/api/v1/content`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        id: randomUUID(),
        kind: 'audio',
        title: 'Chuyên mục CCHC 10 phút',
        seconds: 600,
        file: { sha256, size: SEGMENT.length, mime: 'audio/wav', name: 'chuyen-muc.wav' },
        unitIds: [commune.id],
        unitKinds: [],
        createdAt: new Date().toISOString(),
      }),
    });
    if (!published.ok) throw new Error(`publishing: ${published.status} ${await published.text()}`);
    for (let at = 0; at < SEGMENT.length; at += UPLOAD_CHUNK_BYTES) {
      const chunk = SEGMENT.subarray(at, at + UPLOAD_CHUNK_BYTES);
      const put = await fetch(`${server.origin}/api/v1/files/${sha256}`, {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/octet-stream',
          'content-range': `bytes ${at}-${at + chunk.length - 1}/${SEGMENT.length}`,
        },
        body: new Uint8Array(chunk),
      });
      if (!put.ok) throw new Error(`uploading: ${put.status} ${await put.text()}`);
    }

    browser = await launchBenchBrowser();
    const page = browser.page;
    await page.goto(`${front.origin}/__bench/content.html`);
    await page.waitForFunction(() => 'bench' in globalThis);
    await page.evaluate((c) => (globalThis as unknown as Page).bench.enroll(c), phoneCode);
    await browser.throttleNetwork(SLOW_LINK);
    const plain = await withTimeout(
      page.evaluate((s) => (globalThis as unknown as Page).bench.plain(s), sha256),
      300_000,
      'the plain download',
    );
    const ours = await withTimeout(
      page.evaluate(() => (globalThis as unknown as Page).bench.download()),
      300_000,
      "the phone's download",
    );
    await browser.throttleNetwork(null);
    if (ours.bytes !== SEGMENT.length || plain.bytes !== SEGMENT.length)
      throw new Error(`downloaded ${ours.bytes} and ${plain.bytes} of ${SEGMENT.length} bytes`);
    const linkMs = (SEGMENT.length / SLOW_LINK.downloadThroughput) * 1000;
    const figures: Figure[] = [
      {
        name: 'content download, the app (Range parts into IndexedDB)',
        value: Math.round(ours.ms),
        unit: 'ms',
        note: `${SEGMENT.length} B; the link alone needs ${Math.round(linkMs)} ms`,
      },
      { name: 'content download, plain HTTP GET', value: Math.round(plain.ms), unit: 'ms' },
      {
        name: 'content download, app ÷ plain',
        value: Math.round((ours.ms / plain.ms) * 100) / 100,
        unit: '×',
        target: { op: '<=', value: 1.25, text: '≤ 1.25× a plain download' },
      },
    ];
    printFigures('content download (Chromium, 150 ms, 1.6 Mbps down)', figures);
    writeResult({
      bench: 'content-download',
      startedAt,
      finishedAt: new Date().toISOString(),
      command: 'npx tsx test/bench/content-download.ts',
      figures,
      details: { bytes: SEGMENT.length, link: SLOW_LINK, ours, plain },
    });
  } finally {
    await browser?.close();
    await front.close();
    await server.child.stop();
    await dropBenchDatabase(dbName);
  }
}

await main();
