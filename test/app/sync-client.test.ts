import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AppDatabase,
  acceptServerVersion,
  keepLocalVersion,
  openAppDatabase,
  readMeta,
  saveEntry,
  voidEntry,
  writeMeta,
} from '../../src/app/db/database';
import { optimisticEntry } from '../../src/app/pages/save-entry';
import { backoffDelay, enrollDevice, retryAfterDelay, runSync } from '../../src/app/sync/sync-client';
import { withTimeouts } from '../../src/app/sync/timed-fetch';
import type { EntryDraft } from '../../src/app/db/database';
import { exportEntries, importEntries } from '../../src/app/db/entry-file';
import { makeCode, seedCommune, startTestServer, transportFor } from './support/server';

type Server = Awaited<ReturnType<typeof startTestServer>>;
let server: Server;
let dbCounter = 0;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

function broadcast(date = '2021-07-06', minutes = 10): EntryDraft {
  return { kind: 'broadcast', date, title: 'Chuyên mục CCHC', figures: { sessions: 1, minutes, source: 'own' } };
}

async function newPhone(unitId: string, faults: Parameters<typeof transportFor>[1] = []) {
  const db = openAppDatabase(`phone-${++dbCounter}`);
  const net = transportFor(server.app, faults);
  await enrollDevice(db, net.transport, await makeCode(server, unitId), `Máy ${dbCounter}`);
  return { db, ...net };
}

async function supervisorReport(unitId: string, period = '2021-M07') {
  const db = openAppDatabase(`supervisor-${++dbCounter}`);
  const net = transportFor(server.app);
  const answer = await enrollDevice(db, net.transport, await makeCode(server, unitId, 'supervisor'), 'Máy huyện');
  const res = await server.app.inject({
    method: 'GET',
    url: `/api/v1/report?unitId=${encodeURIComponent(unitId)}&period=${period}`,
    headers: { authorization: `Bearer ${answer.token}` },
  });
  expect(res.statusCode).toBe(200);
  return res.json() as { totals: Record<string, Record<string, number>> };
}

async function outboxSeqs(db: AppDatabase) {
  return (await db.outbox.orderBy('seq').toArray()).map((r) => r.seq);
}

