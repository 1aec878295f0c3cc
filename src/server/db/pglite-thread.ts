import { Worker } from 'node:worker_threads';

/** What the Kysely PGlite dialect asks of a client: a query's rows, and closing. */
export interface PgliteClient {
  query(sql: string, params: unknown[]): Promise<{ rows: unknown[]; affectedRows?: number }>;
  close(): Promise<void>;
}

interface Answer {
  id: number;
  rows?: unknown[];
  affectedRows?: number;
  dump?: Blob;
  closed?: boolean;
  error?: { message: string; fields: Record<string, unknown> };
}

/** A PostgreSQL error raised on the database's thread, with its fields (`code`, `detail`…). */
export class PgliteThreadError extends Error {
  constructor(message: string, fields: Record<string, unknown>) {
    super(message);
    Object.assign(this, fields);
  }
}

/**
 * PGlite on a worker thread of its own. PGlite runs every query on the thread that holds it; on
 * the server's only thread, a herd of phones waited behind the writes to be parsed, refused with
 * 429 or answered. Here the server's thread sends each query as a message and goes on; the
 * database's thread runs them one at a time, in the order sent. The Kysely dialect already gives
 * one connection at a time (a transaction's statements are sent between its BEGIN and COMMIT with
 * no other in between), so a transaction means on this thread what it meant on one.
 */
export class PgliteThread implements PgliteClient {
  private next = 1;
  private readonly waiting = new Map<number, { resolve(a: Answer): void; reject(e: Error): void }>();
  private exited: Error | null = null;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (answer: Answer) => {
      const waiter = this.waiting.get(answer.id);
      if (!waiter) return;
      this.waiting.delete(answer.id);
      waiter.resolve(answer);
    });
    const fail = (error: Error) => {
      this.exited = error;
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the database's thread ended (exit ${code})`)));
  }

  /** Opens PGlite over `dataDir` (a folder, or `memory://`) on a new thread; resolves once it is ready. */
  static async start(dataDir: string, loadDataDir?: Blob): Promise<PgliteThread> {
    const worker = new Worker(new URL('./pglite-thread.worker.mjs', import.meta.url), {
      workerData: { dataDir, loadDataDir },
    });
    await new Promise<void>((resolve, reject) => {
      const onMessage = (message: { ready?: boolean; failed?: { message: string } }) => {
        worker.off('error', reject);
        worker.off('message', onMessage);
        if (message.ready) resolve();
        else {
          void worker.terminate();
          reject(new Error(`PGlite did not open ${dataDir}: ${message.failed?.message}`));
        }
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
    return new PgliteThread(worker);
  }

  private send(message: { op: string; sql?: string; params?: unknown[] }): Promise<Answer> {
    if (this.exited) return Promise.reject(this.exited);
    const id = this.next++;
    return new Promise<Answer>((resolve, reject) => {
      this.waiting.set(id, {
        resolve: (answer) =>
          answer.error ? reject(new PgliteThreadError(answer.error.message, answer.error.fields)) : resolve(answer),
        reject,
      });
      this.worker.postMessage({ id, ...message });
    });
  }

  async query(sql: string, params: unknown[]): Promise<{ rows: unknown[]; affectedRows: number }> {
    const answer = await this.send({ op: 'query', sql, params });
    return { rows: answer.rows ?? [], affectedRows: answer.affectedRows ?? 0 };
  }

  /** The database as a gzipped tarball (PGlite's dumpDataDir), for snapshots. */
  async dumpDataDir(): Promise<Blob> {
    return (await this.send({ op: 'dump' })).dump!;
  }

  async close(): Promise<void> {
    if (this.exited) return;
    await this.send({ op: 'close' });
    await this.worker.terminate();
  }
}
