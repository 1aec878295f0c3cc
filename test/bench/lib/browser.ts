import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, type CDPSession, chromium, type Page } from 'playwright-core';

/** The slow link of issue 8: 150 ms latency, 1.6 Mbps down, 750 kbps up. */
export const SLOW_LINK = { latency: 150, downloadThroughput: 200_000, uploadThroughput: 93_750 } as const;

/** Chromium flags every helper uses on this machine. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A page in a fresh Chromium profile with a DevTools session to throttle it. */
export interface BenchBrowser {
  context: BrowserContext;
  page: Page;
  cdp: CDPSession;
  /** Throttles the CPU by `rate` (1 = none). */
  throttleCpu(rate: number): Promise<void>;
  /** Emulates the slow link, or lifts it with `null`. */
  throttleNetwork(link: typeof SLOW_LINK | null): Promise<void>;
  close(): Promise<void>;
}

/** Launches Chromium with a fresh profile folder, removed on close. */
export async function launchBenchBrowser(): Promise<BenchBrowser> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-chromium-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  return {
    context,
    page,
    cdp,
    async throttleCpu(rate) {
      await cdp.send('Emulation.setCPUThrottlingRate', { rate });
    },
    async throttleNetwork(link) {
      await cdp.send(
        'Network.emulateNetworkConditions',
        link
          ? { offline: false, ...link }
          : { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 },
      );
    },
    async close() {
      await context.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
