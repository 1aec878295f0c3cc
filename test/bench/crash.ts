// The full crash run of issue 7: `npx tsx test/bench/crash.ts [--kills 50] [--seed 7]`. The server
// process on PostgreSQL (DATABASE_URL, default the local test server; a database of its own is
// made and dropped) is killed with SIGKILL and restarted `kills` times under load from simulated
// phones, then the same with two servers behind a round-robin proxy; totals are compared with
// what the phones saved. Writes results/crash.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createScratchDatabase, postgresUnavailable, runCrashScenario } from '../proof/support/crash-run';

function argOf(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] ? process.argv[at + 1]! : fallback;
}

async function main(): Promise<void> {
  const kills = Number(argOf('kills', '50'));
  const seed = Number(argOf('seed', '7'));
  const reason = await postgresUnavailable();
  if (reason) throw new Error(reason);
  const scratch = await createScratchDatabase();
  try {
    const started = Date.now();
    const one = await runCrashScenario({
      databaseUrl: scratch.url,
      kills,
      instances: 1,
      phones: 16,
      seed,
      log: console.log,
    });
    console.log(`crash, one server: ${JSON.stringify(one)}`);
    const two = await runCrashScenario({
      databaseUrl: scratch.url,
      kills,
      instances: 2,
      phones: 16,
      seed: seed + 1,
      log: console.log,
    });
    console.log(`crash, two servers behind a proxy: ${JSON.stringify(two)}`);
    const out = path.resolve('test/bench/results/crash.json');
    mkdirSync(path.dirname(out), { recursive: true });
    const seconds = Math.round((Date.now() - started) / 1000);
    writeFileSync(out, `${JSON.stringify({ seed, seconds, oneServer: one, twoServers: two }, null, 2)}\n`);
    const ok = one.problems.length === 0 && two.problems.length === 0;
    console.log(
      `crash: ${one.kills} + ${two.kills} kills survived ${ok ? 'with no entry lost or doubled' : 'WITH PROBLEMS'} (${seconds} s)`,
    );
    process.exitCode = ok ? 0 : 1;
  } finally {
    await scratch.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(2);
});
