import { afterEach, describe, expect, it } from 'vitest';
import { openAppDatabase, saveEntry } from '../../src/app/db/database';
import { enrollDevice, runSync } from '../../src/app/sync/sync-client';
import { createEnrollmentCode } from '../../src/server/devices/enrollment';
import type { Limits } from '../../src/server/http/context';
import { jsonBytes, MAX_BODY_BYTES, MAX_SYNC_BATCH_BYTES } from '../../src/shared/sync';
import { maxSizeDraft } from '../support/max-entry';
import { openTestServer } from '../support/test-server';
import { transportFor } from './support/server';

// A queue that can never be stuck (issue 18): batches bounded by bytes, a 413 halves the batch,
// and a change too large on its own is rejected with a reason without blocking those behind it.

type Server = Awaited<ReturnType<typeof openTestServer>>;
const servers: Server[] = [];
let phones = 0;

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serverWith(limits: Partial<Limits> = {}) {
  const server = await openTestServer('pglite', limits);
  servers.push(server);
  return server;
}

async function phoneOf(server: Server) {
  const db = openAppDatabase(`batches-${++phones}`);
  const net = transportFor(server.app);
  const { code } = await createEnrollmentCode(server.db, {
    unitId: server.tree.station,
    role: 'reporter',
    now: new Date('2021-07-20T03:00:00Z'),
  });
  await enrollDevice(db, net.transport, code, `Máy ${phones}`);
  net.log.length = 0;
  return { db, ...net };
}

async function entriesOnServer(server: Server) {
  return server.db.selectFrom('activities').select(['id', 'note']).where('unit_id', '=', server.tree.station).execute();
}

function small(i: number) {
  return {
    kind: 'broadcast' as const,
    date: '2021-07-06',
    title: `Phát thanh số ${i}`,
    figures: { sessions: 1, minutes: 10, source: 'own' },
  };
}

describe('batches bounded by bytes', () => {
  it('sends 500 entries at the schema maximum sizes in several requests below the limit, and all arrive', async () => {
    const server = await serverWith();
    const phone = await phoneOf(server);
    const drafts = Array.from({ length: 500 }, (_, i) => maxSizeDraft(i));
    const bytes = drafts.reduce((sum, d) => sum + jsonBytes(d), 0);
    // More than one request can carry: one batch of 500 would be refused, every time.
    expect(bytes).toBeGreaterThan(MAX_BODY_BYTES);
    for (const draft of drafts) await saveEntry(phone.db, draft);

    await runSync(phone.db, phone.transport);

    expect(phone.log.every((r) => r.status === 200)).toBe(true);
    expect(phone.log.length).toBeGreaterThan(1);
    expect(await phone.db.outbox.count()).toBe(0);
    expect((await phone.db.activities.toArray()).every((a) => a.syncState === 'synced')).toBe(true);
    expect(await entriesOnServer(server)).toHaveLength(500);
    expect(MAX_SYNC_BATCH_BYTES).toBeLessThan(MAX_BODY_BYTES);
  }, 120_000);
});

describe('a 413 from the server or a proxy before it', () => {
  it('halves the batch and goes on until every entry is on the server', async () => {
    // A limit far below the phone's bound, as a proxy with a small body limit would set.
    const server = await serverWith({ bodyBytes: 48 * 1024 });
    const phone = await phoneOf(server);
    for (let i = 0; i < 300; i++) await saveEntry(phone.db, small(i));

    await runSync(phone.db, phone.transport);

    const statuses = phone.log.map((r) => r.status);
    expect(statuses[0]).toBe(413);
    expect(statuses.filter((s) => s !== 413 && s !== 200)).toEqual([]);
    expect(statuses.at(-1)).toBe(200);
    expect(await phone.db.outbox.count()).toBe(0);
    expect((await phone.db.activities.toArray()).every((a) => a.syncState === 'synced')).toBe(true);
    expect(await entriesOnServer(server)).toHaveLength(300);
  }, 60_000);

  it('rejects on the phone one change too large on its own, with a reason to act on, and syncs those behind it', async () => {
    // One entry at the maximum sizes is larger than this limit; the small ones are not.
    const server = await serverWith({ bodyBytes: 4 * 1024 });
    const phone = await phoneOf(server);
    const before = [await saveEntry(phone.db, small(1)), await saveEntry(phone.db, small(2))];
    const large = await saveEntry(phone.db, maxSizeDraft(1));
    const behind = [await saveEntry(phone.db, small(3)), await saveEntry(phone.db, small(4))];

    await runSync(phone.db, phone.transport);

    const onServer = (await entriesOnServer(server)).map((e) => e.id).sort();
    expect(onServer).toEqual([...before, ...behind].map((e) => e.id).sort());
    expect(await phone.db.outbox.count()).toBe(0);
    const refused = await phone.db.activities.get(large.id);
    // The entry stays on the phone, with what the person typed and what to do about it.
    expect(refused?.syncState).toBe('rejected');
    expect(refused?.note).toBe(large.note);
    expect(refused?.error).toMatch(/^Mục này quá lớn để gửi \([\d.]+ KB\): hãy rút ngắn ghi chú/);
    for (const e of [...before, ...behind]) expect((await phone.db.activities.get(e.id))?.syncState).toBe('synced');

    // The person shortens the note and saves again: the entry reaches the server.
    await saveEntry(phone.db, { ...maxSizeDraft(1), id: large.id, title: 'Phát thanh', topics: [], note: 'Ngắn gọn.' });
    await runSync(phone.db, phone.transport);
    expect((await phone.db.activities.get(large.id))?.syncState).toBe('synced');
    expect((await entriesOnServer(server)).find((e) => e.id === large.id)?.note).toBe('Ngắn gọn.');
  }, 60_000);
});
