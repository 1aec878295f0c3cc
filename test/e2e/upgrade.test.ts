import { randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addFacts, type DailyRow, factOfEntry } from '../../src/app/db/daily';
import type { LocalActivity, OutboxRow } from '../../src/app/db/schema';
import { vietnamDateOf } from '../../src/shared/format';
import { ACTIVITY_KINDS } from '../../src/shared/kinds';
import { formatPeriodCode, periodContaining } from '../../src/shared/period';
import type { SyncRequest, SyncResponse } from '../../src/shared/sync';
import { browserUnavailableReason, launchBrowser, type Phone } from './support/browser';
import { FIRST_RELEASE, firstReleaseScript } from './support/first-release';
import { callApi, goTo, pendingLine } from './support/phone';
import { adminEnrollCode, buildPwa, type RunningServer, startServer } from './support/server';

// A phone on the first release (FIRST_RELEASE: Dexie schema version 1, eight kinds, a sync that
// names no kinds), holding unsent entries and an unanswered push, gets this release. The first
// release's own database and sync code (read from the repository's history, no screens) enrolls
// it, syncs it with today's server and saves its entries in real Chromium; then the page loads
// the built app of this release on the same database. Nothing may be lost or sent twice: the
// outbox, the cursor and the entries carry over, the database is upgraded to the newest version (6), and the
// kinds the server added reach the phone once it names the kinds it knows.
const skipReason = browserUnavailableReason();
const COMMUNE = 'old:18673';
const DISTRICT = 'old:446';
const TODAY = vietnamDateOf(new Date());

let server: RunningServer;
let supervisorToken = '';
let phone: Phone | null = null;
let oldRelease = '';

interface PhoneDb {
  /** IndexedDB's version: Dexie's version × 10. */
  version: number;
  stores: string[];
  meta: Record<string, unknown>;
  outbox: OutboxRow[];
  activities: LocalActivity[];
  daily: DailyRow[] | null;
}

