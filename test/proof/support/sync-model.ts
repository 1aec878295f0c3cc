/**
 * Model-based sync schedules: the phone's real Dexie layer and sync client (over whatever IndexedDB
 * the caller installed) against the real server (through app.inject, in the same process) over
 * PGlite or PostgreSQL, through a network that loses, repeats, delays and breaks requests, with
 * reloads, tabs, restarts and conflicting edits. After the network heals, the server and every phone
 * are compared with a model of what the people saved. Nothing waits real time.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import {
  type AppDatabase,
  acceptServerVersion,
  type EntryDraft,
  keepLocalVersion,
  type LocalActivity,
  openAppDatabase,
  readMeta,
  saveEntry,
  voidEntry,
} from '../../../src/app/db/database';
import { enrollDevice, runSync, type Transport } from '../../../src/app/sync/sync-client';
import { buildApp } from '../../../src/server/app';
import { type OpenDatabase, openDatabase } from '../../../src/server/db/database';
import { createEnrollmentCode } from '../../../src/server/devices/enrollment';
import { insertUnits } from '../../../src/server/units/units.repository';
import { type Activity, figuresOf } from '../../../src/shared/activity';
import { parsePeriodCode, periodRange } from '../../../src/shared/period';
import type { SyncResponse } from '../../../src/shared/sync';
import { openTestDatabase } from '../../support/test-server';

const CLOCK = new Date('2021-07-20T03:00:00Z');

/**
 * The real server over a database of its own: an in-memory PGlite (loaded from the migrated
 * snapshot), or a fresh PostgreSQL database of DATABASE_URL. It restarts as a server process does:
 * the app and all it holds in memory (the database handle and what is cached on it, the limiter)
 * are dropped and built again, the startup (migrations, roll-up columns) runs again, and the
 * database keeps what was committed. PGlite reopening its own files is the concern of
 * test/server/restart.test.ts; here it took 350 ms per restart, a quarter of the run.
 */
export class ServerHolder {
  restarts = 0;
  private constructor(
    /** The database itself, open for the holder's whole life. */
    private readonly database: Awaited<ReturnType<typeof openTestDatabase>>,
    public opened: OpenDatabase,
    public app: FastifyInstance,
  ) {}

  /** A fresh database and the app over it. */
  static async open(backend: 'pglite' | 'postgres' = 'pglite'): Promise<ServerHolder> {
    const database = await openTestDatabase(backend);
    const opened = await ServerHolder.connect(database);
    return new ServerHolder(database, opened, await ServerHolder.build(opened));
  }

  /** What a server process opens at its start: its own handle on the database. */
  private static connect(database: Awaited<ReturnType<typeof openTestDatabase>>): Promise<OpenDatabase> {
    return database.databaseUrl
      ? openDatabase({ databaseUrl: database.databaseUrl })
      : openDatabase({ pglite: database.pglite! });
  }

  private static build(opened: OpenDatabase): Promise<FastifyInstance> {
    // The limiter is not what these schedules test; a runaway loop would show as a timeout.
    return buildApp({ db: opened.db, now: () => CLOCK, limits: { syncPerWindow: 1e9, codeTriesPerWindow: 1e9 } });
  }

  /** The PostgreSQL database's URL; null on PGlite. */
  get databaseUrl(): string | null {
    return this.database.databaseUrl;
  }

  /** Stops the server and starts it again over the same database, as a process restart would. */
  async restart(): Promise<void> {
    await this.app.close();
    await this.opened.close();
    this.opened = await ServerHolder.connect(this.database);
    this.app = await ServerHolder.build(this.opened);
    this.restarts++;
  }

  /** Closes the server and its database. */
  async close(): Promise<void> {
    await this.app.close();
    await this.opened.close();
    await this.database.close();
  }
}

/** What the network does to one request. */
export type Fault =
  | 'ok'
  | 'drop-request'
  | 'drop-response'
  | 'duplicate'
  | 'replay-later'
  | 'delay'
  | 'http-503'
  | 'http-502-after-commit';

