import { browserUnavailableReason } from './browser';
import { lastBuildOrigin, sharedPwaBuild } from './pwa-build';
import { demoTemplate } from './server';

/**
 * Makes the production build once before any e2e file runs; each file then finds it in the
 * cache (its `buildPwa()` hashes the sources again, so an edit made meanwhile is built anew).
 * Then the demo's database, which each file's server starts on a copy of (`demoTemplate`).
 */
export default async function setup(): Promise<void> {
  if (browserUnavailableReason() !== null) return;
  const started = Date.now();
  const dir = await sharedPwaBuild();
  const how = {
    cache: 'found in the cache',
    dist: 'copied from a fresh dist/',
    built: 'built',
    env: 'from E2E_DIST_DIR',
  };
  console.log(`[e2e] PWA build ${how[lastBuildOrigin]} in ${((Date.now() - started) / 1000).toFixed(1)} s: ${dir}`);
  const demoStarted = Date.now();
  const demo = await demoTemplate();
  console.log(`[e2e] demo database ready in ${((Date.now() - demoStarted) / 1000).toFixed(1)} s: ${demo.dir}`);
}
