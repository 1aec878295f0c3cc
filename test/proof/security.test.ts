import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import mammoth from 'mammoth';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app';
import { createEnrollmentCode } from '../../src/server/devices/enrollment';
import { enrollAs, PROOF_NOW, type TestDevice, type Tree, seedTree, startProofServer } from './support/server-fixture';

type Server = Awaited<ReturnType<typeof startProofServer>>;
let server: Server;
let tree: Tree;
let phone: TestDevice;
let neighbourPhone: TestDevice;
let district: TestDevice;
let otherDistrict: TestDevice;
let neighbourEntry: string;
let farPlanId: string;
let seq = 0;
let neighbourSeq = 0;

const HOSTILE_TITLE = '<script>alert("xss")</script><img src=x onerror=alert(1)>';
const FORMULAS = ['=HYPERLINK("http://evil.example","x")', '+1+2', '-3+4', '@SUM(A1:A2)', '\t=1+2', '\r=1+2'];

function activity(unitId: string, deviceId: string, overrides: Record<string, unknown> = {}) {
  return {
    id: randomUUID(),
    unitId,
    kind: 'broadcast',
    date: '2021-07-10',
    title: 'Chuyên mục CCHC',
    figures: { sessions: 1, minutes: 10, source: 'own' },
    deviceId,
    createdAt: '2021-07-10T08:00:00+07:00',
    ...overrides,
  };
}

async function sync(device: TestDevice, mutations: unknown[], extra: Record<string, unknown> = {}) {
  const res = await server.app.inject({
    method: 'POST',
    url: '/api/v1/sync',
    headers: device.headers,
    payload: { deviceId: device.deviceId, protocolVersion: 1, mutations, cursor: null, ...extra },
  });
  return res;
}

async function publishPlan(owner: TestDevice, body: Record<string, unknown>) {
  const created = await server.app.inject({
    method: 'POST',
    url: '/api/v1/plans',
    headers: owner.headers,
    payload: body,
  });
  expect(created.statusCode, created.body).toBe(200);
  const id = (created.json() as { plan: { id: string } }).plan.id;
  const published = await server.app.inject({
    method: 'POST',
    url: `/api/v1/plans/${id}/publish`,
    headers: owner.headers,
  });
  expect(published.statusCode, published.body).toBe(200);
  return id;
}

beforeAll(async () => {
  server = await startProofServer();
  tree = await seedTree(server.db);
  phone = await enrollAs(server.app, server.db, tree.commune);
  neighbourPhone = await enrollAs(server.app, server.db, tree.neighbour);
  district = await enrollAs(server.app, server.db, tree.district, 'supervisor');
  otherDistrict = await enrollAs(server.app, server.db, tree.otherDistrict, 'supervisor');
  const entry = activity(tree.neighbour, neighbourPhone.deviceId, { title: 'Của xã bên' });
  neighbourEntry = entry.id;
  expect(
    (await sync(neighbourPhone, [{ seq: ++neighbourSeq, op: 'upsert', baseVersion: 0, activity: entry }])).statusCode,
  ).toBe(200);
  farPlanId = await publishPlan(otherDistrict, {
    title: 'Kế hoạch của thành phố',
    year: 2021,
    tasks: [{ title: 'Pa nô thành phố', kinds: ['visual'] }],
    assignments: [{ taskId: '1', unitId: tree.farCommune }],
  });
});
afterAll(async () => {
  await server?.close();
});