const FAULTS: Fault[] = [
  'ok',
  'drop-request',
  'drop-response',
  'duplicate',
  'replay-later',
  'delay',
  'http-503',
  'http-502-after-commit',
];

interface Recorded {
  deviceId: string;
  response: SyncResponse;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A fault-injecting network in front of the server; it records every sync answer the server gave. */
export class FaultyNetwork {
  /** Faults for the next requests, in order; when empty, requests pass. */
  readonly faults: Fault[] = [];
  /** Requests the network will deliver again later (stale copies). */
  private readonly stale: { url: string; init: RequestInit }[] = [];
  /** Every sync answer the server produced, in the order it produced them. */
  readonly answers: Recorded[] = [];
  requests = 0;

  constructor(
    private readonly server: ServerHolder,
    private readonly random: () => number,
  ) {}

  /** A transport whose requests go through this network. */
  transport(): Transport {
    return {
      baseUrl: '',
      fetch: ((input: RequestInfo | URL, init?: RequestInit) => this.send(String(input), init ?? {})) as typeof fetch,
    };
  }

  /** Delivers the stale copies now, in a random order; their answers reach nobody. */
  async deliverStale(): Promise<void> {
    const batch = this.stale.splice(0, this.stale.length);
    batch.sort(() => this.random() - 0.5);
    for (const request of batch) await this.inject(request.url, request.init);
  }

  private async inject(url: string, init: RequestInit) {
    const headers = { ...((init.headers ?? {}) as Record<string, string>) };
    const body = init.body;
    const payload = body instanceof ArrayBuffer ? Buffer.from(body) : typeof body === 'string' ? body : undefined;
    this.requests++;
    const res = await this.server.app.inject({
      method: (init.method ?? 'GET') as 'GET' | 'POST',
      url,
      headers,
      ...(payload !== undefined ? { payload } : {}),
    });
    if (res.statusCode === 200 && url.endsWith('/sync')) {
      const auth = headers.authorization ?? '';
      this.answers.push({ deviceId: this.deviceOfToken.get(auth) ?? auth, response: res.json() as SyncResponse });
    }
    if (res.statusCode >= 500) throw new Error(`server answered ${res.statusCode}: ${res.body}`);
    return res;
  }

  /** Lets the recorded answers name devices instead of tokens. */
  readonly deviceOfToken = new Map<string, string>();

