/**
 * The server process: reads the environment, builds the PWA when its build is missing, opens the
 * database (loading the demo when it is empty), listens, and shuts down gracefully on SIGTERM or
 * SIGINT (requests in flight finish, then the database closes).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { buildApp, LISTEN_BACKLOG } from './app';
import { DataDirInUseError, openDatabase } from './db/database';
import { newAdminToken, removeAdminHandle, writeAdminHandle } from './admin/admin-handle';
import { createDemoCodes, loadDemo } from './demo/demo';
import { supervisorCodesIfNone } from './devices/enrollment';
import { hasNoUnits } from './units/units.repository';
import { isWorker, runWorkers } from './workers';
import type { Kysely } from 'kysely';
import type { Database } from './db/schema';

const PORT = Number(process.env.PORT ?? 8080);
const HOST = process.env.HOST ?? '0.0.0.0';
const DATA_DIR = process.env.DATA_DIR ?? './data';
const DATABASE_URL = process.env.DATABASE_URL;
const DIST = path.resolve(process.env.DIST_DIR ?? 'dist');
// WORKERS: processes serving the API (PostgreSQL only; PGlite is one process's file store).
const WORKERS = Math.max(1, Math.floor(Number(process.env.WORKERS ?? 1)) || 1);

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

type PrintedCode = { label: string; code: string };

/**
 * The codes this start prints: the demo's, one per role, when it loads the demo into an empty
 * database; otherwise a supervisor code while no supervisor is enrolled, so that a second start
 * still lets someone in.
 */
async function startupCodes(db: Kysely<Database>): Promise<{ heading: string; codes: PrintedCode[] }> {
  if (await hasNoUnits(db)) {
    const { units, entries } = await loadDemo(db);
    console.log(
      `Cơ sở dữ liệu trống: đã nạp dữ liệu mẫu (${units} đơn vị, kế hoạch năm 2021 và năm nay, ${entries} hoạt động của 12 xã).`,
    );
    return { heading: 'Mã đăng ký dùng thử', codes: await createDemoCodes(db) };
  }
  return {
    heading: 'Chưa có máy giám sát nào được đăng ký. Mã giám sát mới',
    codes: await supervisorCodesIfNone(db, new Date()),
  };
}

function printCodes({ heading, codes }: { heading: string; codes: PrintedCode[] }): void {
  if (codes.length === 0) return;
  const lines = codes.map((c) => `  ${c.label}: ${c.code}\n    http://localhost:${PORT}/?code=${c.code}`);
  process.stdout.write(`\n${heading} (mỗi mã dùng một lần, hết hạn sau 7 ngày):\n${lines.join('\n')}\n`);
}

/** The start banner: where the product answers, where its data is, and how to make more codes. */
function printBanner(storage: string): void {
  process.stdout.write(
    `\nMáy chủ đang chạy: http://localhost:${PORT}  (dữ liệu: ${storage})\n` +
      'Tạo thêm mã đăng ký (chạy được cả khi máy chủ đang chạy):\n' +
      '  npm run admin -- units                                   xem mã đơn vị\n' +
      '  npm run admin -- enroll-code --unit <mã đơn vị> --role reporter|supervisor\n' +
      '  npm run admin -- help                                    mọi lệnh quản trị\n' +
      'Nhật ký từng yêu cầu: LOG_LEVEL=info npm start\n\n',
  );
}

/** With WORKERS > 1: builds, migrates and loads the demo once, then starts the workers. */
async function primary(): Promise<void> {
  await buildPwaIfMissing();
  const opened = await openDatabase({ databaseUrl: DATABASE_URL! });
  const codes = await startupCodes(opened.db);
  await opened.close();
  printCodes(codes);
  console.log(`${WORKERS} tiến trình phục vụ trên cổng ${PORT}.`);
  process.exit(await runWorkers(WORKERS, (message) => console.error(message)));
}

async function main(): Promise<void> {
  if (WORKERS > 1 && !isWorker) {
    if (DATABASE_URL) return primary();
    console.warn('WORKERS chỉ dùng được với PostgreSQL (DATABASE_URL); với PGlite máy chủ chạy một tiến trình.');
  }
  const hasPwa = await buildPwaIfMissing();
  // PGlite runs on a thread of its own, so that requests are read and answered while it writes.
  const opened = await openDatabase(DATABASE_URL ? { databaseUrl: DATABASE_URL } : { dataDir: DATA_DIR, thread: true });
  const { db } = opened;
  const codes = isWorker ? { heading: '', codes: [] } : await startupCodes(db);
  // `npm run admin` through this server while it holds the PGlite folder (see admin/admin-handle.ts).
  const admin = DATABASE_URL || isWorker ? undefined : { token: newAdminToken(), port: String(PORT) };
  // pino, through Fastify: JSON lines. Warnings and errors by default; LOG_LEVEL=info adds one
  // line per request (the start banner and the codes are printed apart, so they never scroll away).
  const app = await buildApp({
    db,
    staticDir: hasPwa ? DIST : null,
    logger: { level: process.env.LOG_LEVEL ?? 'warn' },
    ...(admin ? { admin } : {}),
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
    if (admin) removeAdminHandle(DATA_DIR);
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
  // A worker is stopped by the primary (which passes Ctrl-C on as SIGTERM), not by Ctrl-C itself.
  process.on('SIGINT', () => (isWorker ? undefined : void shutdown('SIGINT')));
  printCodes(codes);
  // A herd of phones reconnecting at once must queue for accept(), not be reset: the kernel's cap
  // (net.core.somaxconn, 4096 here) bounds this, Node's default is 511.
  await app.listen({ port: PORT, host: HOST, backlog: LISTEN_BACKLOG });
  if (admin) {
    const loopback = HOST === '0.0.0.0' || HOST === '::' ? '127.0.0.1' : HOST;
    writeAdminHandle(DATA_DIR, { url: `http://${loopback}:${PORT}`, token: admin.token });
  }
  if (!isWorker) printBanner(DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `PGlite ${path.resolve(DATA_DIR)}`);
}

main().catch((error: unknown) => {
  if (error instanceof DataDirInUseError) {
    console.error(error.message);
  } else {
    console.error('Máy chủ không khởi động được:', error);
  }
  process.exit(1);
});
