import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sharedPwaBuild, vitePwaBuild } from './pwa-build';
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

/**
 * Starts the server like `npm start` (tsx src/server/main.ts) on a free port over a fresh PGlite
 * folder, waits until it answers, and returns the enrollment codes it printed for the demo.
 */
export async function startServer(
  options: { dataDir?: string; distDir?: string; env?: Record<string, string> } = {},
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
  let output = '';
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

/** Makes an enrollment code with the admin command (through the running server, or on the stopped PGlite folder). */
export async function adminEnrollCode(
  dataDir: string,
  unitId: string,
  role: 'reporter' | 'supervisor',
): Promise<string> {
  const { stdout } = await run(
    'npx',
    ['tsx', 'src/server/cli/admin.ts', 'enroll-code', '--unit', unitId, '--role', role, '--json'],
    {
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' },
    },
  );
  const json = stdout.slice(stdout.lastIndexOf('{'));
  return (JSON.parse(json) as { code: string }).code;
}

/** True when the server entry point exists in this tree. */
export function hasServerEntry(): boolean {
  return existsSync('src/server/main.ts');
}
