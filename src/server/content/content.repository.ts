import { type Kysely, sql, type Transaction } from 'kysely';
import { CONTENT_AUDIO_MIMES, type ContentDelivery, type ContentInput, type ContentItem } from '../../shared/content';
import type { Database } from '../db/schema';
import { likePrefix } from '../units/units.repository';

type Db = Kysely<Database> | Transaction<Database>;

// All SQL of content relay (issue 15). An item is addressed to the units it names, and to every
// unit of the kinds it names within its publisher's subtree ("every commune's station").

function selectItems(db: Db) {
  return db
    .selectFrom('content_items as c')
    .innerJoin('units as o', 'o.id', 'c.unit_id')
    .leftJoin('files as f', 'f.sha256', 'c.sha256')
    .selectAll('c')
    .select(['o.name as owner_name', 'o.path as owner_path', 'f.size as file_size']);
}

type Joined = Awaited<ReturnType<ReturnType<typeof selectItems>['execute']>>[number];

function itemOf(row: Joined): ContentItem {
  return {
    id: row.id,
    kind: row.kind as ContentItem['kind'],
    title: row.title,
    seconds: row.seconds,
    topics: row.topics ?? [],
    period: row.period,
    taskId: row.task_id,
    planId: row.plan_id,
    file:
      row.sha256 !== null
        ? { sha256: row.sha256, size: row.size ?? 0, mime: row.mime ?? '', name: row.file_name ?? '' }
        : null,
    script: row.script,
    unitIds: row.unit_ids,
    unitKinds: row.unit_kinds as ContentItem['unitKinds'],
    expectation: row.expectation,
    minAirings: row.min_airings,
    due: row.due,
    createdAt: row.created_at,
    unitId: row.unit_id,
    unitName: row.owner_name,
    receivedAt: row.received_at,
    complete: row.sha256 === null || row.file_size !== null,
  };
}

