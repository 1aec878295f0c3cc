import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  type Stats,
  utimesSync,
} from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** What `vite build` reads: the sources, the page, the config, static files, and the dependencies. */
export const PWA_BUILD_INPUTS = [
  'src',
  'index.html',
  'vite.config.ts',
  'public',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.base.json',
  'tsconfig.app.json',
  'tsconfig.shared.json',
  'tsconfig.sw.json',
];

/** Where builds are kept between test files and runs, one folder per hash of the inputs. */
export const PWA_CACHE_DIR = path.resolve('.tmp/e2e-dist');

// A dist/ counts as built from the current tree only when every input is older than its oldest
// output by more than a build could take: an edit made while that build ran makes it stale.
const DIST_MARGIN_MS = 120_000;
// Cached builds unused for this long are removed (a folder in use is touched on every use).
const CACHE_KEEP_MS = 6 * 3_600_000;

function walk(entry: string, visit: (file: string, stat: Stats) => void): void {
  if (!existsSync(entry)) return;
  const stat = statSync(entry);
  visit(entry, stat);
  if (!stat.isDirectory()) return;
  for (const name of readdirSync(entry).sort()) walk(path.join(entry, name), visit);
}

/** A hash of every build input's path and content; changes when any file is added, removed or edited. */
export function pwaInputsHash(root = process.cwd()): string {
  const hash = createHash('sha256');
  for (const input of PWA_BUILD_INPUTS) {
    walk(path.join(root, input), (file, stat) => {
      hash.update(path.relative(root, file));
      hash.update(stat.isDirectory() ? '/\0' : '\0');
      if (stat.isFile()) hash.update(readFileSync(file));
      hash.update('\0');
    });
  }
  return hash.digest('hex').slice(0, 20);
}

/** The newest modification time among the inputs (folders included, so a deleted file counts). */
function newestInputMtime(root: string): number {
  let newest = 0;
  for (const input of PWA_BUILD_INPUTS) {
    walk(path.join(root, input), (_file, stat) => {
      newest = Math.max(newest, stat.mtimeMs);
    });
  }
  return newest;
}

/** Every output file of a build folder with its size and time: changes if a build rewrites it. */
function outputSnapshot(dir: string): { text: string; oldest: number } {
  let oldest = Number.POSITIVE_INFINITY;
  const lines: string[] = [];
  walk(dir, (file, stat) => {
    if (!stat.isFile()) return;
    oldest = Math.min(oldest, stat.mtimeMs);
    lines.push(`${path.relative(dir, file)} ${stat.size} ${stat.mtimeMs}`);
  });
  return { text: lines.join('\n'), oldest };
}

/**
 * True when `distDir` holds a production build (with its service worker) made after the last
 * change to any input, with room for the time the build itself took.
 */
export function isFreshProductionBuild(distDir: string, root = process.cwd()): boolean {
  if (!existsSync(path.join(distDir, 'index.html')) || !existsSync(path.join(distDir, 'sw.js'))) return false;
  const { oldest } = outputSnapshot(distDir);
  return newestInputMtime(root) + DIST_MARGIN_MS < oldest;
}

/** Runs a production `vite build` into `outDir`. */
export async function vitePwaBuild(outDir: string): Promise<void> {
  // Under Vitest NODE_ENV is "test", which would make a development build without a service worker.
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production' };
  delete env.VITEST;
  delete env.VITEST_MODE;
  await run('npx', ['vite', 'build', '--logLevel', 'error', '--outDir', outDir, '--emptyOutDir'], {
    env,
    maxBuffer: 32 * 1024 * 1024,
    timeout: 240_000,
  });
}

function prune(keep: string): void {
  const now = Date.now();
  for (const name of readdirSync(PWA_CACHE_DIR)) {
    const dir = path.join(PWA_CACHE_DIR, name);
    if (dir === keep) continue;
    const age = now - statSync(dir).mtimeMs;
    if (age > (name.startsWith('.building-') ? 3_600_000 : CACHE_KEEP_MS))
      rmSync(dir, { recursive: true, force: true });
  }
}

/** How the last call found its build, for the log line of the global setup. */
export let lastBuildOrigin: 'cache' | 'dist' | 'built' | 'env' = 'cache';

/**
 * The production build of the tree as it is now, made at most once per change of the inputs and
 * shared by every e2e file and run: a cached folder keyed by `pwaInputsHash`, filled by copying
 * dist/ when that is a fresh production build, else by `vite build`. An input edited while the
 * build ran changes the hash, and that build is thrown away and made again, so a stale build is
 * never served. `E2E_DIST_DIR` names a build to use instead.
 */
export async function sharedPwaBuild(root = process.cwd()): Promise<string> {
  if (process.env.E2E_DIST_DIR) {
    lastBuildOrigin = 'env';
    return process.env.E2E_DIST_DIR;
  }
  mkdirSync(PWA_CACHE_DIR, { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    const key = pwaInputsHash(root);
    const target = path.join(PWA_CACHE_DIR, key);
    if (existsSync(target)) {
      const now = new Date();
      utimesSync(target, now, now);
      lastBuildOrigin = 'cache';
      return target;
    }
    const building = mkdtempSync(path.join(PWA_CACHE_DIR, '.building-'));
    const dist = path.join(root, 'dist');
    try {
      let origin: 'dist' | 'built' = 'built';
      const before = isFreshProductionBuild(dist, root) ? outputSnapshot(dist).text : null;
      if (before !== null) {
        cpSync(dist, building, { recursive: true });
        // Someone rebuilt dist/ while it was copied: the copy may mix two builds.
        if (outputSnapshot(dist).text === before) origin = 'dist';
      }
      if (origin === 'built') await vitePwaBuild(building);
      // The tree changed while we built: this build may mix old and new files.
      if (pwaInputsHash(root) !== key) {
        rmSync(building, { recursive: true, force: true });
        continue;
      }
      lastBuildOrigin = origin;
      try {
        renameSync(building, target);
      } catch {
        // Another run stored the same build first; theirs is as good.
        rmSync(building, { recursive: true, force: true });
      }
      prune(target);
      return target;
    } catch (error) {
      rmSync(building, { recursive: true, force: true });
      throw error;
    }
  }
  throw new Error('the sources kept changing during three PWA builds in a row; try again when they settle');
}
