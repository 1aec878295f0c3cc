import type { AppDatabase, AttachmentRow } from './schema';

// The photos and files of entries as the phone keeps them (issue 14). An attachment is stored on
// its own, never in the entry's transaction: saving an entry never waits for, nor fails by, a file.

/** Stores a new attachment (a QuotaExceededError reaches the caller, who refuses it in words). */
export async function addAttachment(db: AppDatabase, row: AttachmentRow): Promise<void> {
  await db.attachments.add(row);
}

/** Removes an attachment the person took off an entry before it was sent. */
export async function removeAttachment(db: AppDatabase, id: string): Promise<void> {
  await db.attachments.delete(id);
}

/** The attachments of one entry, oldest first. */
export async function listAttachments(db: AppDatabase, activityId: string): Promise<AttachmentRow[]> {
  const rows = await db.attachments.where('activityId').equals(activityId).toArray();
  return rows.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** A thumbnail the log shows: the attachment's id and the small image (null for a PDF or .docx). */
export interface ThumbView {
  id: string;
  kind: 'photo' | 'file';
  name: string;
  thumb: Blob | null;
}

/** The thumbnails of some entries, by entry id. */
export async function listThumbs(db: AppDatabase, activityIds: readonly string[]): Promise<Map<string, ThumbView[]>> {
  const byEntry = new Map<string, ThumbView[]>();
  if (activityIds.length === 0) return byEntry;
  const rows = await db.attachments.where('activityId').anyOf(activityIds).toArray();
  rows.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  for (const row of rows) {
    const list = byEntry.get(row.activityId) ?? [];
    list.push({ id: row.id, kind: row.kind, name: row.name, thumb: row.thumb });
    byEntry.set(row.activityId, list);
  }
  return byEntry;
}

/** Bytes the photos and files take on the phone (originals still held, and thumbnails). */
export async function attachmentBytes(db: AppDatabase): Promise<number> {
  let bytes = 0;
  await db.attachments.each((row) => {
    bytes += (row.blob?.size ?? 0) + (row.thumb?.size ?? 0);
  });
  return bytes;
}

/**
 * The attachments still to send, oldest first, of entries the server already holds (it answers
 * 404 to a registration before its entry arrived).
 */
export async function listUploadQueue(db: AppDatabase): Promise<AttachmentRow[]> {
  const rows = await db.attachments.where('state').anyOf(['queued', 'uploading']).toArray();
  const entries = await db.activities.bulkGet([...new Set(rows.map((r) => r.activityId))]);
  const onServer = new Set(entries.filter((e) => e && e.serverVersion > 0).map((e) => e!.id));
  return rows.filter((r) => onServer.has(r.activityId)).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** Records how an attachment's upload stands. */
export async function updateAttachment(
  db: AppDatabase,
  id: string,
  patch: Partial<Omit<AttachmentRow, 'id'>>,
): Promise<void> {
  // Read and written whole: Dexie's update() deep-clones the row in JavaScript, and a clone that does
  // not know the environment's Blob class turns the stored photo into an empty object.
  await db.transaction('rw', db.attachments, async () => {
    const row = await db.attachments.get(id);
    if (row) await db.attachments.put({ ...row, ...patch });
  });
}

/**
 * Frees room when storage runs low: originals the server confirmed complete are dropped, their
 * thumbnails kept. Returns the bytes freed.
 */
export async function dropSentOriginals(db: AppDatabase): Promise<number> {
  let freed = 0;
  await db.transaction('rw', db.attachments, async () => {
    const done = await db.attachments.where('state').equals('done').toArray();
    for (const row of done) {
      if (!row.blob) continue;
      freed += row.blob.size;
      await db.attachments.put({ ...row, blob: null, originalDropped: true });
    }
  });
  return freed;
}

/** Above this share of its quota the origin's storage counts as running low. */
const LOW_STORAGE_SHARE = 0.9;

/**
 * When storage runs low (above ~90 % of the origin's quota), drops the originals the server
 * confirmed whole; thumbnails stay. Returns the bytes freed (0 when there was room).
 */
export async function freeRoomIfLow(
  db: AppDatabase,
  estimate: () => Promise<StorageEstimate> = async () =>
    (await (globalThis.navigator as Navigator | undefined)?.storage?.estimate?.()) ?? {},
): Promise<number> {
  const { usage, quota } = await estimate();
  if (!usage || !quota || usage / quota <= LOW_STORAGE_SHARE) return 0;
  return dropSentOriginals(db);
}