describe('a phone reads and writes only its own unit', () => {
  it('sync: an entry of another unit, or a change of a neighbour entry, is rejected and stores nothing', async () => {
    const foreign = activity(tree.neighbour, phone.deviceId);
    const res = await sync(phone, [
      { seq: ++seq, op: 'upsert', baseVersion: 0, activity: foreign },
      {
        seq: ++seq,
        op: 'upsert',
        baseVersion: 1,
        activity: { ...activity(tree.commune, phone.deviceId), id: neighbourEntry },
      },
      { seq: ++seq, op: 'void', id: neighbourEntry, baseVersion: 1, reason: 'Phá' },
      // Moving a neighbour's entry into the phone's own unit is still writing the neighbour's.
      {
        seq: ++seq,
        op: 'upsert',
        baseVersion: 1,
        activity: activity(tree.commune, phone.deviceId, { id: neighbourEntry }),
      },
    ]);
    expect(res.statusCode).toBe(200);
    const body = res.json() as { results: { status: string }[]; changes: { activities: { unitId: string }[] } };
    expect(body.results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected']);
    const stored = await server.db
      .selectFrom('activities')
      .selectAll()
      .where('id', 'in', [foreign.id, neighbourEntry])
      .execute();
    expect(stored.map((r) => [r.id, r.unit_id, r.version, r.voided])).toEqual([
      [neighbourEntry, tree.neighbour, 1, false],
    ]);
    // Its pull never carries another unit's entries.
    expect(body.changes.activities.every((a) => a.unitId.startsWith(tree.commune))).toBe(true);
  });

  it('sync: a body naming another device is 403', async () => {
    const res = await sync(phone, [], { deviceId: neighbourPhone.deviceId });
    expect(res.statusCode).toBe(403);
  });

  it('report, activities, bootstrap, units and plans do not show another unit', async () => {
    for (const url of [
      `/api/v1/report?unitId=${encodeURIComponent(tree.neighbour)}&period=2021-Q3`,
      `/api/v1/activities?unitId=${encodeURIComponent(tree.neighbour)}`,
      `/api/v1/report?unitId=${encodeURIComponent(tree.district)}&period=2021-Q3`,
      `/api/v1/plans/${farPlanId}`,
    ]) {
      const res = await server.app.inject({ method: 'GET', url, headers: phone.headers });
      expect(res.statusCode, url).toBe(403);
    }
    const boot = (
      await server.app.inject({ method: 'GET', url: '/api/v1/bootstrap', headers: phone.headers })
    ).json() as {
      units: { id: string }[];
      plans: { id: string }[];
    };
    expect(boot.units.map((u) => u.id)).not.toContain(tree.neighbour);
    expect(boot.plans.map((p) => p.id)).not.toContain(farPlanId);
    const units = (
      await server.app.inject({ method: 'GET', url: '/api/v1/units?all=1', headers: phone.headers })
    ).json() as {
      units: { id: string }[];
    };
    expect(units.units.map((u) => u.id)).not.toContain(tree.neighbour);
    const plans = (await server.app.inject({ method: 'GET', url: '/api/v1/plans', headers: phone.headers })).json() as {
      plans: { id: string }[];
    };
    expect(plans.plans.map((p) => p.id)).not.toContain(farPlanId);
  });

  it('an imported file cannot carry entries into another unit', async () => {
    const foreign = activity(tree.neighbour, phone.deviceId);
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/v1/activities/import',
      headers: phone.headers,
      payload: {
        format: 'cchc-activities',
        version: 1,
        activities: [foreign, { ...activity(tree.commune, phone.deviceId), id: neighbourEntry }],
      },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ created: 0, duplicates: 0, conflicts: 0, rejected: 2 });
    expect(await server.db.selectFrom('activities').select('id').where('id', '=', foreign.id).execute()).toEqual([]);
    const kept = await server.db
      .selectFrom('activities')
      .select(['unit_id', 'title'])
      .where('id', '=', neighbourEntry)
      .executeTakeFirstOrThrow();
    expect(kept).toEqual({ unit_id: tree.neighbour, title: 'Của xã bên' });
  });

  it('every supervisor endpoint refuses a phone (403)', async () => {
    const calls: [string, string, unknown?][] = [
      ['POST', '/api/v1/plans', { title: 'x', year: 2021, tasks: [] }],
      ['PUT', `/api/v1/plans/${farPlanId}`, { title: 'x', year: 2021, tasks: [] }],
      ['POST', `/api/v1/plans/${farPlanId}/publish`],
      ['POST', '/api/v1/plans/import', { text: 'Kế hoạch' }],
      ['POST', '/api/v1/units', { parentId: tree.commune, name: 'Tổ 1', kind: 'agency' }],
      ['POST', '/api/v1/enrollment-codes', { unitId: tree.commune, role: 'supervisor' }],
      ['GET', '/api/v1/devices'],
      ['POST', `/api/v1/devices/${neighbourPhone.deviceId}/revoke`],
      ['GET', `/api/v1/report/export?period=2021-Q3&format=csv`],
    ];
    for (const [method, url, payload] of calls) {
      const res = await server.app.inject({
        method: method as 'GET',
        url,
        headers: phone.headers,
        ...(payload ? { payload: payload as object } : {}),
      });
      expect(res.statusCode, `${method} ${url}`).toBe(403);
    }
  });
});