  private async send(url: string, init: RequestInit): Promise<Response> {
    const fault = this.faults.shift() ?? 'ok';
    const offline = () => Promise.reject(new TypeError('Failed to fetch'));
    if (fault === 'drop-request') return offline();
    if (fault === 'http-503') return new Response('<html>503</html>', { status: 503 });
    // Held back while other work goes on (the other tabs' and phones' requests, a save) for up to 14
    // turns of the event loop (a whole request takes a median of 2), where it waited 0-14 ms.
    if (fault === 'delay') for (let turns = Math.floor(this.random() * 15); turns > 0; turns--) await nextTurn();
    let res: Awaited<ReturnType<FaultyNetwork['inject']>>;
    if (fault === 'duplicate') {
      // The same request twice at once (a retrying proxy): both reach the server.
      const [a, b] = await Promise.all([this.inject(url, init), this.inject(url, init)]);
      res = this.random() < 0.5 ? a : b;
    } else {
      res = await this.inject(url, init);
    }
    if (fault === 'replay-later') this.stale.push({ url, init });
    // The server committed; the phone never hears it.
    if (fault === 'drop-response') return offline();
    if (fault === 'http-502-after-commit') return new Response('Bad gateway', { status: 502 });
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (res.headers['retry-after']) headers['retry-after'] = String(res.headers['retry-after']);
    return new Response(res.body, { status: res.statusCode, headers });
  }
}

/** One action of a schedule; phone and tab numbers wrap around the schedule's counts. */
export type Action =
  | { t: 'save'; phone: number; tab: number; kind: number; day: number; amount: number; bad: boolean }
  | { t: 'edit'; phone: number; tab: number; pick: number; amount: number }
  | { t: 'void'; phone: number; tab: number; pick: number }
  | { t: 'sync'; phone: number; tab: number; faults: Fault[] }
  | { t: 'sync-tabs'; phone: number; faults: Fault[] }
  | { t: 'sync-all'; faults: Fault[] }
  | { t: 'save-during-sync'; phone: number; tab: number; kind: number; day: number; amount: number; faults: Fault[] }
  | { t: 'reload'; phone: number; tab: number }
  | { t: 'restart' }
  | { t: 'deliver-stale' }
  | { t: 'resolve'; phone: number; keepLocal: boolean };

/** A whole schedule. */
export interface Schedule {
  phones: number;
  tabs: number;
  actions: Action[];
  noise: number;
}

const faultArb = fc.constantFrom(...FAULTS);
const faultsArb = fc.array(faultArb, { maxLength: 4 });
const who = { phone: fc.nat(5), tab: fc.nat(3) };
const content = { kind: fc.nat(3), day: fc.integer({ min: 1, max: 28 }), amount: fc.integer({ min: 1, max: 60 }) };

/** Schedules of 1–3 phones of one commune, each with 1–2 tabs, and 4–30 actions. */
export function scheduleArb(options: { restarts?: boolean } = {}): fc.Arbitrary<Schedule> {
  const actions: fc.WeightedArbitrary<Action>[] = [
    {
      weight: 18,
      arbitrary: fc
        .record({ t: fc.constant('save' as const), ...who, ...content, bad: fc.boolean() })
        .map((a) => ({ ...a, bad: a.bad && a.amount % 5 === 0 })),
    },
    {
      weight: 9,
      arbitrary: fc.record({ t: fc.constant('edit' as const), ...who, pick: fc.nat(50), amount: content.amount }),
    },
    { weight: 3, arbitrary: fc.record({ t: fc.constant('void' as const), ...who, pick: fc.nat(50) }) },
    { weight: 12, arbitrary: fc.record({ t: fc.constant('sync' as const), ...who, faults: faultsArb }) },
    { weight: 6, arbitrary: fc.record({ t: fc.constant('sync-tabs' as const), phone: who.phone, faults: faultsArb }) },
    { weight: 6, arbitrary: fc.record({ t: fc.constant('sync-all' as const), faults: faultsArb }) },
    {
      weight: 6,
      arbitrary: fc.record({ t: fc.constant('save-during-sync' as const), ...who, ...content, faults: faultsArb }),
    },
    { weight: 3, arbitrary: fc.record({ t: fc.constant('reload' as const), ...who }) },
    { weight: 3, arbitrary: fc.record({ t: fc.constant('deliver-stale' as const) }) },
    {
      weight: 3,
      arbitrary: fc.record({ t: fc.constant('resolve' as const), phone: who.phone, keepLocal: fc.boolean() }),
    },
  ];
  if (options.restarts !== false) actions.push({ weight: 1, arbitrary: fc.constant({ t: 'restart' as const }) });
  return fc.record({
    phones: fc.integer({ min: 1, max: 3 }),
    tabs: fc.integer({ min: 1, max: 2 }),
    actions: fc.array(fc.oneof(...actions), { minLength: 6, maxLength: 30 }),
    noise: fc.integer(),
  });
}

/** A small seeded generator, so a schedule's network decisions replay with its seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KINDS = ['broadcast', 'training', 'material', 'article'] as const;

function draftOf(kind: number, day: number, amount: number, bad = false): EntryDraft {
  const date = `2021-07-${String(day).padStart(2, '0')}`;
  const k = KINDS[kind % KINDS.length]!;
  // A bad entry: a hand-out without its number of copies, which the server rejects.
  if (bad) return { kind: 'material', date, title: 'Tờ gấp (thiếu số bản)', figures: { direction: 'received' } };
  switch (k) {
    case 'broadcast':
      return {
        kind: k,
        date,
        title: `Phát thanh ${amount}`,
        figures: { sessions: 1 + (amount % 3), minutes: amount, source: amount % 2 ? 'own' : 'relay' },
      };
    case 'training':
      return { kind: k, date, title: `Tập huấn ${amount}`, figures: { participants: amount } };
    case 'material':
      return {
        kind: k,
        date,
        title: `Tờ gấp ${amount}`,
        figures: { copies: amount, direction: amount % 2 ? 'received' : 'distributed' },
      };
    case 'article':
      return { kind: k, date, title: `Tin bài ${amount}`, figures: { items: 1 + (amount % 4) } };
  }
}

interface Written {
  kind: string;
  date: string;
  figures: Record<string, unknown>;
  voided: boolean;
}

interface ModelEntry {
  id: string;
  owner: number;
  writes: Written[];
  bad: boolean;
  /** Someone other than the owner wrote it: the final record is any of the writes. */
  shared: boolean;
}

