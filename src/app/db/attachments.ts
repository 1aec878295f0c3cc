import { isQuotaError, StorageFullError } from './entries';
import type { AppDatabase, AttachmentRow } from './schema';

// The photos and files of entries as the phone keeps them (issue 14). An attachment is stored on
// its own, never in the entry's transaction: saving an entry never waits for, nor fails by, a file.

/** What the browser says of the origin's storage (navigator.storage.estimate), or nothing where it cannot. */
export type StorageEstimator = () => Promise<StorageEstimate>;

const browserEstimate: StorageEstimator = async () =>
  (await (globalThis.navigator as Navigator | undefined)?.storage?.estimate?.()) ?? {};

/**
 * Stores a new attachment where the origin has room for it. Two signals of a full storage, and
 * either way the originals the server holds whole are dropped first (thumbnails stay) and the
 * attachment is tried once more: the browser's estimate (where it tells the real quota: Chromium
 * reports usage + 10 GiB whatever the disk holds), checked before writing; and the write itself
 * failing with a QuotaExceededError (Chromium enforces the real quota there). When that is not
 * enough it throws (a StorageFullError or the QuotaExceededError; `isQuotaError` tells both): the
 * caller says so in words, and the entry and the form are untouched.
 */
export async function addAttachment(
  db: AppDatabase,
  row: AttachmentRow,
  estimate: StorageEstimator = browserEstimate,
): Promise<void> {
  const need = (row.blob?.size ?? 0) + (row.thumb?.size ?? 0);
  const { usage, quota } = await estimate().catch(() => ({}) as StorageEstimate);
  if (usage !== undefined && quota && usage + need > quota) {
    const freed = await dropSentOriginals(db);
    if (usage - freed + need > quota) throw new StorageFullError();
  }
  const store = () =>
    db.transaction('rw', db.attachments, db.originals, async () => {
      await db.attachments.add({ ...row, blob: null });
      if (row.blob) await db.originals.add({ id: row.id, blob: row.blob });
    });
  try {
    await store();
  } catch (error) {
    if (!isQuotaError(error) || (await dropSentOriginals(db)) === 0) throw error;
    await store();
  }
}

/** Removes an attachment the person took off an entry before it was sent. */
export async function removeAttachment(db: AppDatabase, id: string): Promise<void> {
  await db.transaction('rw', db.attachments, db.uploadProgress, db.originals, async () => {
    await db.attachments.delete(id);
    await db.uploadProgress.delete(id);
    await db.originals.delete(id);
  });
}

/** Rows with their originals filled in (`blob`), and `originalDropped` for those sent whole and dropped. */
async function withOriginals(db: AppDatabase, rows: AttachmentRow[]): Promise<AttachmentRow[]> {
  const originals = await db.originals.bulkGet(rows.map((r) => r.id));
  return rows.map((row, i) => {
    const blob = originals[i]?.blob ?? row.blob ?? null;
    return { ...row, blob, originalDropped: row.originalDropped || (row.state === 'done' && !blob) };
  });
}

/** The attachments of one entry, oldest first. */
export async function listAttachments(db: AppDatabase, activityId: string): Promise<AttachmentRow[]> {
  const rows = await db.attachments.where('activityId').equals(activityId).toArray();
  return withOriginals(
    db,
    rows.sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
  );
}

/**
 * Rewrites the photos of an entry that no server has heard of yet (the entry's form is still
 * open): the location tagged after they were taken goes into them too. Returns how many.
 */
export async function rewriteUnsentPhotos(
  db: AppDatabase,
  activityId: string,
  rewrite: (photo: Blob) => Promise<{ blob: Blob; sha256: string }>,
): Promise<number> {
  let rewritten = 0;
  for (const row of await listAttachments(db, activityId)) {
    if (row.kind !== 'photo' || row.registered || row.state !== 'queued' || !row.blob) continue;
    const { blob, sha256 } = await rewrite(row.blob);
    // Written whole, as every attachment row is (see updateAttachment): update() can lose the thumbnail.
    await db.transaction('rw', db.attachments, db.originals, async () => {
      const current = await db.attachments.get(row.id);
      if (!current || current.registered) return;
      await db.originals.put({ id: row.id, blob });
      await db.attachments.put({ ...current, sha256, size: blob.size, blob: null });
    });
    rewritten++;
  }
  return rewritten;
}

/** An attachment's original as the phone holds it (null when dropped or lost). */
export async function originalOf(db: AppDatabase, id: string): Promise<Blob | null> {
  return (await db.originals.get(id))?.blob ?? (await db.attachments.get(id))?.blob ?? null;
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
  await db.originals.each((row) => {
    bytes += row.blob.size;
  });
  return bytes;
}

/**
 * The attachments still to send, oldest first, of entries the server already holds (it answers
 * 404 to a registration before its entry arrived).
 */
