import { type Kysely, sql, type Transaction } from 'kysely';
import type { Attachment, AttachmentInput } from '../../shared/attachment';
import type { Database } from '../db/schema';
import { likePrefix } from '../units/units.repository';

type Db = Kysely<Database> | Transaction<Database>;

// An attachment with what the store holds of its file: finished, or the bytes of its upload so far.
function selectAttachments(db: Db) {
  return db
    .selectFrom('attachments as a')
    .leftJoin('files as f', 'f.sha256', 'a.sha256')
    .leftJoin('file_uploads as u', 'u.sha256', 'a.sha256')
    .select([
      'a.id',
      'a.activity_id',
      'a.unit_id',
      'a.device_id',
      'a.sha256',
      'a.name',
      'a.mime',
      'a.size',
      'a.kind',
      'a.width',
      'a.height',
      'a.thumb_sha256',
      'a.thumb_size',
      'a.created_at',
      'a.received_at',
      'a.lost',
      'f.size as file_size',
      'u.received as upload_received',
    ]);
}

type Joined = Awaited<ReturnType<ReturnType<typeof selectAttachments>['execute']>>[number];

function attachmentOf(row: Joined): Attachment {
  const complete = row.file_size !== null;
  return {
    id: row.id,
    activityId: row.activity_id,
    sha256: row.sha256,
    size: row.size,
    mime: row.mime as Attachment['mime'],
    name: row.name,
    kind: row.kind as Attachment['kind'],
    ...(row.width !== null ? { width: row.width } : {}),
    ...(row.height !== null ? { height: row.height } : {}),
    ...(row.thumb_sha256 !== null ? { thumb: { sha256: row.thumb_sha256, size: row.thumb_size ?? 0 } } : {}),
    createdAt: row.created_at,
    unitId: row.unit_id,
    deviceId: row.device_id,
    receivedAt: row.received_at,
    received: complete ? row.size : (row.upload_received ?? 0),
    complete,
    lost: row.lost,
  };
}

/** One attachment by id. */
export async function findAttachment(db: Db, id: string): Promise<Attachment | undefined> {
  const row = await selectAttachments(db).where('a.id', '=', id).executeTakeFirst();
  return row ? attachmentOf(row) : undefined;
}

/** The attachments of a page of entries, in one query, by entry id (oldest registration first). */
export async function findAttachmentsOfActivities(
  db: Db,
  activityIds: readonly string[],
): Promise<Map<string, Attachment[]>> {
  const byActivity = new Map<string, Attachment[]>();
  if (activityIds.length === 0) return byActivity;
  const rows = await selectAttachments(db)
    .where('a.activity_id', 'in', [...new Set(activityIds)])
    .orderBy('a.created_at')
    .orderBy('a.id')
    .execute();
  for (const row of rows) {
    const list = byActivity.get(row.activity_id) ?? [];
    list.push(attachmentOf(row));
    byActivity.set(row.activity_id, list);
  }
  return byActivity;
}

