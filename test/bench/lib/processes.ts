import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';

/** A child process the bench started, with what it printed. */
export interface Child {
  process: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `command` in its own process group and waits until its output matches `ready` (if
 * given); returns the child and the match.
 */
export async function startChild(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; ready?: RegExp; timeoutMs: number; cwd?: string },
): Promise<{ child: Child; match: RegExpMatchArray }> {
  const proc = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const child: Child = {
    process: proc,
    output: () => output,
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = once(proc, 'exit');
      try {
        process.kill(-proc.pid!, 'SIGTERM');
      } catch {
        return;
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-proc.pid!, 'SIGKILL');
        } catch {}
      }, 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
  const match = await new Promise<RegExpMatchArray>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(
        new Error(`${command} ${args.join(' ')} not ready after ${options.timeoutMs} ms:\n${output.slice(-2000)}`),
      );
    }, options.timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = options.ready ? output.match(options.ready) : null;
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    };
    if (!options.ready) {
      clearTimeout(timer);
      resolve(['']);
    }
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited with ${code} before it was ready:\n${output.slice(-2000)}`));
    });
  }).catch(async (error) => {
    await child.stop();
    throw error;
  });
  return { child, match };
}

/** The tsx binary of this project, to run TypeScript entry points as child processes. */
export const TSX = 'node_modules/.bin/tsx';