describe('a supervisor stays inside its subtree', () => {
  it('refuses reads, exports, codes, units, revocations and plans outside it (403)', async () => {
    const far = encodeURIComponent(tree.farCommune);
    const calls: [string, string, unknown?][] = [
      ['GET', `/api/v1/report?unitId=${far}&period=2021-Q3`],
      ['GET', `/api/v1/activities?unitId=${far}`],
      ['GET', `/api/v1/report/export?unitId=${far}&period=2021-Q3&format=csv`],
      ['GET', `/api/v1/report/export?unitId=${encodeURIComponent(tree.province)}&period=2021-Q3&format=xlsx`],
      ['POST', '/api/v1/enrollment-codes', { unitId: tree.farCommune, role: 'reporter' }],
      ['POST', '/api/v1/enrollment-codes', { unitId: tree.province, role: 'supervisor' }],
      ['POST', '/api/v1/units', { parentId: tree.farCommune, name: 'Tổ 1', kind: 'agency' }],
      ['POST', `/api/v1/devices/${otherDistrict.deviceId}/revoke`],
      ['POST', '/api/v1/plans', { unitId: tree.otherDistrict, title: 'x', year: 2021, tasks: [] }],
      [
        'POST',
        '/api/v1/plans',
        { title: 'x', year: 2021, tasks: [{ title: 't' }], assignments: [{ taskId: '1', unitId: tree.farCommune }] },
      ],
      ['PUT', `/api/v1/plans/${farPlanId}`, { title: 'Chiếm', year: 2021, tasks: [] }],
      ['GET', `/api/v1/plans/${farPlanId}`],
    ];
    for (const [method, url, payload] of calls) {
      const res = await server.app.inject({
        method: method as 'GET',
        url,
        headers: district.headers,
        ...(payload ? { payload: payload as object } : {}),
      });
      expect(res.statusCode, `${method} ${url} ${res.body}`).toBe(403);
    }
    const devices = (
      await server.app.inject({ method: 'GET', url: '/api/v1/devices', headers: district.headers })
    ).json() as {
      devices: { id: string }[];
    };
    expect(devices.devices.map((d) => d.id)).not.toContain(otherDistrict.deviceId);
    const res = await sync(district, [
      { seq: 1, op: 'upsert', baseVersion: 0, activity: activity(tree.farCommune, district.deviceId) },
    ]);
    expect((res.json() as { results: { status: string }[] }).results[0]?.status).toBe('rejected');
    const plan = await server.db.selectFrom('plans').select('title').where('id', '=', farPlanId).execute();
    expect(plan.map((p) => p.title)).toEqual(['Kế hoạch của thành phố']);
  });
});

