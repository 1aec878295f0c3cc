// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSeeds, ServerHolder } from './support/sync-model';

// The CI share of the randomised run (100 schedules on in-memory PGlite, about 0.35 s each: 35 s
// alone, twice that beside the other lanes of npm test); the bench runs 10,000
// (test/bench/model-sync.ts). SCHEDULES and SEED override both.
const COUNT = Number(process.env.SCHEDULES ?? 100);
const FIRST_SEED = Number(process.env.SEED ?? 1);

let server: ServerHolder;
beforeAll(async () => {
  server = await ServerHolder.open();
});
afterAll(async () => {
  await server?.close();
});

describe('randomised sync schedules against the real client and server', () => {
  it(`keeps every entry exactly once through ${COUNT} faulty schedules (seeds ${FIRST_SEED}…)`, async () => {
    console.log(`model-sync: seeds ${FIRST_SEED}…${FIRST_SEED + COUNT - 1}`);
    const result = await runSeeds(server, FIRST_SEED, COUNT, { log: (line) => console.error(line) });
    console.log(`model-sync: ran ${result.ran}, failed ${result.failed.length}, server restarts ${server.restarts}`);
    expect(result.failed.map((f) => f.seed)).toEqual([]);
    expect(result.ran).toBe(COUNT);
    // Under a minute on a two-core machine; a busy one may need several times that.
  }, 900_000);
});
