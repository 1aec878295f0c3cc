import { type ChildProcess, execFile, spawn } from 'node:child_process';
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
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { readAdminHandle } from '../../../src/server/admin/admin-handle';
import { vietnamDateOf } from '../../../src/shared/format';
import { pwaInputsHash, sharedPwaBuild, vitePwaBuild } from './pwa-build';
import { freePort } from '../../support/free-port';

const run = promisify(execFile);

/** An enrollment code the server printed, with the line it came on (which names unit and role). */
export interface PrintedCode {
  code: string;
  url: string;
  line: string;
}

/** A running `npm start`-equivalent server. */
export interface RunningServer {
  url: string;
  port: number;
  dataDir: string;
  codes: PrintedCode[];
  output: () => string;
  stop(): Promise<void>;
}

/**
 * The production build to serve (pass it to `startServer` as `distDir`). Without `outDir`, the
 * build of the current tree shared by every e2e file (made once per change of the sources, see
 * `sharedPwaBuild`); with `outDir`, a fresh build of its own there. Either way a private folder:
 * other builds of dist/ while a test runs would change the hashed files under the service
 * worker's feet.
 */
export async function buildPwa(outDir?: string): Promise<string> {
  if (outDir === undefined) return sharedPwaBuild();
  await vitePwaBuild(outDir);
  return outDir;
}

/** Makes a temporary data folder. */
export function freshDataDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'cchc-data-'));
}

// The server prints each code as "  Label: CODE" then its link on the next line.
function parseCodes(text: string): PrintedCode[] {
  const codes: PrintedCode[] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const match = /(https?:\/\/\S+?\?code=([A-Za-z0-9_-]+))/.exec(line);
    if (!match) return;
    const previous = lines[i - 1] ?? '';
    const label = previous.includes(match[2]!) ? previous.trim() : line.trim();
    codes.push({ url: match[1]!, code: match[2]!, line: label });
  });
  return codes;
}

/** Where the demo's database is kept between e2e files and runs, one folder per day and tree. */
export const DEMO_CACHE_DIR = path.resolve('.tmp/e2e-demo');
const DEMO_OUTPUT = 'startup-output.txt';
const DEMO_KEEP_MS = 6 * 3_600_000;

/**
 * The database `npm start` makes on an empty folder (the demo loaded, its codes printed), made once
 * per Vietnam day and change of the sources, and the words it printed. Loading the demo takes most
 * of a start (about 20 s of 28 s on a quiet machine); each e2e file starts on a copy of it, so each
 * still gets a database of its own and unused demo codes, as from a fresh start.
 */
export async function demoTemplate(): Promise<{ dir: string; output: string }> {
  mkdirSync(DEMO_CACHE_DIR, { recursive: true });
  // The demo is dated from today, and the codes it prints are valid for a week.
  const key = `${vietnamDateOf(new Date())}-${pwaInputsHash()}`;
  const target = path.join(DEMO_CACHE_DIR, key);
  if (!existsSync(path.join(target, DEMO_OUTPUT))) {
    const building = mkdtempSync(path.join(DEMO_CACHE_DIR, '.building-'));
    try {
      const data = path.join(building, 'data');
      mkdirSync(data);
      const server = await launchServer({ dataDir: data, distDir: await sharedPwaBuild() });
      await server.stop();
      if (parseCodes(server.output()).length === 0) throw new Error(`the demo printed no codes:\n${server.output()}`);
      writeFileSync(path.join(building, DEMO_OUTPUT), server.output());
      try {
        renameSync(building, target);
      } catch {
        // Another run stored the same template first; theirs is as good.
        rmSync(building, { recursive: true, force: true });
      }
    } catch (error) {
      rmSync(building, { recursive: true, force: true });
      throw error;
    }
    for (const name of readdirSync(DEMO_CACHE_DIR)) {
      const dir = path.join(DEMO_CACHE_DIR, name);
      if (dir !== target && Date.now() - statSync(dir).mtimeMs > DEMO_KEEP_MS)
        rmSync(dir, { recursive: true, force: true });
    }
  }
  return { dir: path.join(target, 'data'), output: readFileSync(path.join(target, DEMO_OUTPUT), 'utf8') };
}