interface Phone {
  name: string;
  deviceId: string;
  tabs: AppDatabase[];
}

/** Why a schedule failed, with what it saw. */
export class ScheduleFailure extends Error {}

function check(condition: unknown, message: string, detail?: unknown): asserts condition {
  if (!condition) throw new ScheduleFailure(detail === undefined ? message : `${message}: ${JSON.stringify(detail)}`);
}

function writtenOf(entry: Pick<LocalActivity, 'kind' | 'date' | 'figures' | 'voided'>): Written {
  return { kind: entry.kind, date: entry.date, figures: { ...entry.figures }, voided: Boolean(entry.voided) };
}

function sameWritten(a: Written, b: Written): boolean {
  return (
    a.kind === b.kind &&
    a.date === b.date &&
    a.voided === b.voided &&
    JSON.stringify(Object.entries(a.figures).sort()) === JSON.stringify(Object.entries(b.figures).sort())
  );
}

let dbCounter = 0;

async function quiet<T>(work: Promise<T>): Promise<T | null> {
  try {
    return await work;
  } catch {
    // A sync that met the faulty network; the outbox keeps everything, that is the point.
    return null;
  }
}

/** Runs one schedule against the shared server; throws ScheduleFailure when an invariant breaks. */
export async function runSchedule(
  server: ServerHolder,
  schedule: Schedule,
): Promise<{ requests: number; lateRounds: number }> {
  const random = mulberry32(schedule.noise);
  const net = new FaultyNetwork(server, random);
  const transport = net.transport();
  const prefix = randomUUID().slice(0, 8);
  const commune = `${prefix}:18673`;
  const district = `${prefix}:446`;
  await insertUnits(server.opened.db, [
    { id: `${prefix}:42`, code: '42', name: 'Tỉnh Hà Tĩnh', kind: 'province', parentId: null },
    { id: district, code: '446', name: 'Huyện Cẩm Xuyên', kind: 'district', parentId: `${prefix}:42` },
    { id: commune, code: '18673', name: 'Thị trấn Cẩm Xuyên', kind: 'commune', parentId: district },
  ]);
  const phones: Phone[] = [];
  for (let p = 0; p < schedule.phones; p++) {
    const name = `proof-${prefix}-${++dbCounter}`;
    const first = openAppDatabase(name);
    const { code } = await createEnrollmentCode(server.opened.db, { unitId: commune, role: 'reporter', now: CLOCK });
    const enrolled = await enrollDevice(first, transport, code, `Máy ${p + 1}`);
    net.deviceOfToken.set(`Bearer ${enrolled.token}`, enrolled.deviceId);
    const tabs = [first];
    for (let t = 1; t < schedule.tabs; t++) tabs.push(openAppDatabase(name));
    phones.push({ name, deviceId: enrolled.deviceId, tabs });
  }
  const model = new Map<string, ModelEntry>();
  const tabOf = (a: { phone: number; tab: number }) => {
    const phone = phones[a.phone % phones.length]!;
    return { phone, index: a.phone % phones.length, db: phone.tabs[a.tab % phone.tabs.length]! };
  };
  // In the order they were saved (the model's), so that a seed picks the same entries every run:
  // entries saved in the same millisecond have ids in random order.
  const order = new Map<string, number>();
  const savedAt = (id: string) => order.get(id) ?? order.size;
  const editable = async (db: AppDatabase) =>
    (await db.activities.toArray())
      .filter((e) => !e.voided && !model.get(e.id)?.bad && e.syncState !== 'rejected')
      .sort((a, b) => savedAt(a.id) - savedAt(b.id) || a.id.localeCompare(b.id));
  const recordWrite = (index: number, entry: LocalActivity, isNew: boolean, bad = false) => {
    if (isNew) {
      model.set(entry.id, { id: entry.id, owner: index, writes: [], bad, shared: false });
      order.set(entry.id, order.size);
    }
    const m = model.get(entry.id)!;
    if (m.owner !== index) m.shared = true;
    m.writes.push(writtenOf(entry));
  };
  const syncTab = (db: AppDatabase, faults: Fault[]) => {
    net.faults.push(...faults);
    return quiet(runSync(db, transport));
  };

  try {
    for (const action of schedule.actions) {
      switch (action.t) {
        case 'save': {
          const { db, index } = tabOf(action);
          const saved = await saveEntry(db, draftOf(action.kind, action.day, action.amount, action.bad));
          recordWrite(index, saved, true, action.bad);
          break;
        }
        case 'edit': {
          const { db, index } = tabOf(action);
          const list = await editable(db);
          const target = list[action.pick % Math.max(1, list.length)];
          if (!target) break;
          const draft = draftOf(
            KINDS.indexOf(target.kind as (typeof KINDS)[number]),
            Number(target.date.slice(8)),
            action.amount,
          );
          const saved = await saveEntry(db, { ...target, figures: draft.figures, title: draft.title });
          recordWrite(index, saved, false);
          break;
        }
        case 'void': {
          const { db, index } = tabOf(action);
          const list = await editable(db);
          const target = list[action.pick % Math.max(1, list.length)];
          if (!target) break;
          await voidEntry(db, target.id, 'Ghi nhầm');
          recordWrite(index, (await db.activities.get(target.id))!, false);
          break;
        }
        case 'sync':
          await syncTab(tabOf(action).db, action.faults);
          break;
        case 'sync-tabs': {
          const { phone } = tabOf({ phone: action.phone, tab: 0 });
          net.faults.push(...action.faults);
          await Promise.all(phone.tabs.map((db) => quiet(runSync(db, transport))));
          break;
        }
        case 'sync-all':
          net.faults.push(...action.faults);
          await Promise.all(phones.map((p) => quiet(runSync(p.tabs[0]!, transport))));
          break;
        case 'save-during-sync': {
          const { db, index } = tabOf(action);
          net.faults.push(...action.faults);
          const running = quiet(runSync(db, transport));
          const saved = await saveEntry(db, draftOf(action.kind, action.day, action.amount));
          recordWrite(index, saved, true);
          await running;
          break;
        }
        case 'reload': {
          const { phone } = tabOf(action);
          const at = action.tab % phone.tabs.length;
          phone.tabs[at]!.close();
          phone.tabs[at] = openAppDatabase(phone.name);
          break;
        }
        case 'restart':
          await server.restart();
          break;
        case 'deliver-stale':
          await net.deliverStale();
          break;
        case 'resolve': {
          const { db } = tabOf({ phone: action.phone, tab: 0 });
          for (const entry of await db.activities.where('syncState').equals('conflict').toArray()) {
            if (action.keepLocal) {
              await keepLocalVersion(db, entry.id);
              recordWrite(action.phone % phones.length, (await db.activities.get(entry.id))!, false);
            } else await acceptServerVersion(db, entry.id);
          }
          break;
        }
      }
    }

    // The network heals: stale copies arrive, then everyone syncs until nothing moves, and the
    // people resolve what they are shown (first as the schedule chose, then taking the server's).
    await net.deliverStale();
    net.faults.length = 0;
    for (let round = 0; round < 8; round++) {
      for (const phone of phones) {
        const result = await runSync(phone.tabs[0]!, transport);
        check(result !== null, 'a healed sync found the lock taken', phone.name);
      }
      let open = 0;
      for (const phone of phones) {
        const db = phone.tabs[0]!;
        open += await db.outbox.count();
        // A refused change of an entry the server holds: the person takes the server's record.
        const stuck = await db.activities.where('syncState').anyOf('conflict', 'rejected').toArray();
        for (const entry of stuck.filter((e) => e.syncState === 'conflict' || e.conflictWith)) {
          open++;
          await acceptServerVersion(db, entry.id);
        }
      }
      if (open === 0) break;
    }
    // Each phone syncs once more for what the others sent last. On PostgreSQL, again while a phone
    // does not hold the server's records yet: a pull holds a change back while a transaction that
    // might come before it still runs, and it cannot always tell one of another database (the
    // bench's workers share one server) from one of its own; the phone gets the change at its next
    // sync. A change never delivered still fails the schedule below, as does one late on PGlite,
    // where nothing else runs.
    const lateAllowed = server.databaseUrl === null ? 0 : 3;
    let lateRounds = 0;
    for (;;) {
      for (const phone of phones) await runSync(phone.tabs[0]!, transport);
      if (lateRounds === lateAllowed || (await phonesHoldServer(server, phones, model, commune))) break;
      // Time for that transaction to end (20, 40, 80 ms; about one schedule in 10,000 waits).
      await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** lateRounds));
      lateRounds++;
    }

    await verify(server, phones, model, net, commune);
    return { requests: net.requests, lateRounds };
  } finally {
    for (const phone of phones) {
      for (const db of phone.tabs) {
        db.close();
      }
      await openAppDatabase(phone.name).delete();
    }
  }
}

