import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from './support/sync-model';
import {
  databaseChecksum,
  enrollAs,
  type TestDevice,
  type Tree,
  seedTree,
  startProofServer,
} from './support/server-fixture';

// Seeded: SEED replays a run. Every status the API allows for a client's mistake.
const SEED = Number(process.env.SEED ?? 20211015);
const CASES = Number(process.env.FUZZ_CASES ?? 10_500);
const ALLOWED = new Set([400, 401, 403, 404, 413, 415, 426, 429]);

type Server = Awaited<ReturnType<typeof startProofServer>>;
let server: Server;
let tree: Tree;
let reporter: TestDevice;
let supervisor: TestDevice;
let planId: string;

beforeAll(async () => {
  // The limiter answers 429 by design; the fuzzer wants to reach the parsers behind it.
  server = await startProofServer({ syncPerWindow: 1e9, codeTriesPerWindow: 1e9 });
  tree = await seedTree(server.db);
  reporter = await enrollAs(server.app, server.db, tree.commune);
  supervisor = await enrollAs(server.app, server.db, tree.district, 'supervisor');
  const plan = await server.app.inject({
    method: 'POST',
    url: '/api/v1/plans',
    headers: supervisor.headers,
    payload: planBody(),
  });
  expect(plan.statusCode).toBe(200);
  planId = (plan.json() as { plan: { id: string } }).plan.id;
  const pushed = await server.app.inject({
    method: 'POST',
    url: '/api/v1/sync',
    headers: reporter.headers,
    payload: { deviceId: reporter.deviceId, protocolVersion: 1, mutations: [upsertOf(1, activityOf())], cursor: null },
  });
  expect(pushed.statusCode).toBe(200);
});
afterAll(async () => {
  await server?.close();
});

function activityOf(overrides: Record<string, unknown> = {}) {
  return {
    id: randomUUID(),
    unitId: tree.commune,
    kind: 'broadcast',
    date: '2021-07-10',
    title: 'Chuyên mục CCHC',
    figures: { sessions: 1, minutes: 10, source: 'own' },
    deviceId: reporter.deviceId,
    createdAt: '2021-07-10T08:00:00+07:00',
    ...overrides,
  };
}

function upsertOf(seq: number, activity: Record<string, unknown>, baseVersion = 0) {
  return { seq, op: 'upsert', baseVersion, activity };
}

function planBody() {
  return {
    title: 'Kế hoạch tuyên truyền CCHC năm 2021',
    year: 2021,
    tasks: [{ title: 'Phát thanh CCHC', kinds: ['broadcast'], target: { count: 12, per: 'year', atLeast: true } }],
  };
}

/** An endpoint, the body it accepts, and which top-level fields must be present. */
interface Spec {
  name: string;
  method: 'GET' | 'POST' | 'PUT';
  url: () => string;
  auth: 'none' | 'reporter' | 'supervisor';
  body?: () => Record<string, unknown>;
  required?: string[];
  query?: Record<string, string>;
}

