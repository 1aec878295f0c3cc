// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptServerVersion, openAppDatabase, saveEntry, voidEntry } from '../../src/app/db/database';
import { enrollDevice, runSync } from '../../src/app/sync/sync-client';
import { createEnrollmentCode } from '../../src/server/devices/enrollment';
import { insertUnits } from '../../src/server/units/units.repository';
import {
  FaultyNetwork,
  mulberry32,
  runSchedule,
  ScheduleFailure,
  scheduleOfSeed,
  ServerHolder,
} from './support/sync-model';

// Failures the randomised schedules found, kept as fixed cases: first as plain stories, then the
// very schedules (by seed) that failed.
let server: ServerHolder;
beforeAll(async () => {
  server = await ServerHolder.open();
});
afterAll(async () => {
  await server?.close();
});

let n = 0;
async function phoneOnNetwork() {
  const unit = `reg-${++n}-${Date.now()}`;
  await insertUnits(server.opened.db, [{ id: unit, code: '1', name: 'Xã thử', kind: 'commune', parentId: null }]);
  const net = new FaultyNetwork(server, mulberry32(n));
  const db = openAppDatabase(`regression-${unit}`);
  const { code } = await createEnrollmentCode(server.opened.db, {
    unitId: unit,
    role: 'reporter',
    now: new Date('2021-07-20T03:00:00Z'),
  });
  await enrollDevice(db, net.transport(), code, 'Máy xã');
  return { db, net, transport: net.transport() };
}

describe('fixed: the retry after a lost answer learns the outcome the server gave the first time', () => {
  it('a rejected entry whose answer was lost is shown as rejected, not as synced (seed 2)', async () => {
    const { db, net, transport } = await phoneOnNetwork();
    const bad = await saveEntry(db, {
      kind: 'material',
      date: '2021-07-09',
      title: 'Tờ gấp',
      figures: { direction: 'received' },
    });
    const good = await saveEntry(db, { kind: 'article', date: '2021-07-09', title: 'Tin bài', figures: { items: 1 } });
    net.faults.push('drop-response');
    await expect(runSync(db, transport)).rejects.toMatchObject({ kind: 'offline' });
    await runSync(db, transport);
    const after = await db.activities.get(bad.id);
    // Before the fix the retry said "duplicate", so the phone showed it synced though the server never had it.
    expect(after?.syncState).toBe('rejected');
    expect(after?.error).toMatch(/bản/);
    expect((await db.activities.get(good.id))?.syncState).toBe('synced');
    expect(await db.outbox.count()).toBe(0);
  });

  it('an entry whose answer was lost gets its server version, so the next correction is not a conflict with itself (seeds 5, 8, 13)', async () => {
    const { db, net, transport } = await phoneOnNetwork();
    const entry = await saveEntry(db, {
      kind: 'training',
      date: '2021-07-08',
      title: 'Tập huấn',
      figures: { participants: 30 },
    });
    net.faults.push('drop-response');
    await expect(runSync(db, transport)).rejects.toMatchObject({ kind: 'offline' });
    await runSync(db, transport);
    expect((await db.activities.get(entry.id))?.serverVersion).toBe(1);
    await saveEntry(db, { ...(await db.activities.get(entry.id))!, figures: { participants: 35 } });
    await runSync(db, transport);
    const fixed = await db.activities.get(entry.id);
    expect([fixed?.syncState, fixed?.serverVersion, fixed?.figures.participants]).toEqual(['synced', 2, 35]);
    const row = await server.opened.db
      .selectFrom('activities')
      .select(['version', 'figures'])
      .where('id', '=', entry.id)
      .executeTakeFirstOrThrow();
    expect([row.version, row.figures.participants]).toEqual([2, 35]);
  });

  it('a conflict whose answer was lost is shown as a conflict on the retry', async () => {
    const a = await phoneOnNetwork();
    const entry = await saveEntry(a.db, {
      kind: 'meeting',
      date: '2021-07-08',
      title: 'Đối thoại',
      figures: { participants: 20 },
    });
    await runSync(a.db, a.transport);
    // Another phone of the unit corrects it first (straight through the API).
    const unitId = (await a.db.activities.get(entry.id))!.unitId;
    const other = openAppDatabase(`regression-other-${n}`);
    const { code } = await createEnrollmentCode(server.opened.db, {
      unitId,
      role: 'reporter',
      now: new Date('2021-07-20T03:00:00Z'),
    });
    await enrollDevice(other, a.transport, code, 'Máy 2');
    await runSync(other, a.transport);
    await saveEntry(other, { ...(await other.activities.get(entry.id))!, figures: { participants: 25 } });
    await runSync(other, a.transport);
    await saveEntry(a.db, { ...(await a.db.activities.get(entry.id))!, figures: { participants: 30 } });
    a.net.faults.push('drop-response');
    await expect(runSync(a.db, a.transport)).rejects.toMatchObject({ kind: 'offline' });
    await runSync(a.db, a.transport);
    const shown = await a.db.activities.get(entry.id);
    expect([shown?.syncState, shown?.figures.participants, shown?.conflictWith?.figures.participants]).toEqual([
      'conflict',
      30,
      25,
    ]);
  });
});

