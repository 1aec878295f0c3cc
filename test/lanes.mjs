#!/usr/bin/env node
// `npm test`: the whole suite in three lanes at once. Vitest runs every project whose files must
// go one at a time (e2e, proof, server) in one queue, after the rest, so on a two-core machine the
// browser tests, which mostly wait on Chromium, and the proofs, which mostly wait on servers they
// start and kill, ran end to end (13 minutes). Separate Vitest processes overlap them: the e2e
// project, the proofs, and every other project (server, app, shared). With two lanes (proofs
// behind the server tests) the rest ran 335 s alone after the e2e lane ended, one core idle
// (19.9 min in all). Each project makes its own PostgreSQL databases and PGlite folders, so the
// lanes never share data. Each lane's lines carry its name; the run fails if any lane fails.
// With arguments (a file, a filter, --project …) it is plain `vitest run` with them.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const vitest = new URL('../node_modules/vitest/vitest.mjs', import.meta.url).pathname;
const args = process.argv.slice(2);

function run(name, argv) {
  const started = Date.now();
  const child = spawn(process.execPath, [vitest, 'run', ...argv], {
    stdio: name ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    // Piped, each lane's lines are prefixed: no colour codes in them unless asked for.
    env: name && !process.env.FORCE_COLOR ? { ...process.env, NO_COLOR: '1' } : process.env,
  });
  if (name) {
    for (const [stream, out] of [
      [child.stdout, process.stdout],
      [child.stderr, process.stderr],
    ]) {
      createInterface({ input: stream }).on('line', (line) => out.write(`[${name}] ${line}\n`));
    }
  }
  return new Promise((resolve) => {
    child.on('exit', (code, signal) =>
      resolve({ name, code: code ?? (signal ? 1 : 0), seconds: (Date.now() - started) / 1000 }),
    );
  });
}

if (args.length > 0) {
  const { code } = await run(null, args);
  process.exit(code);
}

const lanes = await Promise.all([
  // Two e2e files at a time: a browser test mostly waits (on timers, the service worker, its
  // server), about 40 % of one core for its wall time; one at a time the lane ran 1,158 s, two at a
  // time 406 s, on the same loaded machine (each file has its own server, port and profiles).
  run('e2e', ['--project', 'e2e', '--fileParallelism', '--maxWorkers', '2']),
  run('proof', ['--project', 'proof']),
  run('rest', ['--project', 'shared', '--project', 'app', '--project', 'server']),
]);
for (const lane of lanes) {
  console.log(
    `lane ${lane.name}: ${lane.code === 0 ? 'passed' : `FAILED (exit ${lane.code})`} in ${lane.seconds.toFixed(0)} s`,
  );
}
process.exit(lanes.some((lane) => lane.code !== 0) ? 1 : 0);
