import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

/** How long a phone's browser may take to close before it is killed. */
const CLOSE_WAIT_MS = 20_000;

/** Where Debian installs Chromium. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Why the browser tests cannot run here, or null when they can. With REQUIRE_BROWSER=1 a missing
 * browser is an error (CI); otherwise the suite skips and says why.
 */
export function browserUnavailableReason(): string | null {
  if (existsSync(CHROMIUM_PATH)) return null;
  const reason = `Chromium not found at ${CHROMIUM_PATH}`;
  if (process.env.REQUIRE_BROWSER === '1') throw new Error(`${reason} and REQUIRE_BROWSER=1`);
  console.warn(`SKIPPING browser tests: ${reason} (set REQUIRE_BROWSER=1 to make this a failure)`);
  return reason;
}

/** A phone: a persistent Chromium profile of its own, so IndexedDB and the service worker persist. */
export interface Phone {
  context: BrowserContext;
  page: Page;
  profileDir: string;
  close(): Promise<void>;
}

/** Launches a fresh persistent Chromium profile sized like a cheap Android phone (360×640). */
export async function launchBrowser(
  options: {
    profileDir?: string;
    viewport?: { width: number; height: number };
    /** The zone the phone is set to; Vietnam unless a test puts it elsewhere. */
    timezoneId?: string;
  } = {},
): Promise<Phone> {
  const profileDir = options.profileDir ?? mkdtempSync(path.join(tmpdir(), 'cchc-phone-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ARGS,
    viewport: options.viewport ?? { width: 360, height: 640 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'vi-VN',
    timezoneId: options.timezoneId ?? 'Asia/Ho_Chi_Minh',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    profileDir,
    async close() {
      // A browser that does not close (once seen in a file's afterAll, which then waited out its
      // 300 s) is killed by its profile folder, so one stuck close never costs the run minutes.
      const closed = await Promise.race([
        context.close().then(
          () => true,
          () => true,
        ),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), CLOSE_WAIT_MS).unref()),
      ]);
      if (!closed) {
        console.warn(`Chromium did not close within ${CLOSE_WAIT_MS} ms: killing the one of ${profileDir}`);
        try {
          execFileSync('pkill', ['-KILL', '-f', `--user-data-dir=${profileDir}`]);
        } catch {
          // None left.
        }
      }
      if (!options.profileDir) rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

/** Where screenshots go (not committed). */
export const ARTEFACTS_DIR = path.resolve('test/e2e/artefacts');

/**
 * Saves a screenshot under the artefacts folder, as the person sees the screen (the viewport), or
 * the whole page with `fullPage`; returns its path.
 */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  mkdirSync(ARTEFACTS_DIR, { recursive: true });
  const file = path.join(ARTEFACTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: options.fullPage ?? false });
  return file;
}