function specs(): Spec[] {
  return [
    {
      name: 'enroll',
      method: 'POST',
      url: () => '/api/v1/enroll',
      auth: 'none',
      body: () => ({ code: 'ABCD-EFGH-JK', deviceName: 'Máy xã' }),
      required: ['code', 'deviceName'],
    },
    { name: 'bootstrap', method: 'GET', url: () => '/api/v1/bootstrap', auth: 'reporter', query: {} },
    {
      name: 'sync',
      method: 'POST',
      url: () => '/api/v1/sync',
      auth: 'reporter',
      // A gap (seq far ahead) keeps an accidentally valid envelope from writing an entry.
      body: () => ({
        deviceId: reporter.deviceId,
        protocolVersion: 1,
        mutations: [upsertOf(900_000, activityOf())],
        cursor: null,
      }),
      required: ['deviceId', 'protocolVersion', 'mutations', 'cursor'],
    },
    {
      name: 'report',
      method: 'GET',
      url: () => '/api/v1/report',
      auth: 'supervisor',
      query: { unitId: tree.commune, period: '2021-Q3', basis: 'decree09' },
    },
    {
      name: 'activities',
      method: 'GET',
      url: () => '/api/v1/activities',
      auth: 'supervisor',
      query: { unitId: tree.commune, period: '2021-M07', kind: 'broadcast', limit: '10', offset: '0' },
    },
    {
      name: 'activities-import',
      method: 'POST',
      url: () => '/api/v1/activities/import',
      auth: 'reporter',
      body: () => ({
        format: 'cchc-activities',
        version: 1,
        activities: [activityOf({ figures: { direction: 'received' }, kind: 'material' })],
      }),
      required: ['format', 'version', 'activities'],
    },
    { name: 'plans', method: 'GET', url: () => '/api/v1/plans', auth: 'reporter', query: {} },
    { name: 'plan', method: 'GET', url: () => `/api/v1/plans/${planId}`, auth: 'reporter', query: {} },
    {
      name: 'plans-create',
      method: 'POST',
      url: () => '/api/v1/plans',
      auth: 'supervisor',
      body: planBody,
      required: ['title', 'year', 'tasks'],
    },
    {
      name: 'plans-update',
      method: 'PUT',
      url: () => `/api/v1/plans/${planId}`,
      auth: 'supervisor',
      body: planBody,
      required: ['title', 'year', 'tasks'],
    },
    {
      name: 'plans-import',
      method: 'POST',
      url: () => '/api/v1/plans/import',
      auth: 'supervisor',
      body: () => ({ docxBase64: 'UEsDBAo=' }),
      required: [],
    },
    { name: 'units', method: 'GET', url: () => '/api/v1/units', auth: 'reporter', query: { all: '1' } },
    {
      name: 'units-create',
      method: 'POST',
      url: () => '/api/v1/units',
      auth: 'supervisor',
      body: () => ({ parentId: tree.commune, name: 'Tổ dân phố 1', kind: 'agency' }),
      required: ['parentId', 'name', 'kind'],
    },
    {
      name: 'enrollment-codes',
      method: 'POST',
      url: () => '/api/v1/enrollment-codes',
      auth: 'supervisor',
      body: () => ({ unitId: tree.commune, role: 'reporter', ttlHours: 24 }),
      required: ['unitId', 'role'],
    },
    { name: 'devices', method: 'GET', url: () => '/api/v1/devices', auth: 'supervisor', query: {} },
    {
      name: 'device-revoke',
      method: 'POST',
      url: () => `/api/v1/devices/${randomUUID()}/revoke`,
      auth: 'supervisor',
      body: () => ({}),
      required: [],
    },
    {
      name: 'exports',
      method: 'GET',
      url: () => '/api/v1/report/export',
      auth: 'supervisor',
      query: { unitId: tree.commune, period: '2021-Q3', format: 'csv' },
    },
  ];
}

const HOSTILE_STRINGS = [
  '',
  ' ',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e999',
  '-0',
  '0x10',
  '9'.repeat(400),
  "'; DROP TABLE activities; --",
  '1 OR 1=1',
  "Robert'); DELETE FROM devices;--",
  '%',
  '_',
  '\\',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '=HYPERLINK("http://x")',
  '\u202eabc',
  '\u200b\u200d\ufeff',
  'Tuyên truyền cải cách hành chính 🇻🇳',
  'A\u0300\u0301\u0302'.repeat(50),
  '\ud800',
  '\u0000',
  '__proto__',
  'constructor',
  '../../etc/passwd',
  'x'.repeat(70_000),
];
const HOSTILE_VALUES: unknown[] = [
  ...HOSTILE_STRINGS,
  0,
  -1,
  1.5,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  true,
  false,
  null,
  [],
  {},
  [1, 2, 3],
  { __x: 1 },
];

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)]!;
}

function wrongTypeFor(random: () => number, value: unknown): unknown {
  if (typeof value === 'string') return pick(random, [123, true, null, [], {}, ['x'], { a: 'b' }, 1e308]);
  if (typeof value === 'number') return pick(random, ['12', null, [], {}, true, 'NaN', [1]]);
  if (typeof value === 'boolean') return pick(random, ['true', 1, null, [], {}]);
  if (Array.isArray(value)) return pick(random, [{}, 'x', 1, null, true, { 0: 'a' }]);
  if (value && typeof value === 'object') return pick(random, [[], 'x', 1, null, true]);
  return pick(random, [1, [], {}, true]);
}