/**
 * Starts the server like `npm start` (tsx src/server/main.ts) on a free port, waits until it
 * answers, and returns the enrollment codes it printed for the demo. Without `dataDir` (nor `env`),
 * it runs over a copy of the demo's database as an empty folder's first start leaves it
 * (`demoTemplate`), and `codes` and `output()` begin with what that start printed; `fresh` starts
 * on an empty folder instead.
 */
export async function startServer(
  options: { dataDir?: string; distDir?: string; env?: Record<string, string>; fresh?: boolean } = {},
): Promise<RunningServer> {
  if (options.dataDir !== undefined || options.env !== undefined || options.fresh) return launchServer(options);
  const template = await demoTemplate();
  const dataDir = freshDataDir();
  cpSync(template.dir, dataDir, { recursive: true });
  return launchServer({ ...options, dataDir }, template.output);
}

async function launchServer(
  options: { dataDir?: string; distDir?: string; env?: Record<string, string> },
  printedBefore = '',
): Promise<RunningServer> {
  // Two e2e files start servers at once (test/lanes.mjs): a port another one took between the probe
  // and the listen is tried again with another.
  for (let attempt = 1; ; attempt++) {
    try {
      return await launchServerOnce(options, printedBefore);
    } catch (error) {
      if (attempt >= 3 || !String(error).includes('EADDRINUSE')) throw error;
    }
  }
}

async function launchServerOnce(
  options: { dataDir?: string; distDir?: string; env?: Record<string, string> },
  printedBefore: string,
): Promise<RunningServer> {
  const dataDir = options.dataDir ?? freshDataDir();
  const port = await freePort();
  const child: ChildProcess = spawn('npx', ['tsx', 'src/server/main.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      ...(options.distDir ? { DIST_DIR: options.distDir } : {}),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = printedBefore;
  child.stdout?.on('data', (chunk) => {
    output += String(chunk);
  });
  child.stderr?.on('data', (chunk) => {
    output += String(chunk);
  });
  const url = `http://localhost:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(`${url}/`);
      if (res.ok && parseCodes(output).length > 0) break;
      if (res.ok && Date.now() > deadline - 100_000) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`server did not answer on ${url}:\n${output}`);
    await new Promise((r) => setTimeout(r, 300));
  }
  return {
    url,
    port,
    dataDir,
    codes: parseCodes(output).map((c) => ({ ...c, url: c.url.replace(/^https?:\/\/[^/]+/, url) })),
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      // The server runs under npx and tsx: signal the whole process group this helper started.
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        child.kill('SIGTERM');
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }, 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Makes an enrollment code with the admin command: through the running server as `npm run admin`
 * does (POST /api/v1/admin/run with the handle the server left in its folder; the command's own
 * process start, about 5 s, is spared: test/server/process.test.ts runs the real command), or by
 * the command itself on a stopped PGlite folder.
 */
export async function adminEnrollCode(
  dataDir: string,
  unitId: string,
  role: 'reporter' | 'supervisor',
): Promise<string> {
  const argv = ['enroll-code', '--unit', unitId, '--role', role, '--json'];
  const handle = readAdminHandle(dataDir);
  if (handle) {
    const res = await fetch(`${handle.url}/api/v1/admin/run`, {
      method: 'POST',
      headers: { authorization: `Bearer ${handle.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ argv }),
    });
    const body = (await res.json()) as { code?: number; lines?: { stream: string; text: string }[] };
    const out = (body.lines ?? []).map((line) => line.text).join('\n');
    if (!res.ok || body.code !== 0) throw new Error(`enroll-code ${unitId} ${role} failed (${res.status}):\n${out}`);
    return (JSON.parse(out.slice(out.lastIndexOf('{'))) as { code: string }).code;
  }
  const { stdout } = await run('npx', ['tsx', 'src/server/cli/admin.ts', ...argv], {
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' },
  });
  const json = stdout.slice(stdout.lastIndexOf('{'));
  return (JSON.parse(json) as { code: string }).code;
}

/** True when the server entry point exists in this tree. */
export function hasServerEntry(): boolean {
  return existsSync('src/server/main.ts');
}