describe('enrollment secrets', () => {
  it('stores tokens and codes only as SHA-256 hashes: no table holds the secret itself', async () => {
    const { code } = await createEnrollmentCode(server.db, { unitId: tree.station, role: 'reporter', now: PROOF_NOW });
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/v1/enroll',
      payload: { code, deviceName: 'Máy trạm' },
    });
    const { token, deviceId } = res.json() as { token: string; deviceId: string };
    const sha = (s: string) => createHash('sha256').update(s).digest('hex');
    const device = await server.db
      .selectFrom('devices')
      .selectAll()
      .where('id', '=', deviceId)
      .executeTakeFirstOrThrow();
    expect(device.token_hash).toBe(sha(token));
    const codes = await server.db
      .selectFrom('enrollment_codes')
      .select('code_hash')
      .where('used_by', '=', deviceId)
      .execute();
    expect(codes.map((c) => c.code_hash)).toEqual([sha(code)]);
    // Read every table back as text: neither secret appears anywhere.
    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(
      server.db,
    );
    expect(tables.rows.length).toBeGreaterThan(5);
    for (const { table_name } of tables.rows) {
      const dump = await sql<{
        t: string | null;
      }>`select string_agg(x::text, '|') as t from ${sql.table(table_name)} x`.execute(server.db);
      const text = dump.rows[0]?.t ?? '';
      expect(text.includes(token), table_name).toBe(false);
      expect(text.includes(code), table_name).toBe(false);
    }
  });

  it('a code works once, even for two phones racing with it, and not after it expired', async () => {
    const { code } = await createEnrollmentCode(server.db, { unitId: tree.station, role: 'reporter', now: PROOF_NOW });
    const race = await Promise.all(
      [1, 2, 3].map((i) =>
        server.app.inject({ method: 'POST', url: '/api/v1/enroll', payload: { code, deviceName: `Máy ${i}` } }),
      ),
    );
    expect(race.map((r) => r.statusCode).sort()).toEqual([200, 400, 400]);
    expect(
      (
        await server.app.inject({
          method: 'POST',
          url: '/api/v1/enroll',
          payload: { code: code.toLowerCase(), deviceName: 'Lại' },
        })
      ).statusCode,
    ).toBe(400);

    const old = await createEnrollmentCode(server.db, {
      unitId: tree.station,
      role: 'reporter',
      ttlHours: 1,
      now: new Date(PROOF_NOW.getTime() - 2 * 3_600_000),
    });
    const expired = await server.app.inject({
      method: 'POST',
      url: '/api/v1/enroll',
      payload: { code: old.code, deviceName: 'Muộn' },
    });
    expect(expired.statusCode).toBe(400);
    expect((expired.json() as { error: string }).error).toMatch(/hết hạn/);
  });

  it('guessing codes is rate limited per address (429 with Retry-After), even a right code is held back', async () => {
    const opened = server.opened;
    const app = await buildApp({ db: opened.db, now: () => PROOF_NOW });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        const res = await app.inject({
          method: 'POST',
          url: '/api/v1/enroll',
          remoteAddress: '203.0.113.9',
          payload: { code: `WRONG${String(i).padStart(5, '2')}`, deviceName: 'Đoán' },
        });
        statuses.push(res.statusCode);
        if (res.statusCode === 429) expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      }
      expect(statuses.slice(0, 10)).toEqual(Array(10).fill(400));
      expect(statuses.slice(10)).toEqual([429, 429]);
      const { code } = await createEnrollmentCode(opened.db, {
        unitId: tree.station,
        role: 'reporter',
        now: PROOF_NOW,
      });
      const held = await app.inject({
        method: 'POST',
        url: '/api/v1/enroll',
        remoteAddress: '203.0.113.9',
        payload: { code, deviceName: 'Đúng' },
      });
      expect(held.statusCode).toBe(429);
      // Another address is not punished for it.
      const other = await app.inject({
        method: 'POST',
        url: '/api/v1/enroll',
        remoteAddress: '198.51.100.7',
        payload: { code, deviceName: 'Đúng' },
      });
      expect(other.statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('a revoked phone is refused on every endpoint at once', async () => {
    const victim = await enrollAs(server.app, server.db, tree.postOffice);
    expect((await sync(victim, [])).statusCode).toBe(200);
    const revoke = await server.app.inject({
      method: 'POST',
      url: `/api/v1/devices/${victim.deviceId}/revoke`,
      headers: district.headers,
    });
    expect(revoke.statusCode).toBe(200);
    expect(
      (
        await sync(victim, [
          { seq: 1, op: 'upsert', baseVersion: 0, activity: activity(tree.postOffice, victim.deviceId) },
        ])
      ).statusCode,
    ).toBe(401);
    for (const url of [
      '/api/v1/bootstrap',
      '/api/v1/units',
      '/api/v1/plans',
      `/api/v1/report?period=2021-Q3`,
      '/api/v1/activities',
    ]) {
      expect((await server.app.inject({ method: 'GET', url, headers: victim.headers })).statusCode, url).toBe(401);
    }
    expect(
      await server.db.selectFrom('activities').select('id').where('device_id', '=', victim.deviceId).execute(),
    ).toEqual([]);
  });
});

