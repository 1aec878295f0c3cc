import type { FastifyInstance } from 'fastify';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/server/db/schema';
import { insertPlanVersion } from '../../src/server/plans/plans.repository';
import { insertChanges } from '../../src/server/sync/change-log.repository';
import { ensureRollupSchema } from '../../src/server/rollups/rollup-layout';
import { findAllFactRows, findAllHalfMonthRows, rebuildKindRollups } from '../../src/server/rollups/rollups.repository';
import { ACTIVITY_KINDS } from '../../src/shared/kinds';
import type { Plan } from '../../src/shared/plan';
import type { SyncResponse } from '../../src/shared/sync';
import { backends, enroll, newActivity, openTestServer, type TestDevice, type Tree, upsert } from './helpers';

const NEW_KINDS = [
  ['radio_tv', { programmes: 2, medium: 'tv', minutes: 30 }],
  ['press', { items: 3 }],
  ['social', { posts: 2, reach: 1200 }],
  ['law_day', { participants: 80 }],
  ['desk_guidance', { people: 17, online: 9 }],
  ['survey', { responses: 150 }],
] as const;

describe.each(backends())('the channels the plans name, on %s', (backend) => {
  let app: FastifyInstance;
  let db: Kysely<Database>;
  let tree: Tree;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ app, db, tree, close } = await openTestServer(backend));
  });
  afterAll(async () => {
    await close?.();
  });

  async function sync(device: TestDevice, mutations: unknown[], extra: Record<string, unknown> = {}) {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/sync',
      headers: device.headers,
      payload: { deviceId: device.deviceId, protocolVersion: 1, mutations, cursor: device.cursor, ...extra },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json() as SyncResponse;
    device.cursor = body.cursor;
    return body;
  }

  async function bootstrap(device: TestDevice, query = '') {
    const res = await app.inject({ method: 'GET', url: `/api/v1/bootstrap${query}`, headers: device.headers });
    expect(res.statusCode).toBe(200);
    return res.json() as { plans: Plan[] };
  }

  it('syncs each new kind, and the report states each on its own lines', async () => {
    const phone = await enroll(app, db, tree.commune);
    const entries = NEW_KINDS.map(([kind, figures]) => newActivity(tree.commune, { kind, figures }));
    const pushed = await sync(
      phone,
      entries.map((entry, i) => upsert(i + 1, entry)),
      { kinds: ACTIVITY_KINDS },
    );
    expect(pushed.results.map((r) => r.status)).toEqual(NEW_KINDS.map(() => 'applied'));

    const supervisor = await enroll(app, db, tree.district, 'supervisor');
    const res = await app.inject({
      method: 'GET',
      url: `/api/v1/report?unitId=${encodeURIComponent(tree.district)}&period=2021-M07&basis=calendar`,
      headers: supervisor.headers,
    });
    expect(res.statusCode).toBe(200);
    const totals = (res.json() as { totals: Record<string, Record<string, number>> }).totals;
    expect(totals.radio_tv).toEqual({ programmes: 2, tvProgrammes: 2, minutes: 30 });
    expect(totals.press).toEqual({ items: 3 });
    expect(totals.social).toEqual({ posts: 2, reach: 1200 });
    expect(totals.law_day).toEqual({ sessions: 1, participants: 80 });
    expect(totals.desk_guidance).toEqual({ people: 17, online: 9 });
    expect(totals.survey).toEqual({ surveys: 1, responses: 150 });
    expect(totals.broadcast).toBeUndefined();
  });

  it('serves a first-release phone none of the new kinds, then everything once it has updated', async () => {
    const plan: Plan = {
      id: `plan-${tree.commune}`,
      unitId: tree.district,
      number: null,
      title: 'Kế hoạch tuyên truyền CCHC năm 2021',
      issuer: null,
      year: 2021,
      issuedOn: null,
      version: 1,
      status: 'published',
      publishedAt: '2021-01-10T00:00:00Z',
      tasks: [task('t-zalo', ['social']), task('t-mixed', ['broadcast', 'radio_tv']), task('t-old', ['training'])],
      assignments: ['t-zalo', 't-mixed', 't-old'].map((taskId) => ({
        taskId,
        unitId: tree.district,
        unitKind: 'commune' as const,
      })),
    };
    await insertPlanVersion(db, plan, '2021-01-10T00:00:00Z');
    const district = await db
      .selectFrom('units')
      .select('path')
      .where('id', '=', tree.district)
      .executeTakeFirstOrThrow();
    await insertChanges(db, [{ entity: 'plan', entityId: plan.id, path: district.path }]);

    const newPhone = await enroll(app, db, tree.neighbour);
    const social = newActivity(tree.neighbour, { kind: 'social', figures: { posts: 1 } });
    const broadcast = newActivity(tree.neighbour);
    await sync(newPhone, [upsert(1, social), upsert(2, broadcast)], { kinds: ACTIVITY_KINDS });

    // The old release names no kinds: it gets the broadcast, not the post it would fail on, and
    // the plan's tasks with the kinds it knows ("other" where none is left).
    const oldPhone = await enroll(app, db, tree.neighbour);
    const oldBoot = await bootstrap(oldPhone);
    const served = oldBoot.plans.find((p) => p.id === plan.id)!;
    expect(served.tasks.map((t) => t.kinds)).toEqual([['other'], ['broadcast'], ['training']]);
    const first = await sync(oldPhone, []);
    expect(first.changes.activities.map((a) => a.id)).toContain(broadcast.id);
    expect(first.changes.activities.map((a) => a.id)).not.toContain(social.id);
    expect(first.changes.plans.find((p) => p.id === plan.id)?.tasks[0]?.kinds).toEqual(['other']);

    // Updated, it names its kinds: its scope starts again, and this time holds the post.
    const afterUpdate = await sync(oldPhone, [], { kinds: ACTIVITY_KINDS });
    expect(afterUpdate.reset).toBe(true);
    expect(afterUpdate.cursor).toBeNull();
    const fullBoot = await bootstrap(oldPhone, `?kinds=${ACTIVITY_KINDS.join(',')}`);
    expect(fullBoot.plans.find((p) => p.id === plan.id)!.tasks.map((t) => t.kinds)).toEqual(
      plan.tasks.map((t) => t.kinds),
    );
    const again = await sync(oldPhone, [], { kinds: ACTIVITY_KINDS });
    expect(again.reset).toBeUndefined();
    expect(again.changes.activities.map((a) => a.id)).toEqual(expect.arrayContaining([social.id, broadcast.id]));
    // Once it has started again, it is served as it is, without another reset.
    expect((await sync(oldPhone, [], { kinds: ACTIVITY_KINDS })).reset).toBeUndefined();
    // The new release was never held back.
    const pulledByNew = await sync(newPhone, [], { kinds: ACTIVITY_KINDS, cursor: null });
    expect(pulledByNew.changes.plans.find((p) => p.id === plan.id)!.tasks[0]!.kinds).toEqual(['social']);
  });

  it("brings the roll-ups back in step when a kind's sums are not what they were written with", async () => {
    const phone = await enroll(app, db, tree.farCommune);
    const posts = [2, 5].map((n) => newActivity(tree.farCommune, { kind: 'social', figures: { posts: n, reach: 10 } }));
    await sync(
      phone,
      posts.map((p, i) => upsert(i + 1, p)),
      { kinds: ACTIVITY_KINDS },
    );
    const before = (await findAllFactRows(db))
      .filter((r) => r.kind === 'social')
      .map(strip)
      .sort();
    const halvesBefore = (await findAllHalfMonthRows(db)).facts
      .filter((r) => r.kind === 'social')
      .map(strip)
      .sort();
    // As if a release had summed social posts another way: its stored layout differs, its rows are wrong.
    await sql`update facts set posts = 0, reach = 0 where kind = 'social'`.execute(db);
    await sql`update half_month_totals set social_posts = 0`.execute(db);
    const layout = await sql<{ value: string }>`select value from meta where key = 'rollup_layout'`.execute(db);
    const stored = JSON.parse(layout.rows[0]!.value) as Record<string, string>;
    stored.social = '{"an":"older layout"}';
    await sql`update meta set value = ${JSON.stringify(stored)} where key = 'rollup_layout'`.execute(db);

    await ensureRollupSchema(db as unknown as Kysely<unknown>, (trx, kinds) =>
      rebuildKindRollups(trx as unknown as Kysely<Database>, kinds),
    );
    expect(
      (await findAllFactRows(db))
        .filter((r) => r.kind === 'social')
        .map(strip)
        .sort(),
    ).toEqual(before);
    expect(
      (await findAllHalfMonthRows(db)).facts
        .filter((r) => r.kind === 'social')
        .map(strip)
        .sort(),
    ).toEqual(halvesBefore);
    // And a column the roll-up lacks is added, with the kind that sums it computed again.
    await sql`alter table facts drop column reach`.execute(db);
    await ensureRollupSchema(db as unknown as Kysely<unknown>, (trx, kinds) =>
      rebuildKindRollups(trx as unknown as Kysely<Database>, kinds),
    );
    expect(
      (await findAllFactRows(db))
        .filter((r) => r.kind === 'social')
        .map(strip)
        .sort(),
    ).toEqual(before);
  });
});

function task(id: string, kinds: string[]) {
  return {
    id,
    ordinal: id,
    title: `Nhiệm vụ ${id}`,
    products: [],
    lead: [],
    cooperating: [],
    timing: 'Thường xuyên',
    window: null,
    deadline: null,
    target: null,
    budgetVnd: null,
    kinds,
    notes: null,
  } as Plan['tasks'][number];
}

// Rows compared by content, whatever order the database hands them in.
function strip(row: Record<string, unknown>) {
  return JSON.stringify(row, Object.keys(row).sort());
}