export async function listUploadQueue(db: AppDatabase): Promise<AttachmentRow[]> {
  const rows = await queuedOfSavedEntries(db, (entry) => entry.serverVersion > 0);
  return rows.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/**
 * Attachments not yet whole on the server whose entry is saved and passes `keep`, each with the
 * bytes of its original the server acknowledged (its `uploadProgress`, when further than the row).
 */
async function queuedOfSavedEntries(
  db: AppDatabase,
  keep: (entry: { serverVersion: number }) => boolean = () => true,
): Promise<AttachmentRow[]> {
  const rows = await db.attachments.where('state').anyOf(['queued', 'uploading']).toArray();
  // Photos of a form not saved yet (or left without saving) belong to no entry: nothing to send.
  const entries = await db.activities.bulkGet([...new Set(rows.map((r) => r.activityId))]);
  const kept = new Set(entries.filter((e) => e !== undefined && keep(e)).map((e) => e!.id));
  const queued = await withOriginals(
    db,
    rows.filter((r) => kept.has(r.activityId)),
  );
  const progress = await db.uploadProgress.bulkGet(queued.map((r) => r.id));
  return queued.map((row, i) => ({ ...row, uploaded: Math.max(row.uploaded, progress[i]?.uploaded ?? 0) }));
}

/**
 * Records the bytes of an original the server acknowledged, at each chunk: a small row of its own,
 * so that the attachment's row (and its blobs, which IndexedDB would write again) stays untouched.
 */
export async function recordUploaded(db: AppDatabase, id: string, uploaded: number): Promise<void> {
  await db.uploadProgress.put({ id, uploaded });
}

/** The bytes of an attachment's original the server acknowledged so far. */
export async function uploadedOf(db: AppDatabase, id: string): Promise<number> {
  const [row, progress] = await Promise.all([db.attachments.get(id), db.uploadProgress.get(id)]);
  return Math.max(row?.uploaded ?? 0, progress?.uploaded ?? 0);
}

/** What the log and the settings show of the queue. */
export interface UploadQueueView {
  photos: number;
  files: number;
  bytesLeft: number;
}

/** Attachments of saved entries not yet whole on the server, and the bytes they still have to send. */
export async function readUploadQueue(db: AppDatabase): Promise<UploadQueueView> {
  const view: UploadQueueView = { photos: 0, files: 0, bytesLeft: 0 };
  for (const row of await queuedOfSavedEntries(db)) {
    if (row.kind === 'photo') view.photos++;
    else view.files++;
    view.bytesLeft += Math.max(0, row.size - row.uploaded) + (row.thumb && !row.thumbDone ? row.thumb.size : 0);
  }
  return view;
}

/** Records how an attachment's upload stands. */
export async function updateAttachment(
  db: AppDatabase,
  id: string,
  patch: Partial<Omit<AttachmentRow, 'id'>>,
): Promise<void> {
  // Read and written whole: Dexie's update() deep-clones the row in JavaScript, and a clone that does
  // not know the environment's Blob class turns the stored photo into an empty object. Writes a
  // row with its blobs: only at a change of state, never at each chunk (`recordUploaded`).
  await db.transaction('rw', db.attachments, db.uploadProgress, async () => {
    const row = await db.attachments.get(id);
    if (row) await db.attachments.put({ ...row, ...patch });
    // Whole or gone: its progress row has said all it had to.
    if (patch.state === 'done' || patch.state === 'lost') await db.uploadProgress.delete(id);
  });
}

/**
 * Frees room when storage runs low: originals the server confirmed complete are dropped (their
 * rows deleted), their thumbnails kept. Returns the bytes freed.
 */
export async function dropSentOriginals(db: AppDatabase): Promise<number> {
  let freed = 0;
  // Deletes only, of rows of their own: a full quota refuses any write but these.
  await db.transaction('rw', db.attachments, db.originals, async () => {
    const done = await db.attachments.where('state').equals('done').primaryKeys();
    const held = (await db.originals.bulkGet(done)).filter((o) => o !== undefined);
    for (const original of held) freed += original.blob.size;
    await db.originals.bulkDelete(held.map((o) => o.id));
  });
  return freed;
}

/** Above this share of its quota the origin's storage counts as running low. */
const LOW_STORAGE_SHARE = 0.9;

/**
 * When storage runs low (above ~90 % of the origin's quota), drops the originals the server
 * confirmed whole; thumbnails stay. Returns the bytes freed (0 when there was room). Only where the
 * browser's estimate tells the real quota (Chromium's says usage + 10 GiB): elsewhere a refused
 * write is the signal (`addAttachment`).
 */
export async function freeRoomIfLow(db: AppDatabase, estimate: StorageEstimator = browserEstimate): Promise<number> {
  const { usage, quota } = await estimate();
  if (!usage || !quota || usage / quota <= LOW_STORAGE_SHARE) return 0;
  return dropSentOriginals(db);
}
