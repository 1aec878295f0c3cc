import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';

/** The phone's first-screen budget: the scripts fetched before a first screen is drawn, gzip -6 each. */
export const FIRST_SCREEN_JS_BUDGET = 60 * 1024;

/** What a first screen cost in script: each file fetched before it was drawn, with its gzip -6 size. */
export interface FirstScreenScripts {
  files: { path: string; gzip: number }[];
  gzip: number;
}

/**
 * Opens `url` and measures the JavaScript the browser fetched before `selector` first matched in
 * the page (the screen drawn): every script its resource timing lists as started before that
 * moment (entry, module preloads, lazy chunks the screen waited for), each fetched again from the
 * server and compressed with gzip at level 6, as a server would send it.
 */
export async function measureFirstScreen(page: Page, url: string, selector: string): Promise<FirstScreenScripts> {
  // A string, not a function: tsx would wrap a function's inner helpers in a name helper the page lacks.
  await page.addInitScript(`
    new MutationObserver(() => {
      if (window.__firstScreenAt === undefined && document.querySelector(${JSON.stringify(selector)}))
        window.__firstScreenAt = performance.now();
    }).observe(document, { childList: true, subtree: true });
  `);
  await page.goto(url);
  await page.waitForFunction(
    () => (window as unknown as { __firstScreenAt?: number }).__firstScreenAt !== undefined,
    null,
    {
      timeout: 60_000,
    },
  );
  const urls = await page.evaluate(() => {
    const drawnAt = (window as unknown as { __firstScreenAt: number }).__firstScreenAt;
    return performance
      .getEntriesByType('resource')
      .filter((entry) => entry.startTime < drawnAt && new URL(entry.name).pathname.endsWith('.js'))
      .map((entry) => entry.name);
  });
  const files: FirstScreenScripts['files'] = [];
  for (const address of [...new Set(urls)]) {
    const response = await fetch(address);
    if (!response.ok) throw new Error(`${address} answered ${response.status}`);
    const bytes = Buffer.from(await response.arrayBuffer());
    files.push({ path: new URL(address).pathname, gzip: gzipSync(bytes, { level: 6 }).length });
  }
  return { files, gzip: files.reduce((sum, f) => sum + f.gzip, 0) };
}

/** "58.3 KB: /assets/index-….js 0.4, /assets/shell-….js 56.7, …" for a log line. */
export function describeFirstScreen(measured: FirstScreenScripts): string {
  const kb = (bytes: number) => (bytes / 1024).toFixed(1);
  return `${kb(measured.gzip)} KB: ${measured.files.map((f) => `${f.path} ${kb(f.gzip)}`).join(', ')}`;
}
