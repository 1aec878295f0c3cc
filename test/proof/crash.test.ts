import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDatabase, postgresUnavailable, runCrashScenario } from './support/crash-run';

// CI kills the server KILLS times (default 6: each restart is a server start, about 10 s beside
// the other lanes of npm test); the bench does the full 50 (test/bench/crash.ts). With DATABASE_URL or
// REQUIRE_POSTGRES=1 a missing PostgreSQL is a failure; otherwise the suite says loudly that it skipped.
const KILLS = Number(process.env.KILLS ?? 6);
const SEED = Number(process.env.SEED ?? 7);
const reason = await postgresUnavailable();
// CI sets DATABASE_URL: PostgreSQL is then required, not optional.
if (reason && (process.env.REQUIRE_POSTGRES === '1' || process.env.DATABASE_URL))
  throw new Error(`${reason} (DATABASE_URL or REQUIRE_POSTGRES=1 is set)`);
if (reason) console.warn(`SKIPPING crash tests: ${reason} (set REQUIRE_POSTGRES=1 to make this a failure)`);

let scratch: Awaited<ReturnType<typeof createScratchDatabase>> | null = null;
beforeAll(async () => {
  if (!reason) scratch = await createScratchDatabase();
});
afterAll(async () => {
  await scratch?.drop();
});

describe.skipIf(reason !== null)('SIGKILL of the server process on PostgreSQL', () => {
  it(`loses and doubles nothing through ${KILLS} kills of one server`, async () => {
    const outcome = await runCrashScenario({
      databaseUrl: scratch!.url,
      kills: KILLS,
      instances: 1,
      phones: 12,
      seed: SEED,
      log: console.log,
    });
    console.log(`crash (1 server, seed ${SEED}): ${JSON.stringify({ ...outcome, problems: outcome.problems.length })}`);
    expect(outcome.problems).toEqual([]);
    expect(outcome.kills).toBe(KILLS);
    expect(outcome.entries).toBeGreaterThan(50);
  });

  it(`gives the same result with two servers behind a round-robin proxy, killed ${Math.ceil(KILLS / 2)} times`, async () => {
    const outcome = await runCrashScenario({
      databaseUrl: scratch!.url,
      kills: Math.ceil(KILLS / 2),
      instances: 2,
      phones: 12,
      seed: SEED + 1,
      log: console.log,
    });
    console.log(
      `crash (2 servers, seed ${SEED + 1}): ${JSON.stringify({ ...outcome, problems: outcome.problems.length })}`,
    );
    expect(outcome.problems).toEqual([]);
    expect(outcome.entries).toBeGreaterThan(30);
  });
});