/** Whether every phone holds each good entry of the server at the server's version, and no other. */
async function phonesHoldServer(
  server: ServerHolder,
  phones: Phone[],
  model: Map<string, ModelEntry>,
  commune: string,
): Promise<boolean> {
  const rows = await server.opened.db
    .selectFrom('activities')
    .select(['id', 'version'])
    .where('unit_id', '=', commune)
    .execute();
  const versions = new Map(rows.map((r) => [r.id, r.version]));
  for (const phone of phones) {
    const good = (await phone.tabs[0]!.activities.toArray()).filter((e) => !model.get(e.id)?.bad);
    if (good.length !== versions.size || good.some((e) => versions.get(e.id) !== e.serverVersion)) return false;
  }
  return true;
}

async function verify(
  server: ServerHolder,
  phones: Phone[],
  model: Map<string, ModelEntry>,
  net: FaultyNetwork,
  commune: string,
): Promise<void> {
  const db = server.opened.db;
  const rows = await db.selectFrom('activities').selectAll().where('unit_id', '=', commune).execute();
  const onServer = new Map(rows.map((r) => [r.id, r]));
  const serverWritten = (id: string): Written => {
    const r = onServer.get(id)!;
    return { kind: r.kind, date: r.date, figures: r.figures, voided: r.voided };
  };

  // 1. Every saved entry is on the server once, as its last write (or, when several phones wrote
  //    it, as one of their writes); bad entries are not; nothing else is.
  for (const entry of model.values()) {
    if (entry.bad) {
      check(!onServer.has(entry.id), 'a rejected entry reached the server', entry.id);
      continue;
    }
    check(onServer.has(entry.id), 'a saved entry is missing on the server', entry);
    const stored = serverWritten(entry.id);
    if (entry.shared) {
      // A person shown a conflict may void the entry: the void then lands on the server's
      // content. So: some write's content, voided only if someone voided it.
      const content = (w: Written) => ({ ...w, voided: false });
      check(
        entry.writes.some((w) => sameWritten(content(w), content(stored))) &&
          entry.writes.some((w) => w.voided === stored.voided),
        'the server holds a record nobody wrote',
        { entry, stored },
      );
    } else {
      check(sameWritten(entry.writes.at(-1)!, stored), 'the server lost the last write of an entry', { entry, stored });
      // Each write applied once: the version counts them.
      check(onServer.get(entry.id)!.version === entry.writes.length, 'an entry was applied a wrong number of times', {
        writes: entry.writes.length,
        version: onServer.get(entry.id)!.version,
      });
    }
  }
  check(rows.length === [...model.values()].filter((e) => !e.bad).length, 'the server holds entries nobody saved', {
    server: rows.length,
  });

  // 1b. The history holds each version of every entry exactly once, in order, the last as stored:
  //     a retried, duplicated or healed push never records a change twice or loses one.
  const history = await db
    .selectFrom('activity_history')
    .select(['activity_id', 'version', 'action', 'values'])
    .where('activity_id', 'in', rows.length > 0 ? rows.map((r) => r.id) : [''])
    .where('action', '!=', 'conflict')
    .orderBy('id')
    .execute();
  for (const row of rows) {
    const own = history.filter((h) => h.activity_id === row.id);
    check(
      own.map((h) => h.version).join() === Array.from({ length: row.version }, (_, i) => i + 1).join(),
      'the history does not hold each version of an entry once',
      { id: row.id, version: row.version, history: own.map((h) => [h.version, h.action]) },
    );
    const last = own.at(-1)!.values as { figures?: unknown; voided?: unknown };
    check(
      JSON.stringify(last.figures) === JSON.stringify(row.figures) && last.voided === row.voided,
      'the history’s last version is not the stored entry',
      { id: row.id, last, stored: serverWritten(row.id) },
    );
  }

  // 2. Server totals (the roll-up behind reports) equal the model's, per period and basis.
  const token = await supervisorToken(server, commune);
  for (const [code, basis] of [
    ['2021-M07', 'decree09'],
    ['2021-M08', 'decree09'],
    ['2021-M07', 'calendar'],
  ] as const) {
    const range = periodRange(parsePeriodCode(code)!, basis);
    const expected: Record<string, Record<string, number>> = {};
    for (const entry of model.values()) {
      if (entry.bad) continue;
      const final = entry.shared ? serverWritten(entry.id) : entry.writes.at(-1)!;
      if (final.date < range.from || final.date > range.to) continue;
      const figures = figuresOf({
        kind: final.kind as Activity['kind'],
        figures: final.figures as Activity['figures'],
        voided: final.voided,
      });
      for (const [figure, value] of Object.entries(figures)) {
        expected[final.kind] ??= {};
        expected[final.kind]![figure] = (expected[final.kind]![figure] ?? 0) + value;
      }
    }
    const res = await server.app.inject({
      method: 'GET',
      url: `/api/v1/report?unitId=${encodeURIComponent(commune)}&period=${code}&basis=${basis}`,
      headers: { authorization: `Bearer ${token}` },
    });
    check(res.statusCode === 200, 'report failed', res.body);
    const totals = (res.json() as { totals: Record<string, Record<string, number>> }).totals;
    check(
      JSON.stringify(nonZero(totals)) === JSON.stringify(nonZero(expected)),
      `server totals differ (${code} ${basis})`,
      {
        server: nonZero(totals),
        model: nonZero(expected),
      },
    );
  }

  // 3. Per-device order: each device's seqs were handled once each, in order, with no gap.
  for (const phone of phones) {
    const meta = await readMeta(phone.tabs[0]!);
    const device = await db
      .selectFrom('devices')
      .select('last_seq')
      .where('id', '=', phone.deviceId)
      .executeTakeFirstOrThrow();
    check(Number(device.last_seq) === meta.nextSeq - 1, 'the server did not handle every seq of a device', {
      server: device.last_seq,
      phone: meta.nextSeq - 1,
    });
    let acked = 0;
    const handled: number[] = [];
    for (const { deviceId, response } of net.answers) {
      if (deviceId !== phone.deviceId) continue;
      check(response.ackedThrough >= acked, 'ackedThrough went backwards', { acked, next: response.ackedThrough });
      for (const r of response.results) if (r.seq > acked && r.seq <= response.ackedThrough) handled.push(r.seq);
      acked = response.ackedThrough;
    }
    check(
      JSON.stringify(handled) === JSON.stringify(Array.from({ length: meta.nextSeq - 1 }, (_, i) => i + 1)),
      'seqs were not handled exactly once in order',
      handled,
    );
  }

  // 4. No bad entry blocks the queue, and every phone holds exactly the server's records.
  for (const phone of phones) {
    const local = phone.tabs[0]!;
    check((await local.outbox.count()) === 0, 'an outbox did not drain', phone.name);
    const entries = await local.activities.toArray();
    for (const entry of entries) {
      const m = model.get(entry.id);
      if (m?.bad) {
        check(m.owner === phones.indexOf(phone), 'a rejected entry reached another phone', entry.id);
        check(entry.syncState === 'rejected', 'a rejected entry is not shown as rejected', entry);
        continue;
      }
      check(onServer.has(entry.id), 'a phone holds an entry the server does not', entry);
      const row = onServer.get(entry.id)!;
      check(entry.syncState === 'synced', 'a phone entry is not synced after healing', entry);
      check(
        sameWritten(writtenOf(entry), serverWritten(entry.id)) && entry.serverVersion === row.version,
        'a phone differs from the server',
        {
          phone: { ...writtenOf(entry), version: entry.serverVersion },
          server: { ...serverWritten(entry.id), version: row.version },
        },
      );
    }
    const good = entries.filter((e) => !model.get(e.id)?.bad).length;
    check(good === rows.length, 'a phone misses entries of its unit', { phone: good, server: rows.length });
  }
}