describe('the local database', () => {
  it('saves an entry and its outbox mutation together, with per-device seq and chained base versions', async () => {
    const ids = await seedCommune(server);
    const { db } = await newPhone(ids.station);
    const first = await saveEntry(db, broadcast());
    const edited = await saveEntry(db, {
      ...broadcast(),
      id: first.id,
      figures: { sessions: 1, minutes: 15, source: 'own' },
    });
    await voidEntry(db, first.id, 'Ghi nhầm ngày');
    const rows = await db.outbox.orderBy('seq').toArray();
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3]);
    // An edit made before the first upsert is acknowledged builds on the version that upsert will get.
    expect(rows.map((r) => r.mutation.baseVersion)).toEqual([0, 1, 2]);
    expect(edited.id).toBe(first.id);
    expect((await db.activities.get(first.id))?.voided).toBe(true);
    expect((await readMeta(db)).nextSeq).toBe(4);
    expect(first.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('loses nothing when storage is full: the failed save leaves earlier entries and the outbox intact', async () => {
    const ids = await seedCommune(server);
    const { db } = await newPhone(ids.station);
    await saveEntry(db, broadcast());
    const realAdd = db.outbox.add.bind(db.outbox);
    db.outbox.add = (() =>
      Promise.reject(new DOMException('quota', 'QuotaExceededError'))) as unknown as typeof db.outbox.add;
    await expect(saveEntry(db, broadcast('2021-07-09'))).rejects.toMatchObject({ name: 'StorageFullError' });
    db.outbox.add = realAdd;
    expect(await db.activities.count()).toBe(1);
    expect(await outboxSeqs(db)).toEqual([1]);
    // The seq the failed save took was rolled back with it: the next save gets 2, no gap.
    await saveEntry(db, broadcast('2021-07-09'));
    expect(await outboxSeqs(db)).toEqual([1, 2]);
  });
});

describe('the sync client against the real server', () => {
  it('pushes the outbox, empties it, and the server counts each entry once', async () => {
    const ids = await seedCommune(server);
    const { db, log } = await newPhone(ids.commune);
    await saveEntry(db, broadcast('2021-07-06'));
    await saveEntry(db, {
      kind: 'training',
      date: '2021-07-08',
      title: 'Tập huấn DVC trực tuyến',
      figures: { participants: 35 },
    });
    await saveEntry(db, {
      kind: 'material',
      date: '2021-07-09',
      title: 'Tờ gấp DVC',
      figures: { copies: 40, direction: 'distributed' },
    });
    const outcome = await runSync(db, (await import('./support/server')).transportFor(server.app).transport);
    expect(outcome?.pushed).toBe(3);
    expect(await db.outbox.count()).toBe(0);
    const stored = await db.activities.toArray();
    expect(stored.every((a) => a.syncState === 'synced' && a.serverVersion === 1 && a.receivedAt)).toBe(true);
    expect((await readMeta(db)).lastSyncAt).toBeTruthy();
    const report = await supervisorReport(ids.district);
    expect(report.totals.broadcast?.sessions).toBe(1);
    expect(report.totals.training?.participants).toBe(35);
    expect(report.totals.material?.copiesDistributed).toBe(40);
    expect(log.length).toBeGreaterThan(0);
  });

  it('sends gzip bodies when the browser can compress', async () => {
    const ids = await seedCommune(server);
    const { db, transport, log } = await newPhone(ids.station);
    await saveEntry(db, broadcast());
    await runSync(db, transport);
    const syncCalls = log.filter((l) => l.path.endsWith('/sync'));
    expect(syncCalls[0]?.encoding).toBe(typeof CompressionStream === 'undefined' ? null : 'gzip');
    expect(syncCalls.every((l) => l.status === 200)).toBe(true);
  });

  it('survives a lost response: the retry is a duplicate and nothing is counted twice', async () => {
    const ids = await seedCommune(server);
    const { db, transport, faults } = await newPhone(ids.station);
    await saveEntry(db, broadcast('2021-07-06'));
    await saveEntry(db, broadcast('2021-07-09'));
    faults.push('drop-response');
    await expect(runSync(db, transport)).rejects.toMatchObject({ kind: 'offline' });
    // The server has them; the phone does not know, so it keeps them queued.
    expect(await outboxSeqs(db)).toEqual([1, 2]);
    expect((await readMeta(db)).lastSyncError).toBe('offline');
    faults.push('http-503');
    await expect(runSync(db, transport)).rejects.toMatchObject({ kind: 'retryable' });
    await runSync(db, transport);
    expect(await db.outbox.count()).toBe(0);
    const entries = await db.activities.toArray();
    expect(entries.map((e) => [e.syncState, e.serverVersion])).toEqual([
      ['synced', 1],
      ['synced', 1],
    ]);
    const report = await supervisorReport(ids.commune);
    expect(report.totals.broadcast?.sessions).toBe(2);
  });

  it('gives up on a request that never answers, and on an answer that stops half-way; the retry counts each once', async () => {
    const ids = await seedCommune(server);
    const phone = await newPhone(ids.station);
    const { db, faults } = phone;
    // The app's own waits (transport.ts), shortened.
    const transport = { ...phone.transport, fetch: withTimeouts(phone.transport.fetch, 300) };
    await saveEntry(db, broadcast('2021-07-06'));
    await saveEntry(db, broadcast('2021-07-09'));
    // A link dropped without a word: the sync ends (its lock let go) instead of waiting for TCP.
    faults.push('hang');
    const started = Date.now();
    await expect(runSync(db, transport)).rejects.toMatchObject({ kind: 'offline', message: 'timeout' });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await outboxSeqs(db)).toEqual([1, 2]);
    // The server applies the push; its answer stops after a few bytes.
    faults.push('stall-answer');
    await expect(runSync(db, transport)).rejects.toMatchObject({ kind: 'offline', message: 'timeout' });
    expect(await outboxSeqs(db)).toEqual([1, 2]);
    await runSync(db, transport);
    expect(await db.outbox.count()).toBe(0);
    expect((await supervisorReport(ids.commune)).totals.broadcast?.sessions).toBe(2);
  });

  it('pushes a long outbox in batches and keeps seq order', async () => {
    const ids = await seedCommune(server);
    const { db, transport, log } = await newPhone(ids.station);
    for (let day = 1; day <= 12; day++) await saveEntry(db, broadcast(`2021-07-${String(day).padStart(2, '0')}`));
    const outcome = await runSync(db, transport, { batchSize: 5 });
    expect(outcome?.pushed).toBe(12);
    expect(log.filter((l) => l.path.endsWith('/sync')).length).toBeGreaterThanOrEqual(3);
    expect(await db.outbox.count()).toBe(0);
    expect((await supervisorReport(ids.commune)).totals.broadcast?.sessions).toBe(12);
  });

  it('two phones of one commune converge: a correction on one and a void on the other', async () => {
    const ids = await seedCommune(server);
    const a = await newPhone(ids.commune);
    const b = await newPhone(ids.commune);
    const entry = await saveEntry(a.db, {
      kind: 'training',
      date: '2021-07-08',
      title: 'Tập huấn',
      figures: { participants: 53 },
    });
    const broadcastEntry = await saveEntry(a.db, broadcast('2021-07-06'));
    await runSync(a.db, a.transport);
    await runSync(b.db, b.transport);
    expect((await b.db.activities.get(entry.id))?.figures.participants).toBe(53);
    // The colleague corrects 53 to 35; the first phone voids the broadcast.
    await saveEntry(b.db, { ...(await b.db.activities.get(entry.id))!, figures: { participants: 35 } });
    await voidEntry(a.db, broadcastEntry.id, 'Trùng');
    await runSync(b.db, b.transport);
    await runSync(a.db, a.transport);
    await runSync(b.db, b.transport);
    for (const phone of [a, b]) {
      const training = await phone.db.activities.get(entry.id);
      const voided = await phone.db.activities.get(broadcastEntry.id);
      expect([training?.figures.participants, training?.serverVersion, training?.syncState]).toEqual([35, 2, 'synced']);
      expect([voided?.voided, voided?.serverVersion]).toEqual([true, 2]);
    }
    const report = await supervisorReport(ids.commune);
    expect(report.totals.training?.participants).toBe(35);
    expect(report.totals.broadcast).toBeUndefined();
  });

  it('keeps both versions on a conflict and lets the person choose', async () => {
    const ids = await seedCommune(server);
    const a = await newPhone(ids.commune);
    const b = await newPhone(ids.commune);
    const entry = await saveEntry(a.db, {
      kind: 'meeting',
      date: '2021-07-08',
      title: 'Đối thoại',
      figures: { participants: 20 },
    });
    await runSync(a.db, a.transport);
    await runSync(b.db, b.transport);
    await saveEntry(a.db, { ...(await a.db.activities.get(entry.id))!, figures: { participants: 25 } });
    await saveEntry(b.db, { ...(await b.db.activities.get(entry.id))!, figures: { participants: 30 } });
    await runSync(a.db, a.transport);
    await runSync(b.db, b.transport);
    const onB = await b.db.activities.get(entry.id);
    expect(onB?.syncState).toBe('conflict');
    expect(onB?.figures.participants).toBe(30);
    expect(onB?.conflictWith?.figures.participants).toBe(25);
    // A pull of the server's record must not erase the choice still to be made.
    await runSync(b.db, b.transport);
    expect((await b.db.activities.get(entry.id))?.syncState).toBe('conflict');
    await keepLocalVersion(b.db, entry.id);
    await runSync(b.db, b.transport);
    await runSync(a.db, a.transport);
    expect((await a.db.activities.get(entry.id))?.figures.participants).toBe(30);
    expect((await b.db.activities.get(entry.id))?.syncState).toBe('synced');

    // The other choice: take the server's record.
    await saveEntry(a.db, { ...(await a.db.activities.get(entry.id))!, figures: { participants: 40 } });
    await saveEntry(b.db, { ...(await b.db.activities.get(entry.id))!, figures: { participants: 41 } });
    await runSync(a.db, a.transport);
    await runSync(b.db, b.transport);
    await acceptServerVersion(b.db, entry.id);
    const taken = await b.db.activities.get(entry.id);
    expect([taken?.syncState, taken?.figures.participants]).toEqual(['synced', 40]);
  });

  it('marks a rejected entry with the server reason, and an edit fixes it', async () => {
    const ids = await seedCommune(server);
    const { db, transport } = await newPhone(ids.postOffice);
    // Copies left out: the server refuses it, in words.
    const bad = await saveEntry(db, {
      kind: 'material',
      date: '2021-07-09',
      title: 'Tờ gấp',
      figures: { direction: 'received' },
    });
    await saveEntry(db, {
      kind: 'material',
      date: '2021-07-10',
      title: 'Tờ gấp',
      figures: { copies: 5, direction: 'distributed' },
    });
    await runSync(db, transport);
    const rejected = await db.activities.get(bad.id);
    expect(rejected?.syncState).toBe('rejected');
    expect(rejected?.error).toMatch(/bản/);
    // The rejection does not block the queue.
    expect(await db.outbox.count()).toBe(0);
    await saveEntry(db, { ...rejected!, figures: { copies: 300, direction: 'received' } });
    await runSync(db, transport);
    const fixed = await db.activities.get(bad.id);
    expect([fixed?.syncState, fixed?.error ?? null]).toEqual(['synced', null]);
    expect((await supervisorReport(ids.commune)).totals.material?.copiesReceived).toBe(300);
  });

  it('does not let a pulled record overwrite an entry with unsent changes', async () => {
    const ids = await seedCommune(server);
    const a = await newPhone(ids.commune);
    const b = await newPhone(ids.commune);
    const entry = await saveEntry(a.db, {
      kind: 'training',
      date: '2021-07-08',
      title: 'Tập huấn',
      figures: { participants: 10 },
    });
    await runSync(a.db, a.transport);
    await runSync(b.db, b.transport);
    await saveEntry(a.db, { ...(await a.db.activities.get(entry.id))!, figures: { participants: 11 } });
    await runSync(a.db, a.transport);
    // The colleague saves a correction while B's sync is on the wire; the answer brings A's edit.
    const snapshot = (await b.db.activities.get(entry.id))!;
    b.duringRequest.push(() => saveEntry(b.db, { ...snapshot, figures: { participants: 12 } }));
    await runSync(b.db, b.transport);
    const onB = await b.db.activities.get(entry.id);
    // The outbox wins until acknowledged: B still shows its own 12, and then learns of the conflict.
    expect(onB?.figures.participants).toBe(12);
    expect(['pending', 'conflict']).toContain(onB?.syncState);
    await runSync(b.db, b.transport);
    const after = await b.db.activities.get(entry.id);
    expect([after?.syncState, after?.figures.participants, after?.conflictWith?.figures.participants]).toEqual([
      'conflict',
      12,
      11,
    ]);
  });

  it('handles reset by downloading the scope again without touching the outbox', async () => {
    const ids = await seedCommune(server);
    const a = await newPhone(ids.commune);
    const b = await newPhone(ids.commune);
    await saveEntry(a.db, broadcast('2021-07-06'));
    await runSync(a.db, a.transport);
    await runSync(b.db, b.transport);
    await b.db.activities.clear();
    await saveEntry(b.db, broadcast('2021-07-07'));
    await writeMeta(b.db, { cursor: 'not-a-cursor' });
    await runSync(b.db, b.transport);
    expect(await b.db.outbox.count()).toBe(0);
    expect(await b.db.activities.count()).toBe(2);
    expect((await readMeta(b.db)).cursor).not.toBe('not-a-cursor');
    expect((await supervisorReport(ids.commune)).totals.broadcast?.sessions).toBe(2);
  });

  it('exports unsent entries that another phone imports once; the old phone syncing later counts nothing twice', async () => {
    const ids = await seedCommune(server);
    const oldPhone = await newPhone(ids.commune);
    const newOne = await newPhone(ids.commune);
    await saveEntry(oldPhone.db, broadcast('2021-07-06'));
    await saveEntry(oldPhone.db, {
      kind: 'training',
      date: '2021-07-08',
      title: 'Tập huấn',
      figures: { participants: 35 },
    });
    const file = JSON.parse(JSON.stringify(await exportEntries(oldPhone.db)));
    expect(file).toMatchObject({ format: 'cchc-activities', version: 1, activities: [{}, {}] });
    expect(await importEntries(newOne.db, file)).toBe(2);
    expect(await importEntries(newOne.db, file)).toBe(0);
    await runSync(newOne.db, newOne.transport);
    await runSync(oldPhone.db, oldPhone.transport);
    expect(await oldPhone.db.outbox.count()).toBe(0);
    expect((await oldPhone.db.activities.toArray()).map((e) => e.syncState)).toEqual(['synced', 'synced']);
    const report = await supervisorReport(ids.commune);
    expect(report.totals.broadcast?.sessions).toBe(1);
    expect(report.totals.training?.participants).toBe(35);
  });

  it('a second tab cannot sync while the first holds the lease', async () => {
    const ids = await seedCommune(server);
    const { db, transport } = await newPhone(ids.station);
    await saveEntry(db, broadcast());
    const [first, second] = await Promise.all([runSync(db, transport), runSync(db, transport)]);
    expect([first, second].filter((r) => r === null)).toHaveLength(1);
    expect(await db.outbox.count()).toBe(0);
  });

  it('a save made after the lease holder last looked at the outbox is sent once it lets go', async () => {
    const ids = await seedCommune(server);
    const { db, transport, log } = await newPhone(ids.station);
    const requestsBefore = log.length;
    // Another tab holds the lease and will not look at the outbox again before letting go.
    await writeMeta(db, { syncLease: { holder: 'other-tab', until: Date.now() + 60_000 } });
    await saveEntry(db, broadcast());
    let settled = false;
    const run = runSync(db, transport).finally(() => {
      settled = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    // It waits instead of giving up: nothing sent while the other tab holds the lease.
    expect(settled).toBe(false);
    expect(log.length).toBe(requestsBefore);
    await writeMeta(db, { syncLease: null });
    expect((await run)?.pushed).toBe(1);
    expect(await db.outbox.count()).toBe(0);
    expect((await readMeta(db)).syncLease).toBeNull();
  });

  it('comes back after a 429 within the second after Retry-After, never before it', () => {
    expect(retryAfterDelay(5_000, () => 0)).toBe(5_000);
    expect(retryAfterDelay(5_000, () => 0.9999)).toBe(5_999);
    const waits = Array.from({ length: 1000 }, () => retryAfterDelay(3_000));
    expect(Math.min(...waits)).toBeGreaterThanOrEqual(3_000);
    expect(Math.max(...waits)).toBeLessThan(4_000);
    // Spread over the second, not bunched at its start.
    expect(new Set(waits.map((w) => Math.floor((w - 3_000) / 100))).size).toBe(10);
  });

  it('backs off exponentially with jitter, capped at five minutes', () => {
    expect(backoffDelay(0, () => 1)).toBe(2_000);
    expect(backoffDelay(3, () => 1)).toBe(16_000);
    expect(backoffDelay(30, () => 1)).toBe(300_000);
    expect(backoffDelay(5, () => 0)).toBe(1_000);
  });
});

describe('the phone database and the entry file (one schema, one rule for voids)', () => {
  it('keeps each setting with its own type', async () => {
    const db = openAppDatabase(`meta-${++dbCounter}`);
    expect((await readMeta(db)).nextSeq).toBe(1);
    await writeMeta(db, { language: 'en', syncLease: { holder: 'tab-1', until: 42 }, cursor: null });
    const meta = await readMeta(db);
    expect(meta.language).toBe('en');
    expect(meta.syncLease).toEqual({ holder: 'tab-1', until: 42 });
    expect(meta.basis).toBe('decree09');
  });

  it('shows while saving exactly the entry it stores', async () => {
    const ids = await seedCommune(server);
    const { db } = await newPhone(ids.commune);
    const meta = await readMeta(db);
    const draft = { ...broadcast('2021-07-09'), id: '0191e000-0000-7000-8000-0000000000aa', note: 'Phát lại' };
    const shown = optimisticEntry(draft, draft.id, undefined, meta);
    const stored = await saveEntry(db, draft);
    expect({ ...shown, createdAt: '' }).toEqual({ ...stored, createdAt: '' });
    // An edit keeps what the server confirmed and shows the same as it stores, too.
    const edit = { ...draft, title: 'Chuyên mục CCHC (sửa)' };
    const existing = await db.activities.get(draft.id);
    expect(optimisticEntry(edit, draft.id, existing, meta)).toEqual(await saveEntry(db, edit));
  });

  it('carries a voided entry in the file; a phone and the province both keep it voided and count it once', async () => {
    const ids = await seedCommune(server);
    const oldPhone = await newPhone(ids.commune);
    const kept = await saveEntry(oldPhone.db, broadcast('2021-07-06'));
    const wrong = await saveEntry(oldPhone.db, broadcast('2021-07-07', 30));
    await voidEntry(oldPhone.db, wrong.id, 'Nhập nhầm ngày');
    const file = JSON.parse(JSON.stringify(await exportEntries(oldPhone.db)));
    expect(file.activities).toHaveLength(2);
    expect(file.activities.find((a: { id: string }) => a.id === wrong.id)).toMatchObject({
      voided: true,
      voidReason: 'Nhập nhầm ngày',
    });
    // Another phone keeps it voided, and its void goes up behind it.
    const newOne = await newPhone(ids.commune);
    expect(await importEntries(newOne.db, file)).toBe(2);
    expect(await newOne.db.activities.get(wrong.id)).toMatchObject({ voided: true, voidReason: 'Nhập nhầm ngày' });
    await runSync(newOne.db, newOne.transport);
    expect(await newOne.db.outbox.count()).toBe(0);
    // The province imports the same file: nothing counted twice, the void kept.
    const province = await enrollDevice(
      openAppDatabase(`province-${++dbCounter}`),
      transportFor(server.app).transport,
      await makeCode(server, ids.district, 'supervisor'),
      'Máy huyện',
    );
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/v1/activities/import',
      headers: { authorization: `Bearer ${province.token}` },
      payload: file,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ created: 0, duplicates: 2, rejected: 0 });
    await runSync(oldPhone.db, oldPhone.transport);
    const report = await supervisorReport(ids.commune);
    expect(report.totals.broadcast?.sessions).toBe(1);
    expect(report.totals.broadcast?.minutes).toBe(kept.figures.minutes);
  });

  it('refuses a file that is not an entry file, writing nothing', async () => {
    const ids = await seedCommune(server);
    const { db } = await newPhone(ids.commune);
    const seqBefore = (await readMeta(db)).nextSeq;
    for (const bad of [null, { format: 'cchc-activities', version: 2, activities: [] }, { activities: 'x' }]) {
      await expect(importEntries(db, bad)).rejects.toThrow('bad-file');
    }
    expect(await db.activities.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    expect((await readMeta(db)).nextSeq).toBe(seqBefore);
  });
});
