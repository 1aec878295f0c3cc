import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/server/db/database';
import { buildTestApp, enroll, newActivity, pullAll, seedTree, syncAs, upsert } from './helpers';

describe('a server restart between push and pull (PGlite reopened from its folder)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cchc-restart-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loses nothing: entries, device sequence, tokens and cursors survive', async () => {
    let opened = await openDatabase({ dataDir: dir });
    let { app } = await buildTestApp(opened.db);
    const tree = await seedTree(opened.db);
    const writer = await enroll(app, opened.db, tree.commune);
    const reader = await enroll(app, opened.db, tree.commune);
    await pullAll(app, reader);
    const entries = [newActivity(tree.commune), newActivity(tree.station, { kind: 'article', figures: {} })];
    const pushed = await syncAs(
      app,
      writer,
      entries.map((e, i) => upsert(i + 1, e)),
    );
    expect(pushed.body.ackedThrough).toBe(2);
    await app.close();
    await opened.close();

    opened = await openDatabase({ dataDir: dir });
    ({ app } = await buildTestApp(opened.db));
    try {
      const seen = await pullAll(app, reader);
      expect(seen.activities.map((a) => a.id).sort()).toEqual(entries.map((e) => e.id).sort());
      // The phone that lost the answer before the restart sends the batch again: counted once.
      const again = await syncAs(
        app,
        writer,
        entries.map((e, i) => upsert(i + 1, e)),
      );
      expect(again.body.ackedThrough).toBe(2);
      expect(again.body.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate']);
      const report = await app.inject({
        url: `/api/v1/report?unitId=${encodeURIComponent(tree.commune)}&period=2021-M07`,
        headers: writer.headers,
      });
      expect(report.json().entries).toBe(2);
    } finally {
      await app.close();
      await opened.close();
    }
  });
});
