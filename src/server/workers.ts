import cluster from 'node:cluster';

/** True in a worker process started by `runWorkers`. */
export const isWorker = cluster.isWorker;

/**
 * In the primary process: starts `count` worker processes that run this same entry and share its
 * listening port (Node's cluster: the primary accepts connections and hands them out in turn), so
 * a server on PostgreSQL uses every core for HTTP, parsing and checking while the database does its
 * part. A worker that dies is started again (unless workers keep dying at start, then the primary
 * gives up); SIGTERM or SIGINT to the primary stops every worker gracefully (each finishes its
 * requests in flight) and resolves once all have exited.
 */
export function runWorkers(count: number, log: (message: string) => void): Promise<number> {
  return new Promise((resolve) => {
    let closing = false;
    let quickDeaths = 0;
    const startedAt = new Map<number, number>();
    const fork = () => {
      const worker = cluster.fork();
      startedAt.set(worker.id, Date.now());
    };
    for (let i = 0; i < count; i++) fork();
    cluster.on('exit', (worker, code, signal) => {
      const lived = Date.now() - (startedAt.get(worker.id) ?? 0);
      startedAt.delete(worker.id);
      if (closing) {
        if (startedAt.size === 0) resolve(0);
        return;
      }
      log(`Tiến trình phục vụ ${worker.process.pid} dừng (mã ${code ?? signal}); khởi động lại.`);
      if (lived < 5_000 && ++quickDeaths >= 3) {
        log('Các tiến trình phục vụ dừng ngay khi khởi động: dừng máy chủ.');
        closing = true;
        for (const other of Object.values(cluster.workers ?? {})) other?.process.kill('SIGTERM');
        if (startedAt.size === 0) resolve(1);
        return;
      }
      fork();
    });
    const stop = () => {
      if (closing) return;
      closing = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}
