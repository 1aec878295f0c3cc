// The long run of the randomised sync schedules (issue 7): `npx tsx test/bench/model-sync.ts
// [--count 10000] [--from 100001] [--out file.json]`. The same schedules as the CI test, over the
// same real client and server, only more of them; prints every failing seed and a summary.
import 'fake-indexeddb/auto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runSchedule, ScheduleFailure, scheduleOfSeed, ServerHolder } from '../proof/support/sync-model';

function argOf(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] ? process.argv[at + 1]! : fallback;
}

const count = Number(argOf('count', '10000'));
const from = Number(argOf('from', '100001'));
const out = argOf('out', path.resolve('test/bench/results/model-sync.json'));

async function main(): Promise<void> {
  let server = await ServerHolder.open();
  const started = Date.now();
  const failed: { seed: number; message: string }[] = [];
  let ran = 0;
  const save = () => {
    mkdirSync(path.dirname(out), { recursive: true });
    const seconds = Math.round((Date.now() - started) / 1000);
    writeFileSync(
      out,
      `${JSON.stringify({ from, count, ran, failed: failed.length, failures: failed, seconds, restarts: server.restarts }, null, 2)}\n`,
    );
  };
  for (let seed = from; seed < from + count; seed++) {
    try {
      await runSchedule(server, scheduleOfSeed(seed));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      failed.push({ seed, message: message.slice(0, 4000) });
      console.log(`FAILED schedule seed=${seed}: ${message.slice(0, 1000)}`);
      // An unexpected error may leave the server unusable: start a fresh one.
      if (!(error instanceof ScheduleFailure)) {
        await server.close().catch(() => undefined);
        server = await ServerHolder.open();
      }
    }
    ran++;
    if (ran % 100 === 0) {
      console.log(
        `model-sync: ${ran}/${count} ran, ${failed.length} failed, ${Math.round((Date.now() - started) / 1000)} s`,
      );
      save();
    }
  }
  save();
  console.log(
    `model-sync: seeds ${from}…${from + count - 1}: ran ${ran}, failed ${failed.length}${failed.length ? ` (seeds ${failed.map((f) => f.seed).join(', ')})` : ''}`,
  );
  await server.close();
  process.exit(failed.length === 0 ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(2);
});
