import { describe, expect, it } from 'vitest';
import { openAppDatabase, saveEntry, writeMeta } from '../../src/app/db/database';
import { lastEntries } from '../../src/app/db/queries';

describe('"log again" on a commune phone', () => {
  it("copies the commune's own last broadcast, not a newer one its station logged", async () => {
    const db = openAppDatabase('log-again-1');
    await writeMeta(db, { deviceId: 'dev', unitId: 'c1', token: 't'.repeat(32) });
    const own = await saveEntry(db, {
      kind: 'broadcast',
      date: '2021-07-02',
      title: 'Chuyên mục CCHC của xã',
      taskId: null,
      figures: { minutes: 10 },
    });
    // The station's entry arrives from the server, newer than the commune's own.
    await db.activities.put({
      ...own,
      id: '0190f000-0000-7000-8000-000000000001',
      unitId: 's1',
      date: '2021-07-09',
      title: 'Tiếp sóng của trạm',
    });

    const offered = await lastEntries(db, ['broadcast'], 'c1');
    expect(offered.map((e) => e.title)).toEqual(['Chuyên mục CCHC của xã']);
    expect(await lastEntries(db, ['broadcast'], 's1')).toHaveLength(1);
    db.close();
  });
});