describe('HTML, script and formulas stay text in every export', () => {
  let files: { docx: Buffer; xlsx: Buffer; csv: string };
  beforeAll(async () => {
    // A unit and plan tasks named like attacks, and late entries (listed by title) named like one.
    const unit = await server.app.inject({
      method: 'POST',
      url: '/api/v1/units',
      headers: district.headers,
      payload: { parentId: tree.district, name: `${FORMULAS[0]} ${HOSTILE_TITLE}`, kind: 'agency' },
    });
    expect(unit.statusCode, unit.body).toBe(200);
    const unitId = (unit.json() as { unit: { id: string } }).unit.id;
    await publishPlan(district, {
      title: `Kế hoạch ${HOSTILE_TITLE}`,
      year: 2021,
      tasks: FORMULAS.map((f) => ({ title: f.trim() === f ? f : `${f}`, kinds: ['broadcast'] })).concat([
        { title: HOSTILE_TITLE, kinds: ['broadcast'] },
      ]),
      assignments: FORMULAS.map((_, i) => ({ taskId: String(i + 1), unitId: tree.commune })),
    });
    const agencyPhone = await enrollAs(server.app, server.db, unitId);
    const res = await sync(agencyPhone, [
      {
        seq: 1,
        op: 'upsert',
        baseVersion: 0,
        activity: activity(unitId, agencyPhone.deviceId, { title: HOSTILE_TITLE, note: HOSTILE_TITLE }),
      },
      {
        seq: 2,
        op: 'upsert',
        baseVersion: 0,
        activity: activity(unitId, agencyPhone.deviceId, { title: FORMULAS[0] }),
      },
    ]);
    expect((res.json() as { results: { status: string }[] }).results.map((r) => r.status)).toEqual([
      'applied',
      'applied',
    ]);
    const get = async (format: string) => {
      const r = await server.app.inject({
        method: 'GET',
        url: `/api/v1/report/export?unitId=${encodeURIComponent(tree.district)}&period=2021-M07&format=${format}`,
        headers: district.headers,
      });
      expect(r.statusCode, r.body.slice(0, 200)).toBe(200);
      expect(String(r.headers['content-disposition'])).not.toMatch(/[<>]/);
      return r.rawPayload;
    };
    files = { docx: await get('docx'), xlsx: await get('xlsx'), csv: (await get('csv')).toString('utf8') };
  });

  it('.docx: the literal title, escaped in the XML, no markup of its own', async () => {
    const { value } = await mammoth.extractRawText({ buffer: files.docx });
    expect(value).toContain(HOSTILE_TITLE);
    const zip = await JSZip.loadAsync(files.docx);
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).not.toContain('<script');
    expect(xml).not.toContain('<img');
    expect(xml).toContain('&lt;script&gt;');
  });

  it('.xlsx: titles and names are plain strings, never formulas', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(files.xlsx as unknown as ArrayBuffer);
    const texts: string[] = [];
    book.eachSheet((sheet) =>
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          expect(cell.type, `${sheet.name}!${cell.address}`).not.toBe(ExcelJS.ValueType.Formula);
          if (typeof cell.value === 'string') texts.push(cell.value);
        }),
      ),
    );
    expect(texts.some((t) => t.includes(HOSTILE_TITLE))).toBe(true);
    expect(texts.some((t) => t.includes(FORMULAS[0]!))).toBe(true);
  });

  it('.csv: no cell a spreadsheet would run as a formula', () => {
    const cells = parseCsv(files.csv.replace(/^\uFEFF/, ''));
    const flat = cells.flat();
    expect(flat.some((c) => c.includes('HYPERLINK'))).toBe(true);
    for (const cell of flat) {
      if (/^-?\d+(\.\d+)?$/.test(cell)) continue;
      expect(cell, JSON.stringify(cell)).not.toMatch(/^[=+\-@\t\r]/);
    }
  });
});

