// Ingest throughput: entries per second through POST /api/v1/sync in batches of 500 (app.inject,
// so HTTP parsing, auth, validation, the transaction, roll-up, change log and the pull of the
// same round trip are all in; no socket), on PGlite (a folder on disk) and on PostgreSQL, against the same rows written by one
// multi-row INSERT (one statement for every row) and by multi-row INSERTs of 500, in the same run.
// Run: npx tsx test/bench/ingest.ts [--entries 20000] [--devices 10] [--only postgres|pglite]
// PostgreSQL: DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test when it answers.
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { ActivityInput } from '../../src/shared/activity';
import { jsonRowOf } from '../../src/server/activities/activity-row';
import { buildApp } from '../../src/server/app';
import { type OpenDatabase, openDatabase } from '../../src/server/db/database';
import { DEMO_FILES } from '../../src/server/demo/demo';
import { createEnrollmentCode } from '../../src/server/devices/enrollment';
import { loadUnitsCsvFile } from '../../src/server/units/unit-loader';
import { INSERT_BATCH as BATCH, insertRowsOf, measureInsertRate } from './lib/insert-rate';

const argOf = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const ENTRIES = Number(argOf('entries', '20000'));
const DEVICES = Number(argOf('devices', '10'));
const ONLY = argOf('only', '');
const PG_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

interface Row {
  backend: string;
  method: string;
  entries: number;
  seconds: number;
  perSecond: number;
  batchP50Ms?: number;
  batchP95Ms?: number;
}