describe('fixed: two people change one entry and one of them voids it (seeds 58, 92)', () => {
  async function twoPhones() {
    const a = await phoneOnNetwork();
    const entry = await saveEntry(a.db, {
      kind: 'training',
      date: '2021-07-08',
      title: 'Tập huấn',
      figures: { participants: 32 },
    });
    await runSync(a.db, a.transport);
    const unitId = (await a.db.activities.get(entry.id))!.unitId;
    const b = openAppDatabase(`regression-b-${n}-${Date.now()}`);
    const { code } = await createEnrollmentCode(server.opened.db, {
      unitId,
      role: 'reporter',
      now: new Date('2021-07-20T03:00:00Z'),
    });
    await enrollDevice(b, a.transport, code, 'Máy 2');
    await runSync(b, a.transport);
    return { a, b, entry };
  }

  it('both void it: the second void changes nothing and is not an error the person cannot clear', async () => {
    const { a, b, entry } = await twoPhones();
    await voidEntry(a.db, entry.id, 'Trùng');
    await voidEntry(b, entry.id, 'Ghi nhầm');
    await runSync(a.db, a.transport);
    await runSync(b, a.transport);
    const onB = await b.activities.get(entry.id);
    // Before the fix: 'rejected' ("already voided") forever, with a stale version.
    expect([onB?.syncState, onB?.voided, onB?.serverVersion]).toEqual(['synced', true, 2]);
  });

  it('one corrects it after the other voided it: a conflict showing the void, and taking it converges', async () => {
    const { a, b, entry } = await twoPhones();
    await voidEntry(a.db, entry.id, 'Trùng');
    await runSync(a.db, a.transport);
    await saveEntry(b, { ...(await b.activities.get(entry.id))!, figures: { participants: 35 } });
    await runSync(b, a.transport);
    const onB = await b.activities.get(entry.id);
    // Before the fix: 'rejected' (edits a voided entry), counted in the phone's own report, no way out.
    expect([onB?.syncState, onB?.conflictWith?.voided]).toEqual(['conflict', true]);
    await acceptServerVersion(b, entry.id);
    const taken = await b.activities.get(entry.id);
    expect([taken?.syncState, taken?.voided, taken?.serverVersion]).toEqual(['synced', true, 2]);
  });
});

describe('fixed: a change queued behind a conflicting one does not land silently (seeds 271, 105836, 105968)', () => {
  for (const batchSize of [500, 1]) {
    it(`two corrections queued on one phone, the first conflicts: the second conflicts too (batches of ${batchSize})`, async () => {
      const a = await phoneOnNetwork();
      const entry = await saveEntry(a.db, {
        kind: 'training',
        date: '2021-07-08',
        title: 'Tập huấn',
        figures: { participants: 10 },
      });
      await runSync(a.db, a.transport);
      const unitId = (await a.db.activities.get(entry.id))!.unitId;
      const b = openAppDatabase(`regression-chain-${n}-${batchSize}`);
      const { code } = await createEnrollmentCode(server.opened.db, {
        unitId,
        role: 'reporter',
        now: new Date('2021-07-20T03:00:00Z'),
      });
      await enrollDevice(b, a.transport, code, 'Máy 2');
      await runSync(b, a.transport);
      // B corrects twice while offline; A corrects once and syncs first.
      await saveEntry(b, { ...(await b.activities.get(entry.id))!, figures: { participants: 20 } });
      await saveEntry(b, { ...(await b.activities.get(entry.id))!, figures: { participants: 30 } });
      await saveEntry(a.db, { ...(await a.db.activities.get(entry.id))!, figures: { participants: 11 } });
      await runSync(a.db, a.transport);
      await runSync(b, a.transport, { batchSize });
      // Before the fix the second correction (based on B's own first one) landed over A's 11 unseen.
      const row = await server.opened.db
        .selectFrom('activities')
        .select(['version', 'figures'])
        .where('id', '=', entry.id)
        .executeTakeFirstOrThrow();
      expect([row.version, row.figures.participants]).toEqual([2, 11]);
      const onB = await b.activities.get(entry.id);
      expect([onB?.syncState, onB?.figures.participants, onB?.conflictWith?.figures.participants]).toEqual([
        'conflict',
        30,
        11,
      ]);
    });
  }
});

describe('fixed schedules (seeds that failed before the fixes)', () => {
  for (const seed of [2, 3, 5, 8, 9, 13, 18, 19, 21, 22, 23, 58, 92, 271, 105836, 105968]) {
    it(`seed ${seed}`, async () => {
      try {
        await runSchedule(server, scheduleOfSeed(seed));
      } catch (error) {
        if (error instanceof ScheduleFailure) throw new Error(`schedule seed=${seed}: ${error.message}`);
        throw error;
      }
    });
  }
});
