// @ts-check
// The embedded database on a thread of its own (see pglite-thread.ts): PGlite runs its queries
// here, so that the server's thread parses, refuses and answers requests while it writes. Plain
// JavaScript: a worker thread is loaded by Node itself, outside the TypeScript loader of tsx or
// Vitest.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

if (!parentPort) throw new Error('pglite-thread.worker.mjs runs as a worker thread');
const port = parentPort;

/** @param {unknown} error */
function describe(error) {
  const e = /** @type {Record<string, unknown>} */ (error ?? {});
  // A PostgreSQL error's fields (code, detail, constraint…) survive the crossing as plain data.
  const fields = {};
  for (const key of ['code', 'detail', 'hint', 'constraint', 'table', 'column', 'schema', 'severity', 'position']) {
    if (e[key] !== undefined) fields[key] = e[key];
  }
  return { message: error instanceof Error ? error.message : String(error), fields };
}

try {
  /** @type {{ dataDir: string; loadDataDir?: Blob }} */
  const { dataDir, loadDataDir } = workerData;
  const pglite = await PGlite.create(dataDir, loadDataDir ? { loadDataDir } : {});
  port.on('message', async (/** @type {{ id: number; op: string; sql?: string; params?: unknown[] }} */ message) => {
    try {
      if (message.op === 'query') {
        const result = await pglite.query(/** @type {string} */ (message.sql), message.params ?? []);
        port.postMessage({ id: message.id, rows: result.rows, affectedRows: result.affectedRows ?? 0 });
      } else if (message.op === 'dump') {
        port.postMessage({ id: message.id, dump: await pglite.dumpDataDir('gzip') });
      } else if (message.op === 'close') {
        await pglite.close();
        port.postMessage({ id: message.id, closed: true });
        port.close();
      }
    } catch (error) {
      port.postMessage({ id: message.id, error: describe(error) });
    }
  });
  port.postMessage({ ready: true });
} catch (error) {
  port.postMessage({ failed: describe(error) });
}