function nonZero(totals: Record<string, Record<string, number>>): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const kind of Object.keys(totals).sort()) {
    const figures = Object.entries(totals[kind]!)
      .filter(([, v]) => v !== 0)
      .sort(([a], [b]) => a.localeCompare(b));
    if (figures.length > 0) out[kind] = Object.fromEntries(figures);
  }
  return out;
}

const supervisors = new Map<string, string>();
async function supervisorToken(server: ServerHolder, commune: string): Promise<string> {
  const known = supervisors.get(commune);
  if (known) return known;
  const { code } = await createEnrollmentCode(server.opened.db, { unitId: commune, role: 'supervisor', now: CLOCK });
  const res = await server.app.inject({
    method: 'POST',
    url: '/api/v1/enroll',
    payload: { code, deviceName: 'Giám sát' },
  });
  const token = (res.json() as { token: string }).token;
  supervisors.set(commune, token);
  return token;
}

/** The schedule of a seed, as fast-check generates it. */
export function scheduleOfSeed(seed: number, options: { restarts?: boolean } = {}): Schedule {
  return fc.sample(scheduleArb(options), { seed, numRuns: 1 })[0]!;
}

/** Runs the schedules of seeds `from`…`from + count - 1`; returns the failing seeds with why. */
export async function runSeeds(
  server: ServerHolder,
  from: number,
  count: number,
  options: { restarts?: boolean; log?: (line: string) => void } = {},
): Promise<{ ran: number; failed: { seed: number; message: string }[] }> {
  const failed: { seed: number; message: string }[] = [];
  let ran = 0;
  for (let seed = from; seed < from + count; seed++) {
    const schedule = scheduleOfSeed(seed, options);
    try {
      await runSchedule(server, schedule);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      failed.push({ seed, message });
      options.log?.(`FAILED schedule seed=${seed}: ${message.slice(0, 2000)}`);
    }
    ran++;
  }
  return { ran, failed };
}