function makeEntries(unitIds: string[], count: number, deviceIds: string[]): ActivityInput[] {
  const entries: ActivityInput[] = [];
  for (let i = 0; i < count; i++) {
    const k = i % 4;
    const month = 1 + (i % 12);
    entries.push({
      id: randomUUID(),
      unitId: unitIds[i % unitIds.length]!,
      kind: k === 0 ? 'broadcast' : k === 1 ? 'article' : k === 2 ? 'material' : 'training',
      date: `2025-${String(month).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
      title: `Tuyên truyền CCHC số ${i}`,
      figures:
        k === 0
          ? { sessions: 1, minutes: 15, source: 'own' }
          : k === 1
            ? {}
            : k === 2
              ? { copies: 100, direction: 'received' }
              : { participants: 35 },
      deviceId: deviceIds[i % deviceIds.length]!,
      createdAt: '2025-07-01T08:00:00+07:00',
    });
  }
  return entries;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function benchBackend(name: string, opened: OpenDatabase): Promise<Row[]> {
  const { db } = opened;
  const rows: Row[] = [];
  const t0 = performance.now();
  await loadUnitsCsvFile(db, DEMO_FILES.nationalUnits, { idPrefix: 'new:', validFrom: '2025-07-01' });
  console.log(`[${name}] national units loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const communes = (
    await db.selectFrom('units').select('id').where('kind', '=', 'commune').orderBy('id').limit(DEVICES).execute()
  ).map((u) => u.id);
  const app = await buildApp({ db, limits: { syncPerWindow: 1_000_000 } });
  const devices: { id: string; unitId: string; token: string; seq: number; cursor: string | null }[] = [];
  for (const unitId of communes) {
    const { code } = await createEnrollmentCode(db, { unitId, role: 'reporter', now: new Date() });
    const res = await app.inject({ method: 'POST', url: '/api/v1/enroll', payload: { code, deviceName: 'bench' } });
    const body = res.json() as { deviceId: string; token: string };
    devices.push({ id: body.deviceId, unitId, token: body.token, seq: 0, cursor: null });
  }

  // 1. Through POST /sync, 500 per batch, devices taking turns. A phone sends a body it built
  // itself: the bodies are serialised before the clock starts, so the figure is the server's work.
  const bodiesOf = (device: (typeof devices)[number]) => {
    const list = makeEntries([device.unitId], Math.ceil(ENTRIES / DEVICES), [device.id]);
    const bodies: { count: number; json: string }[] = [];
    for (let i = 0; i < list.length; i += BATCH) {
      const chunk = list.slice(i, i + BATCH);
      const mutations = chunk.map((activity) => ({ seq: ++device.seq, op: 'upsert', baseVersion: 0, activity }));
      bodies.push({ count: chunk.length, json: JSON.stringify(mutations) });
    }
    return bodies;
  };
  const syncBody = (device: (typeof devices)[number], mutationsJson: string) =>
    `{"deviceId":${JSON.stringify(device.id)},"protocolVersion":1,"cursor":${JSON.stringify(device.cursor)},"skipOwn":true,"mutations":${mutationsJson}}`;
  const post = (device: (typeof devices)[number], mutationsJson: string) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/sync',
      headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/json' },
      payload: syncBody(device, mutationsJson),
    });
  const perDevice = new Map(devices.map((d) => [d.id, bodiesOf(d)]));
  const batchMs: number[] = [];
  let sent = 0;
  const start = performance.now();
  while (sent < ENTRIES) {
    for (const device of devices) {
      if (sent >= ENTRIES) break;
      const body = perDevice.get(device.id)!.shift();
      if (!body) continue;
      const t = performance.now();
      const res = await post(device, body.json);
      batchMs.push(performance.now() - t);
      if (res.statusCode !== 200) throw new Error(`sync ${res.statusCode}: ${res.body.slice(0, 300)}`);
      const answer = res.json() as { ackedThrough: number; results: { status: string }[]; cursor: string | null };
      // A phone carries its cursor from one sync to the next; the pull is part of the round trip.
      device.cursor = answer.cursor;
      if (answer.results.some((r) => r.status !== 'applied')) throw new Error('a mutation was not applied');
      sent += body.count;
    }
  }
  const syncSeconds = (performance.now() - start) / 1000;
  rows.push({
    backend: name,
    method: 'POST /api/v1/sync, 500 per batch',
    entries: sent,
    seconds: syncSeconds,
    perSecond: sent / syncSeconds,
    batchP50Ms: percentile(batchMs, 50),
    batchP95Ms: percentile(batchMs, 95),
  });

  // 1b. The same through POST /sync with every device pushing at once (many phones online together):
  // PostgreSQL runs the transactions side by side; PGlite, one connection, takes them in turn.
  for (const device of devices) perDevice.set(device.id, bodiesOf(device));
  const concurrentStart = performance.now();
  let concurrentSent = 0;
  await Promise.all(
    devices.map(async (device) => {
      const list = perDevice.get(device.id)!;
      while (list.length > 0) {
        const body = list[0]!;
        const res = await post(device, body.json);
        if (res.statusCode === 429) {
          // The admission gate turned it away: wait as told and send the same batch again.
          await new Promise((r) => setTimeout(r, 100));
          continue;
        }
        if (res.statusCode !== 200) throw new Error(`sync ${res.statusCode}: ${res.body.slice(0, 300)}`);
        device.cursor = (res.json() as { cursor: string | null }).cursor;
        list.shift();
        concurrentSent += body.count;
      }
    }),
  );
  const concurrentSeconds = (performance.now() - concurrentStart) / 1000;
  rows.push({
    backend: name,
    method: `POST /sync, ${DEVICES} devices at once`,
    entries: concurrentSent,
    seconds: concurrentSeconds,
    perSecond: concurrentSent / concurrentSeconds,
  });

  // 2. The same rows (fresh ids) as one multi-row INSERT: one statement for every row, the rows as
  // one JSON parameter of arrays, as the sync writes them.
  const now = new Date().toISOString();
  const entriesNow = () =>
    makeEntries(
      communes,
      ENTRIES,
      devices.map((d) => d.id),
    );
  const one = JSON.stringify(
    entriesNow().map((a) => jsonRowOf({ ...a, version: 1, voided: false, voidReason: null, receivedAt: now })),
  );
  const t1 = performance.now();
  await sql`
    insert into activities (id, unit_id, kind, date, task_id, plan_id, title, topics, figures, note, location,
      device_id, created_at, received_at, version, voided, void_reason, updated_at)
    select r ->> 0, r ->> 1, r ->> 2, r ->> 3, r ->> 4, r ->> 5, r ->> 6, nullif(r -> 7, 'null'), r -> 8, r ->> 9,
      nullif(r -> 10, 'null'), r ->> 11, r ->> 12, r ->> 13, (r ->> 14)::int, (r ->> 15)::boolean, r ->> 16, ${now}
    from jsonb_array_elements(${one}::jsonb) as r`.execute(db);
  const oneSeconds = (performance.now() - t1) / 1000;
  rows.push({
    backend: name,
    method: 'one INSERT of every row',
    entries: ENTRIES,
    seconds: oneSeconds,
    perSecond: ENTRIES / oneSeconds,
  });

  // 3. The same rows (fresh ids) as multi-row INSERTs of 500, the batch size of a sync
  // (lib/insert-rate.ts, the herd bench's baseline too).
  const insert = await measureInsertRate(db, insertRowsOf(entriesNow(), now));
  rows.push({ backend: name, method: 'INSERT of 500 rows at a time', ...insert });
  await app.close();
  return rows;
}

async function postgresReachable(): Promise<boolean> {
  try {
    const opened = await openDatabase({ databaseUrl: PG_URL, schema: 'bench_probe' });
    await sql`drop schema bench_probe cascade`.execute(opened.db);
    await opened.close();
    return true;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const results: Row[] = [];
  const dir = mkdtempSync(path.join(tmpdir(), 'cchc-ingest-'));
  try {
    if (ONLY !== 'postgres') {
      const pglite = await openDatabase({ dataDir: dir });
      try {
        results.push(...(await benchBackend('PGlite', pglite)));
      } finally {
        await pglite.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (ONLY === 'pglite') {
    // PostgreSQL left out on request.
  } else if (await postgresReachable()) {
    const schema = `bench_ingest_${Date.now()}`;
    const pg = await openDatabase({ databaseUrl: PG_URL, schema });
    try {
      results.push(...(await benchBackend('PostgreSQL', pg)));
    } finally {
      await sql`drop schema ${sql.id(schema)} cascade`.execute(pg.db);
      await pg.close();
    }
  } else {
    console.warn(`PostgreSQL at ${PG_URL} does not answer: PostgreSQL rows left out.`);
  }

  console.log(`\nIngest, ${ENTRIES} entries, ${DEVICES} devices, ${cpus().length} cores, Node ${process.version}`);
  console.log(
    'backend     | method                             | entries |      s | entries/s | batch p50 | batch p95',
  );
  console.log(
    '------------|------------------------------------|---------|--------|-----------|-----------|----------',
  );
  for (const r of results) {
    console.log(
      `${r.backend.padEnd(11)} | ${r.method.padEnd(34)} | ${String(r.entries).padStart(7)} | ${r.seconds.toFixed(2).padStart(6)} | ${Math.round(r.perSecond).toString().padStart(9)} | ${r.batchP50Ms ? `${r.batchP50Ms.toFixed(0)} ms`.padStart(9) : '        -'} | ${r.batchP95Ms ? `${r.batchP95Ms.toFixed(0)} ms`.padStart(9) : '        -'}`,
    );
  }
  const out = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(out, { recursive: true });
  const file = path.join(out, 'ingest.json');
  writeFileSync(
    file,
    JSON.stringify(
      { when: new Date().toISOString(), entries: ENTRIES, devices: DEVICES, cores: cpus().length, results },
      null,
      2,
    ),
  );
  console.log(`\nwritten ${file}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