/** How many attachments an entry has. */
export async function countAttachmentsOfActivity(db: Db, activityId: string): Promise<number> {
  const row = await db
    .selectFrom('attachments')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('activity_id', '=', activityId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The bytes a unit's attachments take (each file counted once, thumbnails included, lost ones not). */
export async function sumUnitEvidenceBytes(db: Db, unitId: string): Promise<number> {
  const row = await sql<{ bytes: number | string | null }>`
    select coalesce(sum(size), 0) as bytes from (
      select sha256, max(size) as size from attachments where unit_id = ${unitId} and not lost group by sha256
      union
      select thumb_sha256, max(thumb_size) from attachments
        where unit_id = ${unitId} and not lost and thumb_sha256 is not null group by thumb_sha256
    ) as held`.execute(db);
  return Number(row.rows[0]?.bytes ?? 0);
}

/** Registers an attachment unless its id exists (a repeated registration). */
export async function insertAttachment(
  db: Db,
  input: AttachmentInput,
  owner: { unitId: string; deviceId: string; receivedAt: string },
): Promise<void> {
  await db
    .insertInto('attachments')
    .values({
      id: input.id,
      activity_id: input.activityId,
      unit_id: owner.unitId,
      device_id: owner.deviceId,
      sha256: input.sha256,
      name: input.name,
      mime: input.mime,
      size: input.size,
      kind: input.kind,
      width: input.width ?? null,
      height: input.height ?? null,
      thumb_sha256: input.thumb?.sha256 ?? null,
      thumb_size: input.thumb?.size ?? null,
      created_at: input.createdAt,
      received_at: owner.receivedAt,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

/** Marks an attachment lost: its phone no longer holds the file. */
export async function markAttachmentLost(db: Db, id: string): Promise<void> {
  await db.updateTable('attachments').set({ lost: true }).where('id', '=', id).execute();
}

/**
 * What attachments in a scope (a unit path) say of a file they name, as the file itself or as a
 * thumbnail: its expected size, the types it may be, and a name to serve it under.
 */
export async function findFileClaims(
  db: Db,
  sha256: string,
  scopePath: string,
): Promise<{ size: number; mimes: string[]; name: string } | undefined> {
  const rows = await db
    .selectFrom('attachments as a')
    .innerJoin('units', 'units.id', 'a.unit_id')
    .select(['a.sha256', 'a.size', 'a.mime', 'a.name', 'a.thumb_sha256', 'a.thumb_size'])
    .where((eb) => eb.or([eb('a.sha256', '=', sha256), eb('a.thumb_sha256', '=', sha256)]))
    .where('units.path', 'like', likePrefix(scopePath))
    .orderBy('a.received_at')
    .limit(50)
    .execute();
  const first = rows[0];
  if (!first) return undefined;
  const asFile = rows.find((r) => r.sha256 === sha256);
  if (asFile)
    return {
      size: asFile.size,
      mimes: [...new Set(rows.filter((r) => r.sha256 === sha256).map((r) => r.mime))],
      name: asFile.name,
    };
  return {
    size: first.thumb_size ?? 0,
    mimes: ['image/jpeg', 'image/png', 'image/webp'],
    name: `${first.name} (ảnh nhỏ)`,
  };
}

/** The unit and unit path of an entry, to check scope before touching its attachments. */
export async function findActivityOwner(
  db: Db,
  activityId: string,
  lock = false,
): Promise<{ unitId: string; path: string } | undefined> {
  let query = db
    .selectFrom('activities')
    .innerJoin('units', 'units.id', 'activities.unit_id')
    .select(['activities.unit_id as unitId', 'units.path'])
    .where('activities.id', '=', activityId);
  if (lock) query = query.forUpdate('activities');
  return query.executeTakeFirst();
}

/**
 * Complete attachments on the entries (not voided) of a subtree dated from..to, by the entry's
 * unit: what a report's "Minh chứng" column adds up.
 */
export async function countEvidenceByUnit(
  db: Db,
  scopePath: string,
  range: { from: string; to: string },
): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('attachments as a')
    .innerJoin('files as f', 'f.sha256', 'a.sha256')
    .innerJoin('activities as act', 'act.id', 'a.activity_id')
    .innerJoin('units as u', 'u.id', 'act.unit_id')
    .select(['act.unit_id as unitId', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('u.path', 'like', likePrefix(scopePath))
    .where('act.date', '>=', range.from)
    .where('act.date', '<=', range.to)
    .where('act.voided', '=', false)
    .groupBy('act.unit_id')
    .execute();
  return new Map(rows.map((r) => [r.unitId, Number(r.n)]));
}

/** Complete attachments of each of some entries. */
export async function countEvidenceOfActivities(db: Db, activityIds: readonly string[]): Promise<Map<string, number>> {
  if (activityIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('attachments as a')
    .innerJoin('files as f', 'f.sha256', 'a.sha256')
    .select(['a.activity_id as activityId', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('a.activity_id', 'in', [...new Set(activityIds)])
    .groupBy('a.activity_id')
    .execute();
  return new Map(rows.map((r) => [r.activityId, Number(r.n)]));
}

/** An attachment of an entry as an evidence archive lists it. */
export interface EvidenceItem {
  activityId: string;
  date: string;
  kind: string;
  title: string;
  unitId: string;
  attachmentId: string;
  name: string;
  mime: string;
  sha256: string;
  size: number;
  complete: boolean;
  lost: boolean;
}

/** The attachments on the entries (not voided) of a subtree dated from..to, by date, entry and registration. */
export async function findEvidenceOfPeriod(
  db: Db,
  scopePath: string,
  range: { from: string; to: string },
): Promise<EvidenceItem[]> {
  const rows = await db
    .selectFrom('attachments as a')
    .innerJoin('activities as act', 'act.id', 'a.activity_id')
    .innerJoin('units as u', 'u.id', 'act.unit_id')
    .leftJoin('files as f', 'f.sha256', 'a.sha256')
    .select([
      'act.id as activityId',
      'act.date',
      'act.kind',
      'act.title',
      'act.unit_id as unitId',
      'a.id as attachmentId',
      'a.name',
      'a.mime',
      'a.sha256',
      'a.size',
      'a.lost',
      'f.size as fileSize',
    ])
    .where('u.path', 'like', likePrefix(scopePath))
    .where('act.date', '>=', range.from)
    .where('act.date', '<=', range.to)
    .where('act.voided', '=', false)
    .orderBy('act.date')
    .orderBy('act.id')
    .orderBy('a.created_at')
    .orderBy('a.id')
    .execute();
  return rows.map(({ fileSize, ...row }) => ({ ...row, complete: fileSize !== null }));
}
