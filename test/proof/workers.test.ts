import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDatabase, postgresUnavailable } from './support/crash-run';

// `npm start` with WORKERS=2 on PostgreSQL: the demo loads once, two processes serve the port, a
// batch retried through the other process counts once, and SIGTERM stops them all.
// With DATABASE_URL or REQUIRE_POSTGRES=1 a missing PostgreSQL is a failure; otherwise the suite
// says loudly that it skipped.
const reason = await postgresUnavailable();
if (reason && (process.env.REQUIRE_POSTGRES === '1' || process.env.DATABASE_URL))
  throw new Error(`${reason} (DATABASE_URL or REQUIRE_POSTGRES=1 is set)`);
if (reason) console.warn(`SKIPPING worker tests: ${reason} (set REQUIRE_POSTGRES=1 to make this a failure)`);

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');

let scratch: Awaited<ReturnType<typeof createScratchDatabase>> | null = null;
const dir = mkdtempSync(path.join(tmpdir(), 'cchc-workers-'));
beforeAll(async () => {
  if (!reason) scratch = await createScratchDatabase();
});
afterAll(async () => {
  await scratch?.drop();
  rmSync(dir, { recursive: true, force: true });
});

async function waitFor(check: () => boolean, ms: number, what: string, output: () => string): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}:\n${output().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(reason !== null)('the server with WORKERS=2 on PostgreSQL', () => {
  it('loads the demo once, serves from two processes, counts a batch retried through the other once, and stops on SIGTERM', async () => {
    const dist = path.join(dir, 'dist');
    mkdirSync(dist);
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>CCHC</title>');
    const port = 20000 + Math.floor(Math.random() * 20000);
    const origin = `http://127.0.0.1:${port}`;
    const server: ChildProcess = spawn(process.execPath, [TSX, 'src/server/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: scratch!.url,
        WORKERS: '2',
        // Each worker's "Server listening" line (with its pid) is an info log: off by default.
        LOG_LEVEL: 'info',
        PORT: String(port),
        HOST: '127.0.0.1',
        DIST_DIR: dist,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    server.stdout!.on('data', (d) => {
      text += d;
    });
    server.stderr!.on('data', (d) => {
      text += d;
    });
    const exited = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)));
    try {
      await waitFor(
        () => (text.match(/Server listening/g) ?? []).length >= 2,
        120_000,
        'two workers',
        () => text,
      );
      const codes = [...text.matchAll(/\?code=([A-Z0-9]{10})/g)].map((m) => m[1]!);
      expect(codes).toHaveLength(5);
      const listening = [...text.matchAll(/"pid":(\d+)[^\n]*Server listening/g)].map((m) => m[1]);
      expect(new Set(listening).size).toBe(2);

      // Enrol the demo's first role (a commune officer); its unit is where it logs.
      const enrolled = await fetch(`${origin}/api/v1/enroll`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: codes[0], deviceName: 'Máy thử hai tiến trình' }),
      });
      expect(enrolled.status).toBe(200);
      const { deviceId, token, unit, role } = (await enrolled.json()) as {
        deviceId: string;
        token: string;
        unit: { id: string };
        role: string;
      };
      expect(role).toBe('reporter');
      const device = { unitId: unit.id };
      const mutations = Array.from({ length: 50 }, (_, i) => ({
        seq: i + 1,
        op: 'upsert',
        baseVersion: 0,
        activity: {
          id: randomUUID(),
          unitId: device.unitId,
          kind: 'article',
          date: '2021-05-10',
          title: `Bài viết số ${i + 1}`,
          figures: {},
          deviceId,
          createdAt: '2021-05-10T08:00:00+07:00',
        },
      }));
      const push = async () => {
        const res = await fetch(`${origin}/api/v1/sync`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, connection: 'close' },
          body: JSON.stringify({ deviceId, protocolVersion: 1, mutations, cursor: null, skipOwn: true }),
        });
        expect(res.status).toBe(200);
        return (await res.json()) as { results: { status: string }[] };
      };
      // The same batch six times on fresh connections: the two processes take turns.
      const answers = [];
      for (let i = 0; i < 6; i++) answers.push(await push());
      expect(answers[0]!.results.every((r) => r.status === 'applied')).toBe(true);
      for (const later of answers.slice(1)) expect(later.results.every((r) => r.status === 'duplicate')).toBe(true);
      const served = [...text.matchAll(/"pid":(\d+)[^\n]*"url":"\/api\/v1\/sync"/g)].map((m) => m[1]);
      expect(new Set(served).size).toBe(2);
      const client = new pg.Client({ connectionString: scratch!.url });
      await client.connect();
      try {
        const stored = await client.query<{ n: number }>(
          'select count(*)::int as n from activities where device_id = $1',
          [deviceId],
        );
        expect(stored.rows[0]!.n).toBe(50);
      } finally {
        await client.end();
      }

      server.kill('SIGTERM');
      expect(await exited).toBe(0);
      await expect(fetch(`${origin}/api/v1/bootstrap`)).rejects.toThrow();
    } finally {
      if (server.exitCode === null) server.kill('SIGKILL');
    }
  });
});
