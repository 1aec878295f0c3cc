import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { bundleForBrowser } from '../../bench/lib/bundle';
import { PWA_CACHE_DIR } from './pwa-build';

const run = promisify(execFile);

/**
 * The phone's first release, as the server knows it (src/server/sync/served-kinds.ts): the last
 * commit whose phone database is Dexie version 1 (no daily roll-up) and whose sync names no kinds
 * (it knew eight). Phones in the field may still run it.
 */
export const FIRST_RELEASE = '4c48521f31c5383ebad5c4d46734617fa277b5e9';

// The page script: the first release's own database and sync code, nothing of its screens. Each
// call opens the database as that release did and closes it after.
const HARNESS = `
import { openAppDatabase, saveEntry, voidEntry } from './src/app/db/database';
import { enrollDevice, runSync } from './src/app/sync/sync-client';

const transport = { fetch: (input, init) => fetch(input, init), baseUrl: '' };
async function withDb(work) {
  const db = openAppDatabase();
  try {
    return await work(db);
  } finally {
    db.close();
  }
}
globalThis.firstRelease = {
  enroll: (code, name) => withDb((db) => enrollDevice(db, transport, code, name)),
  sync: () =>
    withDb((db) => runSync(db, transport).then(
      (outcome) => ({ outcome }),
      (error) => ({ error: String(error && error.message) }),
    )),
  save: (draft) => withDb((db) => saveEntry(db, draft)),
  void: (id, reason) => withDb((db) => voidEntry(db, id, reason)),
};
`;

/**
 * The first release's database and sync code bundled for a page: `globalThis.firstRelease` with
 * `enroll`, `sync`, `save` and `void`. Read from the repository's history (a shallow clone lacks
 * it: fetch the history), kept under .tmp between runs.
 */
export async function firstReleaseScript(): Promise<string> {
  const dir = path.join(path.dirname(PWA_CACHE_DIR), `first-release-${FIRST_RELEASE.slice(0, 12)}`);
  if (!existsSync(path.join(dir, 'harness.ts'))) {
    const building = `${dir}.building-${process.pid}`;
    rmSync(building, { recursive: true, force: true });
    mkdirSync(building, { recursive: true });
    try {
      await run('git', ['cat-file', '-e', `${FIRST_RELEASE}^{commit}`]);
    } catch {
      throw new Error(
        `the first release (${FIRST_RELEASE}) is not in this clone's history: a shallow clone? (git fetch --unshallow)`,
      );
    }
    const archive = path.join(building, 'src.tar');
    await run('git', [
      'archive',
      '-o',
      archive,
      FIRST_RELEASE,
      'package.json',
      'src/app/db',
      'src/app/sync',
      'src/shared',
    ]);
    await run('tar', ['-xf', archive, '-C', building]);
    rmSync(archive);
    writeFileSync(path.join(building, 'harness.ts'), HARNESS);
    rmSync(dir, { recursive: true, force: true });
    renameSync(building, dir);
  }
  // Resolved from inside the repository (.tmp), the bundle takes dexie and zod from today's
  // node_modules: say so when they are no longer the versions the first release pinned.
  const pinned = (file: string) =>
    (JSON.parse(readFileSync(file, 'utf8')) as { dependencies: Record<string, string> }).dependencies;
  const [then, now] = [pinned(path.join(dir, 'package.json')), pinned('package.json')];
  for (const name of ['dexie', 'zod'])
    if (then[name] !== now[name])
      console.warn(`[first release] built with ${name} ${now[name]}; the first release pinned ${then[name]}`);
  return bundleForBrowser(path.join(dir, 'harness.ts'));
}