/** The phone's database as it is stored, read with the raw IndexedDB API (no release's code). */
function readPhoneDb(page: Page): Promise<PhoneDb> {
  return page.evaluate(
    () =>
      new Promise<PhoneDb>((resolve, reject) => {
        const open = indexedDB.open('cchc-field');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const stores = [...db.objectStoreNames];
          const names = ['meta', 'outbox', 'activities', ...(stores.includes('daily') ? ['daily'] : [])];
          const tx = db.transaction(names);
          const all = Object.fromEntries(names.map((name) => [name, tx.objectStore(name).getAll()]));
          tx.oncomplete = () => {
            db.close();
            resolve({
              version: db.version,
              stores,
              meta: Object.fromEntries(
                (all.meta!.result as { key: string; value: unknown }[]).map((r) => [r.key, r.value]),
              ),
              outbox: all.outbox!.result,
              activities: all.activities!.result,
              daily: all.daily ? all.daily.result : null,
            });
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

/** Calls the first release's code in the page. */
function old<T>(page: Page, fn: 'enroll' | 'sync' | 'save' | 'void', ...args: unknown[]): Promise<T> {
  return page.evaluate(
    ({ fn, args }) =>
      (globalThis as unknown as { firstRelease: Record<string, (...a: unknown[]) => Promise<unknown>> }).firstRelease[
        fn
      ]!(...args),
    { fn, args },
  ) as Promise<T>;
}

interface ServerEntry {
  id: string;
  kind: string;
  title: string;
  figures: Record<string, unknown>;
  version: number;
  voided: boolean;
}

async function serverEntries(voided = false): Promise<ServerEntry[]> {
  const answer = await callApi<{ items: ServerEntry[]; total: number }>(
    server,
    `/api/v1/activities?unitId=${encodeURIComponent(COMMUNE)}&limit=500${voided ? '&voided=1' : ''}`,
    { token: supervisorToken },
  );
  expect(answer.total).toBe(answer.items.length);
  return answer.items;
}

/** A save through this release's form, reached by its address (every kind has one). */
async function logThroughForm(page: Page, kind: string, fill: () => Promise<void>): Promise<void> {
  await page.evaluate((k) => {
    location.hash = `#/new/${k}`;
  }, kind);
  await page.waitForSelector('form.entry-form');
  await fill();
  await page.click('form.entry-form button[type=submit]');
  await page.waitForSelector('.page.log');
}

describe.skipIf(skipReason !== null)('a phone on the first release gets this release', () => {
  beforeAll(async () => {
    [server, oldRelease] = await Promise.all([
      (async () => startServer({ distDir: process.env.E2E_DIST_DIR ?? (await buildPwa()) }))(),
      firstReleaseScript(),
    ]);
    const district = await adminEnrollCode(server.dataDir, DISTRICT, 'supervisor');
    supervisorToken = (
      await callApi<{ token: string }>(server, '/api/v1/enroll', {
        method: 'POST',
        body: { code: district, deviceName: 'Máy huyện' },
      })
    ).token;
  }, 180_000);
  afterAll(async () => {
    await phone?.close().catch(() => undefined);
    await server?.stop();
  });

  it('keeps its outbox, cursor and entries, upgrades its database, and sends each change once', async () => {
    const started = Date.now();
    const codeFor = async () =>
      (
        await callApi<{ code: string }>(server, '/api/v1/enrollment-codes', {
          method: 'POST',
          body: { unitId: COMMUNE, role: 'reporter' },
          token: supervisorToken,
        })
      ).code;

    // The first release, in a page of the server's origin that loads no release of the app.
    phone = await launchBrowser();
    const { page, context } = phone;
    page.on('pageerror', (error) => console.error('[phone] page error:', error.message));
    await context.route(`${server.url}/first-release.html`, (route) =>
      route.fulfill({ contentType: 'text/html; charset=utf-8', body: '<!doctype html><title>first release</title>' }),
    );
    await page.goto(`${server.url}/first-release.html`);
    await page.evaluate(oldRelease);
    const enrolled = await old<{ deviceId: string }>(page, 'enroll', await codeFor(), 'Điện thoại bản đầu');

    // A colleague's phone of this release logs a kind the first release does not know, and one it does.
    const colleague = await callApi<{ deviceId: string; token: string }>(server, '/api/v1/enroll', {
      method: 'POST',
      body: { code: await codeFor(), deviceName: 'Máy đồng nghiệp' },
    });
    const colleagueEntry = (kind: string, title: string, figures: Record<string, unknown>) => ({
      id: randomUUID(),
      unitId: COMMUNE,
      kind,
      date: TODAY,
      title,
      figures,
      deviceId: colleague.deviceId,
      createdAt: new Date().toISOString(),
    });
    const social = colleagueEntry('social', 'Nhóm Zalo xã: nộp hồ sơ trực tuyến', { posts: 2, reach: 300 });
    const training = colleagueEntry('training', 'Tập huấn dịch vụ công cho trưởng thôn', { participants: 25 });
    const pushed = await callApi<SyncResponse>(server, '/api/v1/sync', {
      method: 'POST',
      token: colleague.token,
      body: {
        deviceId: colleague.deviceId,
        protocolVersion: 1,
        cursor: null,
        kinds: ACTIVITY_KINDS,
        mutations: [social, training].map((activity, i) => ({ seq: i + 1, op: 'upsert', baseVersion: 0, activity })),
      },
    });
    expect(pushed.results.map((r) => r.status)).toEqual(['applied', 'applied']);

    // The first release logs three entries and syncs them: today's server takes them from a phone
    // that names no kinds, and serves it the colleague's training but not the post it would fail on.
    const saved = {
      broadcast: await old<LocalActivity>(page, 'save', {
        kind: 'broadcast',
        date: TODAY,
        title: 'Chuyên mục CCHC buổi sáng',
        figures: { sessions: 1, minutes: 15, source: 'own', timeOfDay: 'sang' },
      }),
      meeting: await old<LocalActivity>(page, 'save', {
        kind: 'meeting',
        date: TODAY,
        title: 'Hội nghị đối thoại',
        figures: { sessions: 1, participants: 40 },
      }),
      material: await old<LocalActivity>(page, 'save', {
        kind: 'material',
        date: TODAY,
        title: 'Tờ gấp dịch vụ công',
        figures: { copies: 100, direction: 'distributed' },
      }),
    };
    const firstSync = await old<{ outcome?: { pushed: number }; error?: string }>(page, 'sync');
    expect(firstSync).toEqual({ outcome: expect.objectContaining({ pushed: 3 }) });
    const afterFirstSync = await readPhoneDb(page);
    expect(afterFirstSync.version).toBe(10);
    expect(afterFirstSync.stores).not.toContain('daily');
    expect(afterFirstSync.activities.map((e) => e.id)).toContain(training.id);
    expect(afterFirstSync.activities.map((e) => e.id)).not.toContain(social.id);

    // Offline, it edits one entry, voids another and logs two more: all unsent.
    await context.setOffline(true);
    await old(page, 'save', { ...saved.broadcast, figures: { ...saved.broadcast.figures, minutes: 25 } });
    await old(page, 'void', saved.meeting.id, 'Ghi trùng');
    const visual = await old<LocalActivity>(page, 'save', {
      kind: 'visual',
      date: TODAY,
      title: 'Pa nô tại nhà văn hóa thôn',
      figures: { items: 3 },
    });
    await old(page, 'save', { kind: 'other', date: TODAY, title: 'Loa lưu động', figures: { items: 1 } });
    // Back online it pushes them, and the answer is lost: the server applied them, the phone
    // does not know it (they stay in its outbox).
    await context.setOffline(false);
    // (The page's fetch for this one request reads the whole answer, then fails as a dropped
    // connection does.)
    await page.evaluate(() => {
      const real = window.fetch;
      window.fetch = async (input, init) => {
        window.fetch = real;
        const answer = await real(input, init);
        (globalThis as unknown as { lostAnswer: unknown }).lostAnswer = await answer.json();
        throw new TypeError('Failed to fetch');
      };
    });
    expect(await old(page, 'sync')).toEqual({ error: expect.any(String) });
    const lost = await page.evaluate(() => (globalThis as unknown as { lostAnswer: SyncResponse }).lostAnswer);
    expect(lost.ackedThrough).toBe(7);
    expect(lost.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied']);
    // Offline again, one more entry and an edit of an entry whose creation the server has.
    await context.setOffline(true);
    await old(page, 'save', {
      kind: 'contest',
      date: TODAY,
      title: 'Hội thi tìm hiểu CCHC',
      figures: { sessions: 1, participants: 60 },
    });
    await old(page, 'save', { ...visual, figures: { items: 4 } });
    const before = await readPhoneDb(page);
    expect(before.version).toBe(10);
    expect(before.outbox.map((r) => r.seq)).toEqual([4, 5, 6, 7, 8, 9]);
    expect(before.meta.cursor).toEqual(expect.any(String));
    expect((await serverEntries()).find((e) => e.id === visual.id)?.figures).toEqual({ items: 3 });
    const firstReleaseDone = Date.now();

    // This release arrives: the same page, now the built app, on the same database.
    await context.setOffline(false);
    const requests: SyncRequest[] = [];
    const answers: SyncResponse[] = [];
    const sent = new Map<Request, number>();
    page.on('request', (r) => {
      if (!r.url().endsWith('/api/v1/sync')) return;
      const body = r.postDataBuffer()!;
      const json = r.headers()['content-encoding'] === 'gzip' ? gunzipSync(body) : body;
      sent.set(r, requests.push(JSON.parse(json.toString('utf8')) as SyncRequest) - 1);
    });
    page.on('response', (r) => {
      const i = sent.get(r.request());
      if (i !== undefined)
        void r.json().then(
          (json) => {
            answers[i] = json as SyncResponse;
          },
          () => undefined,
        );
    });
    await page.goto(`${server.url}/#/`);
    await page.waitForSelector('.home', { timeout: 30_000 });
    await expect.poll(() => pendingLine(page), { timeout: 20_000 }).toBe('Đã gửi hết');
    await expect
      .poll(async () => (await readPhoneDb(page)).activities.length, { timeout: 10_000 })
      .toBe(before.activities.length + 1);
    const after = await readPhoneDb(page);

    // The database is the newest version (7: 'daily' came with 2, 'attachments' with 3, 'content' with 5, submissions and nudges with 6,
    // the originals, the upload progress and the histories with 7; IndexedDB
    // counts Dexie's versions in tens), its daily roll-up built by the upgrade from the entries it held
    // and kept in step since: what a rebuild from the entries gives. (The upgrade failing made
    // every read fail and the app stay blank; the app rebuilds an empty roll-up on start.)
    expect(after.version).toBe(70);
    expect(after.stores).toContain('daily');
    expect(after.stores).toContain('attachments');
    expect(after.stores).toContain('uploadProgress');
    expect(after.stores).toContain('histories');
    expect(after.stores).toContain('originals');
    const rebuilt = new Map<string, DailyRow>();
    addFacts(rebuilt, after.activities.map(factOfEntry), 1);
    const byId = (rows: DailyRow[]) => Object.fromEntries(rows.map((r) => [r.id, r]));
    expect(byId(after.daily!)).toEqual(byId([...rebuilt.values()].filter((r) => r.entries > 0)));
    // The enrollment, the sequence and the settings carried over.
    for (const key of ['deviceId', 'token', 'unitId', 'role', 'deviceName', 'nextSeq'])
      expect(after.meta[key], key).toEqual(before.meta[key]);

    // Its first sync sent the first release's outbox as it was, from the first release's cursor,
    // naming the kinds it knows; the server answered the lost push as already applied, applied
    // the rest, and had it start its scope again (it was served as the first release).
    const first = requests[0]!;
    expect(first.deviceId).toBe(enrolled.deviceId);
    expect(first.cursor).toBe(before.meta.cursor);
    expect(first.kinds).toEqual([...ACTIVITY_KINDS]);
    expect(first.mutations).toEqual(before.outbox.map((r) => r.mutation));
    expect(answers[0]!.results.map((r) => [r.seq, r.status])).toEqual([
      [4, 'duplicate'],
      [5, 'duplicate'],
      [6, 'duplicate'],
      [7, 'duplicate'],
      [8, 'applied'],
      [9, 'applied'],
    ]);
    expect(answers[0]!.reset).toBe(true);
    expect(requests.slice(1).some((r) => r.cursor === null && r.mutations.length === 0)).toBe(true);
    expect(requests.slice(1).flatMap((r) => r.mutations)).toEqual([]);

    // Every entry is on the phone, synced, with the server's versions; the colleague's post
    // (a kind the first release did not know) arrived with the full scope.
    expect(after.outbox).toEqual([]);
    const local = Object.fromEntries(after.activities.map((e) => [e.id, e]));
    expect(Object.keys(local).sort()).toEqual([...before.activities.map((e) => e.id), social.id].sort());
    expect(after.activities.every((e) => e.syncState === 'synced')).toBe(true);
    expect(local[saved.broadcast.id]).toMatchObject({ serverVersion: 2, figures: { minutes: 25 } });
    expect(local[saved.meeting.id]).toMatchObject({ serverVersion: 2, voided: true, voidReason: 'Ghi trùng' });
    expect(local[visual.id]).toMatchObject({ serverVersion: 2, figures: { items: 4 } });
    expect(local[social.id]).toMatchObject({ kind: 'social', figures: { posts: 2, reach: 300 } });
    const upgraded = Date.now();

    // This release logs a kind the first release lacked and one it had; both reach the server.
    await logThroughForm(page, 'social', async () => {
      await page.fill('input[name=posts]', '3');
      await page.fill('input[name=title]', 'Fanpage xã: lịch tiếp công dân');
    });
    await logThroughForm(page, 'broadcast', async () => {
      await page.click('fieldset.choice button:has-text("Trưa")');
      await page.fill('input[name=minutes]', '10');
      await page.fill('input[name=title]', 'Chuyên mục CCHC buổi trưa');
    });
    await expect.poll(() => pendingLine(page), { timeout: 20_000 }).toBe('Đã gửi hết');
    expect((await readPhoneDb(page)).outbox).toEqual([]);

    // The server holds every change exactly once: each entry once, at the version its changes
    // make, the voided one voided.
    const held = await serverEntries(true);
    expect(new Set(held.map((e) => e.id)).size).toBe(held.length);
    const summary = Object.fromEntries(
      held.map((e) => [e.title, { kind: e.kind, version: e.version, voided: e.voided, figures: e.figures }]),
    );
    expect(summary).toEqual({
      'Nhóm Zalo xã: nộp hồ sơ trực tuyến': { kind: 'social', version: 1, voided: false, figures: social.figures },
      'Tập huấn dịch vụ công cho trưởng thôn': {
        kind: 'training',
        version: 1,
        voided: false,
        figures: training.figures,
      },
      'Chuyên mục CCHC buổi sáng': {
        kind: 'broadcast',
        version: 2,
        voided: false,
        figures: { sessions: 1, minutes: 25, source: 'own', timeOfDay: 'sang' },
      },
      'Hội nghị đối thoại': { kind: 'meeting', version: 2, voided: true, figures: { sessions: 1, participants: 40 } },
      'Tờ gấp dịch vụ công': {
        kind: 'material',
        version: 1,
        voided: false,
        figures: { copies: 100, direction: 'distributed' },
      },
      'Pa nô tại nhà văn hóa thôn': { kind: 'visual', version: 2, voided: false, figures: { items: 4 } },
      'Loa lưu động': { kind: 'other', version: 1, voided: false, figures: { items: 1 } },
      'Hội thi tìm hiểu CCHC': {
        kind: 'contest',
        version: 1,
        voided: false,
        figures: { sessions: 1, participants: 60 },
      },
      'Fanpage xã: lịch tiếp công dân': { kind: 'social', version: 1, voided: false, figures: expect.any(Object) },
      'Chuyên mục CCHC buổi trưa': { kind: 'broadcast', version: 1, voided: false, figures: expect.any(Object) },
    });
    expect(summary['Fanpage xã: lịch tiếp công dân']!.figures).toMatchObject({ posts: 3 });
    expect(summary['Chuyên mục CCHC buổi trưa']!.figures).toMatchObject({ minutes: 10, timeOfDay: 'trua' });
    const period = formatPeriodCode(periodContaining(TODAY, 'month'));
    const report = await callApi<{ totals: Record<string, Record<string, number>> }>(
      server,
      `/api/v1/report?unitId=${encodeURIComponent(COMMUNE)}&period=${period}`,
      { token: supervisorToken },
    );
    expect(report.totals.broadcast).toMatchObject({ sessions: 2, minutes: 35 });
    expect(report.totals.social).toMatchObject({ posts: 5 });
    expect(report.totals.meeting).toBeUndefined();
    expect(report.totals.visual).toEqual({ items: 4 });

    // The log shows them all, the first release's and this one's.
    await goTo(page, 'log');
    await expect
      .poll(async () => new Set(await page.locator('li.entry-row .title').allTextContents()), { timeout: 10_000 })
      .toEqual(new Set(Object.keys(summary)));
    console.log(
      `[upgrade e2e] first release ${FIRST_RELEASE.slice(0, 7)}: its part ${firstReleaseDone - started} ms, ` +
        `upgrade and first syncs ${upgraded - firstReleaseDone} ms (${requests.length} sync requests), ` +
        `in all ${Date.now() - started} ms`,
    );
  }, 120_000);
});
