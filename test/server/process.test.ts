import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');

function run(script: string, args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [TSX, script, ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function collect(child: ChildProcess): { out: () => string; exit: Promise<number | null> } {
  let text = '';
  child.stdout!.on('data', (d) => {
    text += d;
  });
  child.stderr!.on('data', (d) => {
    text += d;
  });
  return { out: () => text, exit: new Promise((resolve) => child.on('exit', (code) => resolve(code))) };
}

async function waitFor(check: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the server process and the admin command (PGlite folder)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cchc-main-'));
  const dataDir = path.join(dir, 'data');
  const dist = path.join(dir, 'dist');
  mkdirSync(dist);
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>CCHC</title>');
  const port = String(20000 + Math.floor(Math.random() * 20000));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads the demo, prints a code per role, finishes a request in flight on SIGTERM, and frees the folder', async () => {
    const server = run('src/server/main.ts', [], { PORT: port, HOST: '127.0.0.1', DATA_DIR: dataDir, DIST_DIR: dist });
    const { out, exit } = collect(server);
    try {
      await waitFor(() => /Máy chủ đang chạy/.test(out()), 90_000);
      const codes = [...out().matchAll(/\?code=([A-Z0-9]{10})/g)].map((m) => m[1]!);
      expect(codes).toHaveLength(5);
      expect(out()).toContain(`http://localhost:${port}/?code=`);
      expect(out()).toContain('npm run admin -- enroll-code');

      // While the server holds the folder, admin runs through it and prints as if run here.
      const through = run(
        'src/server/cli/admin.ts',
        ['enroll-code', '--unit', 'old:18673', '--role', 'reporter', '--json'],
        {
          DATA_DIR: dataDir,
        },
      );
      const throughRun = collect(through);
      expect(await throughRun.exit, throughRun.out()).toBe(0);
      const made = JSON.parse(throughRun.out().trim().split('\n').at(-1)!) as { code: string; url: string };
      expect(made.code).toMatch(/^[A-Z0-9]{10}$/);
      expect(made.url).toBe(`http://localhost:${port}/?code=${made.code}`);
      // The admin route answers only the bearer of the secret the server left in the folder.
      const forged = await fetch(`http://127.0.0.1:${port}/api/v1/admin/run`, {
        method: 'POST',
        headers: { authorization: 'Bearer guess', 'content-type': 'application/json' },
        body: JSON.stringify({ argv: ['devices'] }),
      });
      expect(forged.status).toBe(401);
      // Requests are not logged by default: the codes stay on screen.
      const before = out().split('\n').length;
      for (let i = 0; i < 5; i++) await fetch(`http://127.0.0.1:${port}/api/v1/bootstrap`);
      expect(out().split('\n').length).toBe(before);

      // A request whose body is half sent when SIGTERM arrives still gets its answer.
      const body = JSON.stringify({ code: codes[0], deviceName: 'Máy thử tắt máy chủ' });
      const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = http.request(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: '/api/v1/enroll',
            headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
          },
          (res) => {
            let text = '';
            res.on('data', (d) => {
              text += d;
            });
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
          },
        );
        req.on('error', reject);
        req.write(body.slice(0, 10));
        setTimeout(() => {
          server.kill('SIGTERM');
          setTimeout(() => req.end(body.slice(10)), 500);
        }, 200);
      });
      const res = await answer;
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body).token).toBeTruthy();
      expect(await exit).toBe(0);
      expect(existsSync(path.join(dataDir, 'cchc-server.lock'))).toBe(false);
    } finally {
      if (server.exitCode === null) server.kill('SIGKILL');
    }

    // Stopped: admin works on the folder, printing its JSON last.
    const units = run('src/server/cli/admin.ts', ['units', '--json'], { DATA_DIR: dataDir });
    const unitsRun = collect(units);
    expect(await unitsRun.exit).toBe(0);
    const list = JSON.parse(unitsRun.out().trim().split('\n').at(-1)!) as {
      id: string;
      name: string;
      kind: string;
      parentId: string | null;
    }[];
    const byId = new Map(list.map((u) => [u.id, u]));
    // Code 18682 was Xã Cẩm Dương before 1/7/2025 and is Xã Yên Hòa since: both load, side by side.
    expect(byId.get('old:18682')?.name).toBe('Xã Cẩm Dương');
    expect(byId.get('new:18682')?.name).toMatch(/^Xã Yên H(òa|oà)$/);
    expect(byId.get('old:18673:station')).toMatchObject({ kind: 'station', parentId: 'old:18673' });
    expect(byId.get('old:18673:post-office')).toMatchObject({ kind: 'post_office', parentId: 'old:18673' });
    const code = run(
      'src/server/cli/admin.ts',
      ['enroll-code', '--unit', 'old:446', '--role', 'supervisor', '--json'],
      {
        DATA_DIR: dataDir,
      },
    );
    const codeRun = collect(code);
    expect(await codeRun.exit).toBe(0);
    expect(JSON.parse(codeRun.out().trim().split('\n').at(-1)!).code).toMatch(/^[A-Z0-9]{10}$/);

    // A second start loads nothing and, with no supervisor enrolled yet, prints a fresh
    // supervisor code for the current province, and how to make more.
    const again = run('src/server/main.ts', [], { PORT: port, HOST: '127.0.0.1', DATA_DIR: dataDir, DIST_DIR: dist });
    const againRun = collect(again);
    try {
      await waitFor(() => /Máy chủ đang chạy/.test(againRun.out()), 90_000);
      expect(againRun.out()).not.toContain('dữ liệu mẫu');
      expect(againRun.out()).toContain('Chưa có máy giám sát nào được đăng ký');
      expect(againRun.out()).toMatch(/Tỉnh Hà Tĩnh \(giám sát\): [A-Z0-9]{10}/);
      again.kill('SIGTERM');
      expect(await againRun.exit).toBe(0);
      expect(existsSync(path.join(dataDir, 'cchc-admin.json'))).toBe(false);
    } finally {
      if (again.exitCode === null) again.kill('SIGKILL');
    }
    // Six processes start here (server twice, four admin runs): minutes on a busy 2-core machine.
  }, 300_000);
});
