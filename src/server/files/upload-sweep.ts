import type { FastifyInstance } from 'fastify';
import type { FileStore } from './file-store';

/** An upload no chunk has reached for this long is abandoned: its chunks go. */
export const ABANDONED_UPLOAD_MS = 7 * 24 * 3600_000;
/** How often a running server looks for abandoned uploads (besides once at start). */
export const UPLOAD_SWEEP_EVERY_MS = 6 * 3600_000;

/**
 * Forgets abandoned uploads (a phone that never came back, a file its phone lost) once the app is
 * ready and then every `everyMs`, so their chunks do not weigh on the database for ever. Each
 * server process sweeps on its own: a sweep is idempotent, and one racing a chunk keeps that upload.
 */
export function installUploadSweep(
  app: FastifyInstance,
  files: FileStore,
  now: () => Date,
  everyMs = UPLOAD_SWEEP_EVERY_MS,
): void {
  let timer: ReturnType<typeof setInterval> | undefined;
  let running: Promise<void> | null = null;
  const sweep = () => {
    running ??= files
      .discardAbandoned(new Date(now().getTime() - ABANDONED_UPLOAD_MS))
      .then((shas) => {
        if (shas.length > 0) app.log.info({ uploads: shas.length }, 'abandoned uploads discarded');
      })
      .catch((error: unknown) => app.log.warn({ err: error }, 'sweeping abandoned uploads failed'))
      .finally(() => {
        running = null;
      });
    return running;
  };
  app.addHook('onReady', async () => {
    await sweep();
    timer = setInterval(() => void sweep(), everyMs);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await running;
  });
}