describe('responses carry the usual security headers', () => {
  it('on answers, errors and 404s alike', async () => {
    const answers = await Promise.all([
      server.app.inject({ method: 'GET', url: '/api/v1/bootstrap', headers: phone.headers }),
      server.app.inject({ method: 'GET', url: '/api/v1/bootstrap' }),
      server.app.inject({ method: 'POST', url: '/api/v1/sync', headers: phone.headers, payload: '{' }),
      server.app.inject({ method: 'GET', url: '/api/v1/nothing-here' }),
    ]);
    for (const res of answers) {
      const csp = String(res.headers['content-security-policy'] ?? '');
      expect(csp).toMatch(/default-src 'self'/);
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      expect(csp).toMatch(/object-src 'none'/);
      expect(csp).toMatch(/frame-ancestors 'none'/);
      expect(csp).not.toMatch(/unsafe-eval/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });
});

describe('server SQL is built only with Kysely', () => {
  function files(dir: string): string[] {
    return readdirSync(dir).flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? files(full) : full.endsWith('.ts') ? [full] : [];
    });
  }

  it('no raw SQL strings, no sql.raw or sql.lit, and every sql`` template only interpolates values or identifiers', () => {
    const problems: string[] = [];
    for (const file of files('src/server')) {
      const text = readFileSync(file, 'utf8');
      const rel = path.relative('.', file);
      for (const [pattern, why] of [
        [/sql\s*\.\s*raw\s*\(/, 'sql.raw'],
        [/sql\s*\.\s*lit\s*\(/, 'sql.lit'],
        [/CompiledQuery\s*\.\s*raw/, 'CompiledQuery.raw'],
        [/\.unsafe\s*\(/, 'unsafe'],
        [/executeQuery\s*\(/, 'executeQuery'],
      ] as const) {
        if (pattern.test(text)) problems.push(`${rel}: ${why}`);
      }
      // A driver query built from a template string: allowed only for the schema name, checked
      // against a strict pattern where it is set.
      for (const match of text.matchAll(/\.(query|exec)\s*\(\s*`([^`]*)`/g)) {
        const allowed =
          rel.endsWith(path.join('db', 'database.ts')) && match[2] === `create schema if not exists \${schema}`;
        if (!allowed) problems.push(`${rel}: driver ${match[1]} with a template string: ${match[2]}`);
      }
      // Inside sql`` templates, what is interpolated becomes a parameter, unless it is itself
      // built from strings: flag string concatenation or nested template strings there.
      for (const match of text.matchAll(/sql(?:<[^`]*?>)?`([^`]*)`/gs)) {
        for (const inner of match[1]!.matchAll(/\$\{([^}]*)\}/g)) {
          if (/['"+]|`/.test(inner[1]!)) problems.push(`${rel}: string built inside sql\`\`: \${${inner[1]}}`);
        }
      }
    }
    expect(problems).toEqual([]);
    const schemaCheck = readFileSync('src/server/db/database.ts', 'utf8');
    expect(schemaCheck).toMatch(/\^\[a-z_\]\[a-z0-9_\]\*\$/);
  });
});

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}