function deepNest(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array'
    ? `${'['.repeat(depth)}${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

interface Case {
  spec: Spec;
  label: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
}

function authHeader(spec: Spec): Record<string, string> {
  if (spec.auth === 'reporter') return { ...reporter.headers };
  if (spec.auth === 'supervisor') return { ...supervisor.headers };
  return {};
}

function withQuery(base: string, query: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) for (const one of Array.isArray(v) ? v : [v]) params.append(k, one);
  const text = params.toString();
  return text ? `${base}?${text}` : base;
}

/** A malformed request for an endpoint: each is wrong by construction, so each must be a 4xx. */
function malformedCase(spec: Spec, random: () => number): Case {
  const headers = { ...authHeader(spec), 'content-type': 'application/json' };
  const url = spec.url();
  const roll = random();
  // A wrong or missing token, on any endpoint that needs one.
  if (spec.auth !== 'none' && roll < 0.08) {
    const auth = pick(random, [
      undefined,
      'Bearer',
      'Bearer ',
      `Bearer ${'A'.repeat(20)}`,
      `Basic ${Buffer.from('a:b').toString('base64')}`,
      `Bearer ${reporter.token}x`,
      `Bearer ${'\u00e9'.repeat(30)}`,
      `bearer ${'x'.repeat(5000)}`,
      `Bearer ${"' OR 1=1 --".padEnd(24, 'x')}`,
    ]);
    const h: Record<string, string> = { 'content-type': 'application/json' };
    if (auth !== undefined) h.authorization = auth;
    const payload = spec.body ? JSON.stringify(spec.body()) : undefined;
    return {
      spec,
      label: 'bad-token',
      url: spec.query ? withQuery(url, spec.query) : url,
      headers: h,
      ...(payload ? { payload } : {}),
    };
  }
  // A reporter on a supervisor's endpoint.
  if (spec.auth === 'supervisor' && roll < 0.12) {
    const payload = spec.body ? JSON.stringify(spec.body()) : undefined;
    return {
      spec,
      label: 'reporter-on-supervisor',
      url: spec.query ? withQuery(url, spec.query) : url,
      headers: { ...reporter.headers, 'content-type': 'application/json' },
      ...(payload ? { payload } : {}),
    };
  }
  if (spec.method === 'GET') return malformedQuery(spec, random, headers, url);
  return malformedBody(spec, random, headers, url);
}

function malformedQuery(spec: Spec, random: () => number, headers: Record<string, string>, url: string): Case {
  const query: Record<string, string | string[]> = { ...spec.query };
  const keys = Object.keys(query);
  const what = random();
  const value = () => {
    const v = pick(random, HOSTILE_VALUES);
    return typeof v === 'string' ? v : JSON.stringify(v);
  };
  let label: string;
  if (keys.length > 0 && what < 0.5) {
    const key = pick(random, keys);
    query[key] = value();
    label = `query-${key}`;
  } else if (keys.length > 0 && what < 0.65) {
    const key = pick(random, keys);
    query[key] = [String(query[key]), value()];
    label = `query-repeat-${key}`;
  } else if (what < 0.8) {
    query[pick(random, ['__proto__', 'constructor', 'prototype', 'x', 'unitId[]', 'a'.repeat(300)])] = value();
    label = 'query-extra';
  } else {
    label = 'query-raw';
    const raw = pick(random, [
      '%',
      '%zz',
      '%00',
      '&&&',
      '=',
      `unitId=${'%ff'.repeat(10)}`,
      'period=%E2%80%AE2021',
      `a=${'b'.repeat(9000)}`,
    ]);
    return { spec, label, url: `${url}?${raw}`, headers };
  }
  // A GET whose query is by chance valid is still fine; it never writes.
  return { spec, label, url: withQuery(url, query), headers };
}

function malformedBody(spec: Spec, random: () => number, headers: Record<string, string>, url: string): Case {
  const body = spec.body!();
  const text = JSON.stringify(body);
  const what = random();
  if (what < 0.22) {
    // Truncated: a strict prefix of a JSON object is never JSON.
    const cut = 1 + Math.floor(random() * (text.length - 1));
    return { spec, label: 'truncated', url, headers, payload: text.slice(0, cut) };
  }
  if (what < 0.3) {
    const garbage = pick(random, [
      '',
      'null',
      '[]',
      '"text"',
      '42',
      'true',
      '{',
      '}',
      '{"a":}',
      "{'a':1}",
      '{"a":1,}',
      'NaN',
      '\u0000',
      '\xff\xfe',
      `{"x":"${'\\u'.repeat(3)}"}`,
    ]);
    return { spec, label: 'garbage', url, headers, payload: garbage.length ? garbage : ' ' };
  }
  if (what < 0.36) {
    const depth = pick(random, [100, 1_000, 5_000, 20_000, 100_000]);
    const nested = deepNest(depth, random() < 0.5 ? 'array' : 'object');
    const field = spec.required?.length ? pick(random, spec.required) : 'x';
    const payload = spec.required?.length
      ? text.replace(`"${field}":`, `"${field}":${nested},"__was":`)
      : `{"x":${nested}}`;
    return { spec, label: 'deep', url, headers, payload: spec.required?.length ? payload : nested };
  }
  if (what < 0.38) {
    // Over 2 MiB, plain or gzipped (a small bomb).
    // The import endpoints take files up to 16 MiB; everything else 2 MiB.
    const limit = spec.name.endsWith('import') ? 16 * 1024 * 1024 : 2 * 1024 * 1024;
    const big = JSON.stringify({ ...body, pad: 'x'.repeat(limit + 10) });
    if (random() < 0.5) return { spec, label: 'oversized', url, headers, payload: big };
    return {
      spec,
      label: 'gzip-bomb',
      url,
      headers: { ...headers, 'content-encoding': 'gzip' },
      payload: gzipSync(big),
    };
  }
  if (what < 0.42) {
    const h = { ...headers };
    const variant = pick(random, [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'gzip-lie',
      'br',
    ]);
    if (variant === 'gzip-lie')
      return { spec, label: 'gzip-lie', url, headers: { ...h, 'content-encoding': 'gzip' }, payload: 'not gzip' };
    if (variant === 'br')
      return { spec, label: 'encoding-br', url, headers: { ...h, 'content-encoding': 'br' }, payload: text };
    h['content-type'] = variant;
    // Form fields that look like the body: still not JSON.
    return { spec, label: `content-type ${variant.split(';')[0]}`, url, headers: h, payload: 'code=ABCD&deviceName=x' };
  }
  if (what < 0.48) {
    // Prototype-pollution keys: refused, and they must never reach an object's prototype.
    const key = pick(random, ['__proto__', 'constructor']);
    const poison = key === '__proto__' ? '{"isAdmin":true,"role":"supervisor"}' : '{"prototype":{"isAdmin":true}}';
    const payload = text.replace(/^\{/, `{"${key}":${poison},`);
    return { spec, label: `pollution-${key}`, url, headers, payload };
  }
  if (spec.required && spec.required.length > 0 && what < 0.62) {
    const field = pick(random, spec.required);
    const copy = { ...body };
    delete copy[field];
    return { spec, label: `missing-${field}`, url, headers, payload: JSON.stringify(copy) };
  }
  if (spec.required && spec.required.length > 0) {
    const field = pick(random, spec.required);
    const copy = { ...body, [field]: wrongTypeFor(random, body[field]) };
    return { spec, label: `wrong-type-${field}`, url, headers, payload: JSON.stringify(copy) };
  }
  const payload = JSON.stringify(pick(random, HOSTILE_VALUES));
  return { spec, label: 'not-an-object', url, headers, payload };
}

async function send(app: FastifyInstance, c: Case) {
  return app.inject({
    method: c.spec.method,
    url: c.url,
    headers: c.headers,
    ...(c.payload !== undefined && c.spec.method !== 'GET' ? { payload: c.payload } : {}),
  });
}

describe('fuzzing every endpoint with bad input', () => {
  it(`answers ${CASES} malformed requests with a 4xx of the API and writes nothing`, async () => {
    console.log(`fuzz: seed ${SEED}`);
    const random = mulberry32(SEED);
    const all = specs();
    const before = await databaseChecksum(server.db);
    const statuses = new Map<number, number>();
    const perEndpoint = new Map<string, number>();
    const failures: string[] = [];
    for (let i = 0; i < CASES; i++) {
      const spec = all[i % all.length]!;
      const c = malformedCase(spec, random);
      const res = await send(server.app, c);
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      perEndpoint.set(spec.name, (perEndpoint.get(spec.name) ?? 0) + 1);
      const getMayPass = spec.method === 'GET' && res.statusCode === 200;
      if (!ALLOWED.has(res.statusCode) && !getMayPass) {
        if (failures.length < 20)
          failures.push(
            `${spec.name} ${c.label} → ${res.statusCode} ${res.body.slice(0, 200)} (payload ${String(c.payload).slice(0, 120)})`,
          );
      } else if (res.statusCode !== 200) {
        const body = res.json() as { error?: unknown };
        if (typeof body.error !== 'string' || body.error.length === 0)
          failures.push(`${spec.name} ${c.label} → no error text`);
      }
    }
    console.log(`fuzz: ${CASES} malformed cases, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
    console.log(`fuzz: per endpoint ${JSON.stringify(Object.fromEntries(perEndpoint))}`);
    expect(failures).toEqual([]);
    expect(statuses.get(500) ?? 0).toBe(0);
    expect(await databaseChecksum(server.db)).toEqual(before);
    // Still up and still right: a good sync works after all that.
    const ok = await server.app.inject({
      method: 'POST',
      url: '/api/v1/sync',
      headers: reporter.headers,
      payload: { deviceId: reporter.deviceId, protocolVersion: 1, mutations: [], cursor: null },
    });
    expect(ok.statusCode).toBe(200);
    expect({} as Record<string, unknown>).not.toHaveProperty('isAdmin');
    expect(Object.prototype).not.toHaveProperty('isAdmin');
  });

  it('stores hostile values in valid envelopes as literal text, or refuses them in words, never a 500', async () => {
    const random = mulberry32(SEED + 1);
    const statuses = new Map<string, number>();
    let seq = 1;
    const stored: { id: string; title: string; note: string }[] = [];
    for (let i = 0; i < 400; i++) {
      const title = pick(random, HOSTILE_STRINGS).slice(0, 500);
      const note = pick(random, HOSTILE_STRINGS).slice(0, 2000);
      const figures = pick<Record<string, unknown>>(random, [
        { sessions: pick(random, HOSTILE_VALUES), minutes: 5 },
        { sessions: 1, minutes: pick(random, [0, 1440, 1441, -1, 1e-300, 1e308, 'NaN', '10']) },
        { sessions: 1, constructor: 5, __defineGetter__: 'x' },
        { sessions: 1, source: pick(random, HOSTILE_STRINGS) },
      ]);
      const activity = activityOf({ title, note, figures, topics: [pick(random, HOSTILE_STRINGS).slice(0, 100)] });
      const res = await server.app.inject({
        method: 'POST',
        url: '/api/v1/sync',
        headers: reporter.headers,
        payload: {
          deviceId: reporter.deviceId,
          protocolVersion: 1,
          mutations: [upsertOf(++seq, activity)],
          cursor: null,
          limit: 1,
        },
      });
      expect(res.statusCode, `${res.body.slice(0, 300)} for ${JSON.stringify(activity).slice(0, 400)}`).toBe(200);
      const result = (res.json() as { results: { status: string }[] }).results[0]!;
      statuses.set(result.status, (statuses.get(result.status) ?? 0) + 1);
      if (result.status === 'applied') stored.push({ id: activity.id as string, title, note });
    }
    console.log(`fuzz: hostile values in valid envelopes: ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect(stored.length).toBeGreaterThan(50);
    // Read back through the API: the very text that was sent (a lone surrogate is not text, so it
    // may come back as U+FFFD; nothing else may change).
    const list = await server.app.inject({
      method: 'GET',
      url: `/api/v1/activities?unitId=${encodeURIComponent(tree.commune)}&limit=500`,
      headers: supervisor.headers,
    });
    expect(list.statusCode).toBe(200);
    const byId = new Map(
      (list.json() as { items: { id: string; title: string; note?: string | null }[] }).items.map((a) => [a.id, a]),
    );
    const clean = (s: string) => s.replace(/\ud800/g, '\ufffd');
    for (const s of stored) {
      const got = byId.get(s.id);
      expect(got, s.id).toBeTruthy();
      expect(clean(got!.title)).toBe(clean(s.title));
      expect(clean(got!.note ?? '')).toBe(clean(s.note));
    }
  });
});