/** Stores a new item; an item with the same id already there is left as it is. */
export async function insertContent(
  db: Db,
  input: ContentInput,
  by: { unitId: string; deviceId: string; receivedAt: string },
): Promise<void> {
  await db
    .insertInto('content_items')
    .values({
      id: input.id,
      unit_id: by.unitId,
      device_id: by.deviceId,
      kind: input.kind,
      title: input.title.normalize('NFC'),
      seconds: input.seconds ?? null,
      topics: JSON.stringify(input.topics ?? []),
      period: input.period ?? null,
      task_id: input.taskId ?? null,
      plan_id: input.planId ?? null,
      sha256: input.file?.sha256 ?? null,
      size: input.file?.size ?? null,
      mime: input.file?.mime ?? null,
      file_name: input.file?.name.normalize('NFC') ?? null,
      script: input.kind === 'script' ? (input.script?.normalize('NFC') ?? null) : null,
      unit_ids: JSON.stringify(input.unitIds),
      unit_kinds: JSON.stringify(input.unitKinds),
      expectation: input.expectation?.normalize('NFC') ?? null,
      min_airings: input.minAirings ?? null,
      due: input.due ?? null,
      created_at: input.createdAt,
      received_at: by.receivedAt,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

/** One item with its publisher's path, or undefined. */
export async function findContent(db: Db, id: string): Promise<(ContentItem & { ownerPath: string }) | undefined> {
  const row = await selectItems(db).where('c.id', '=', id).executeTakeFirst();
  return row ? { ...itemOf(row), ownerPath: row.owner_path } : undefined;
}

// True for an item addressed to the unit `u` (aliases: c the item, o its publisher).
const addressedTo = sql<boolean>`(c.unit_ids @> jsonb_build_array(u.id) or (c.unit_kinds @> jsonb_build_array(u.kind) and u.path like o.path || '%'))`;

/**
 * The items addressed to the units of a scope (a phone's unit and the units below it), newest
 * first, each with `forUnitIds`: which of those units it was sent to.
 */
export async function listContentForScope(
  db: Db,
  scopePath: string,
): Promise<(ContentItem & { forUnitIds: string[] })[]> {
  const rows = await selectItems(db)
    .innerJoin('units as u', (join) => join.on(addressedTo))
    .select(sql<string[]>`array_agg(u.id)`.as('for_units'))
    .where('u.path', 'like', likePrefix(scopePath))
    .groupBy(['c.id', 'o.name', 'o.path', 'f.size'])
    .orderBy('c.received_at', 'desc')
    .limit(500)
    .execute();
  return rows.map((row) => ({ ...itemOf(row), forUnitIds: [...row.for_units].sort() }));
}

/** The items published by units of a scope, newest first. */
export async function listContentPublishedIn(db: Db, scopePath: string): Promise<ContentItem[]> {
  const rows = await selectItems(db)
    .where('o.path', 'like', likePrefix(scopePath))
    .orderBy('c.received_at', 'desc')
    .limit(500)
    .execute();
  return rows.map(itemOf);
}

/** True when an item is addressed to a unit of the scope. */
export async function isAddressedWithin(db: Db, contentId: string, scopePath: string): Promise<string[]> {
  const rows = await db
    .selectFrom('content_items as c')
    .innerJoin('units as o', 'o.id', 'c.unit_id')
    .innerJoin('units as u', (join) => join.on(addressedTo))
    .select('u.id')
    .where('c.id', '=', contentId)
    .where('u.path', 'like', likePrefix(scopePath))
    .execute();
  return rows.map((r) => r.id);
}

/**
 * What the store may take or serve of a file content items name: `upload` when an item of the
 * scope's publishers names it (only they send it), `read` also when one is addressed to the scope.
 */
export async function findContentFileClaims(
  db: Db,
  sha256: string,
  scopePath: string,
  use: 'upload' | 'read',
): Promise<{ size: number; mimes: string[]; name: string } | undefined> {
  const prefix = likePrefix(scopePath);
  let query = db
    .selectFrom('content_items as c')
    .innerJoin('units as o', 'o.id', 'c.unit_id')
    .select(['c.size', 'c.kind', 'c.mime', 'c.file_name'])
    .where('c.sha256', '=', sha256);
  query =
    use === 'upload'
      ? query.where('o.path', 'like', prefix)
      : query.where((eb) =>
          eb.or([
            eb('o.path', 'like', prefix),
            eb.exists(
              eb.selectFrom('units as u').select(sql`1`.as('one')).where('u.path', 'like', prefix).where(addressedTo),
            ),
          ]),
        );
  const row = await query.orderBy('c.received_at').limit(1).executeTakeFirst();
  if (!row) return undefined;
  // An audio item takes any audio type its bytes show (a .m4a a browser called audio/x-m4a).
  const mimes = row.kind === 'audio' ? [...CONTENT_AUDIO_MIMES] : [row.mime ?? ''];
  return { size: row.size ?? 0, mimes, name: row.file_name ?? row.kind };
}

/** Records that a unit's phone downloaded (or received) an item; the first time is kept. */
export async function recordDownload(
  db: Db,
  contentId: string,
  unitIds: readonly string[],
  deviceId: string,
  at: string,
): Promise<void> {
  if (unitIds.length === 0) return;
  await db
    .insertInto('content_downloads')
    .values(
      unitIds.map((unitId) => ({ content_id: contentId, unit_id: unitId, device_id: deviceId, downloaded_at: at })),
    )
    .onConflict((oc) => oc.columns(['content_id', 'unit_id']).doNothing())
    .execute();
}

/**
 * Per unit an item is addressed to: its download, the broadcasts naming the item (sessions, not
 * voided) and the copies of it logged received.
 */
export async function deliveriesOf(db: Db, contentId: string): Promise<ContentDelivery[]> {
  const units = await db
    .selectFrom('content_items as c')
    .innerJoin('units as o', 'o.id', 'c.unit_id')
    .innerJoin('units as u', (join) => join.on(addressedTo))
    .leftJoin('content_downloads as d', (join) =>
      join.onRef('d.content_id', '=', 'c.id').onRef('d.unit_id', '=', 'u.id'),
    )
    .select(['u.id', 'u.name', 'u.kind', 'd.downloaded_at'])
    .where('c.id', '=', contentId)
    .orderBy('u.path')
    .execute();
  const logged = await db
    .selectFrom('activities')
    .select([
      'unit_id',
      sql<number>`coalesce(sum(case when kind = 'broadcast' then coalesce((figures->>'sessions')::float8, 1) else 0 end), 0)`.as(
        'airings',
      ),
      sql<number>`coalesce(sum(case when kind = 'material' and figures->>'direction' = 'received' then (figures->>'copies')::float8 else 0 end), 0)`.as(
        'received',
      ),
    ])
    .where(sql`figures->>'contentId'`, '=', contentId)
    .where('voided', '=', false)
    .groupBy('unit_id')
    .execute();
  const byUnit = new Map(logged.map((r) => [r.unit_id, r]));
  return units.map((u) => ({
    unitId: u.id,
    unitName: u.name,
    unitKind: u.kind,
    downloadedAt: u.downloaded_at ?? null,
    airings: Number(byUnit.get(u.id)?.airings ?? 0),
    received: Number(byUnit.get(u.id)?.received ?? 0),
  }));
}
