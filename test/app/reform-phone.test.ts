import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppDatabase, readMeta, saveEntry } from '../../src/app/db/database';
import { enrollDevice, runSync } from '../../src/app/sync/sync-client';
import { findAllActivities } from '../../src/server/activities/activities.repository';
import { upsertSuccessions } from '../../src/server/units/successions.repository';
import { mergeUnit } from '../../src/server/units/unit-merge';
import { insertUnits } from '../../src/server/units/units.repository';
import { makeCode, seedCommune, startTestServer, transportFor } from './support/server';

// A commune merged by the 2025 reform: its phone, with an entry still unsent, learns its new unit
// at its next sync and logs there; the entry it held is kept, under the old commune.

type Server = Awaited<ReturnType<typeof startTestServer>>;
let server: Server;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe('a phone whose commune was merged', () => {
  it('keeps its unsent entry, then logs for the new commune', async () => {
    const old = await seedCommune(server);
    const prefix = old.province.split(':')[0];
    const ward = `${prefix}:new:18673`;
    await insertUnits(server.db, [
      { id: `${prefix}:new:42`, code: '42', name: 'Tỉnh Hà Tĩnh', kind: 'province', parentId: null },
      { id: ward, code: '18673', name: 'Xã Cẩm Xuyên', kind: 'commune', parentId: `${prefix}:new:42` },
    ]);
    await upsertSuccessions(server.db, [
      { oldUnitId: old.commune, newUnitId: ward, merge: 'full', effectiveOn: '2025-07-01' },
    ]);
    const db = openAppDatabase('phone-reform');
    const { transport } = transportFor(server.app);
    await enrollDevice(db, transport, await makeCode(server, old.commune), 'Máy xã');
    await runSync(db, transport);
    const before = await saveEntry(db, {
      kind: 'broadcast',
      date: '2021-07-06',
      title: 'Chuyên mục CCHC trước sáp nhập',
      figures: { sessions: 1, minutes: 10, source: 'own' },
    });

    await mergeUnit(server.db, { fromId: old.commune, now: new Date('2021-07-21T03:00:00Z') });
    await runSync(db, transport);
    expect((await readMeta(db)).unitId).toBe(ward);
    expect(await db.units.get(ward)).toMatchObject({ name: 'Xã Cẩm Xuyên' });
    expect(await db.outbox.count()).toBe(0);
    expect((await db.activities.get(before.id))?.syncState).toBe('synced');

    const after = await saveEntry(db, {
      kind: 'broadcast',
      date: '2021-07-22',
      title: 'Chuyên mục CCHC sau sáp nhập',
      figures: { sessions: 1, minutes: 10, source: 'own' },
    });
    expect(after.unitId).toBe(ward);
    await runSync(db, transport);
    const stored = new Map((await findAllActivities(server.db)).map((a) => [a.id, a.unitId] as const));
    expect(stored.get(before.id)).toBe(old.commune);
    expect(stored.get(after.id)).toBe(ward);
  });
});
