import { browserUnavailableReason } from './browser';
import { lastBuildOrigin, sharedPwaBuild } from './pwa-build';

/**
 * Makes the production build once before any e2e file runs; each file then finds it in the
 * cache (its `buildPwa()` hashes the sources again, so an edit made meanwhile is built anew).
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
}
