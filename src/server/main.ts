/**
 * The server process: reads the environment, builds the PWA when its build is missing, opens the
 * database (loading the demo when it is empty), listens, and shuts down gracefully on SIGTERM or
 * SIGINT (requests in flight finish, then the database closes).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { buildApp } from './app';
import { DataDirInUseError, openDatabase } from './db/database';
import { createDemoCodes, loadDemo } from './demo/demo';
import { hasNoUnits } from './units/units.repository';

const PORT = Number(process.env.PORT ?? 8080);
const HOST = process.env.HOST ?? '0.0.0.0';
const DATA_DIR = process.env.DATA_DIR ?? './data';
const DATABASE_URL = process.env.DATABASE_URL;
const DIST = path.resolve(process.env.DIST_DIR ?? 'dist');

async function buildPwaIfMissing(): Promise<boolean> {
  if (existsSync(path.join(DIST, 'index.html'))) return true;
  console.log('dist/index.html chưa có: đang dựng PWA (vite build)…');
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, ['node_modules/vite/bin/vite.js', 'build'], { stdio: 'inherit' });
    child.on('exit', resolve);
    child.on('error', () => resolve(1));
  });
  const built = code === 0 && existsSync(path.join(DIST, 'index.html'));
  if (!built) console.error(`Dựng PWA thất bại (mã ${code}) hoặc không có ${DIST}/index.html: chỉ phục vụ API.`);
  return built;
}

async function main(): Promise<void> {
  const hasPwa = await buildPwaIfMissing();
  const opened = await openDatabase(DATABASE_URL ? { databaseUrl: DATABASE_URL } : { dataDir: DATA_DIR });
  const { db } = opened;
  let codes: Awaited<ReturnType<typeof createDemoCodes>> = [];
  if (await hasNoUnits(db)) {
    const { units } = await loadDemo(db);
    codes = await createDemoCodes(db);
    console.log(`Cơ sở dữ liệu trống: đã nạp dữ liệu mẫu (${units} đơn vị).`);
  }
  // pino, through Fastify: one JSON line per request.
  const app = await buildApp({
    db,
    staticDir: hasPwa ? DIST : null,
    logger: { level: process.env.LOG_LEVEL ?? 'info' },
    // TRUST_PROXY: "true", or the proxies' addresses (e.g. "127.0.0.1,10.0.0.0/8").
    ...(process.env.TRUST_PROXY
      ? { trustProxy: process.env.TRUST_PROXY === 'true' ? true : process.env.TRUST_PROXY }
      : {}),
  });
  const logger = app.log;

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    closing = true;
    logger.info({ signal }, 'shutting down: finishing requests in flight');
    try {
      await app.close();
      await opened.close();
      logger.info('stopped');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'unclean shutdown');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  if (codes.length > 0) {
    const lines = codes.map((c) => `  ${c.label}: ${c.code}\n    http://localhost:${PORT}/?code=${c.code}`);
    process.stdout.write(`\nMã đăng ký dùng thử (mỗi mã dùng một lần, hết hạn sau 7 ngày):\n${lines.join('\n')}\n\n`);
  }
  await app.listen({ port: PORT, host: HOST });
}

main().catch((error: unknown) => {
  if (error instanceof DataDirInUseError) {
    console.error(error.message);
  } else {
    console.error('Máy chủ không khởi động được:', error);
  }
  process.exit(1);
});
