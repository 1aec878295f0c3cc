import type { Attachment, AttachmentInput } from '../../shared/attachment';
import { freeRoomIfLow, listUploadQueue, recordUploaded, updateAttachment } from '../db/attachments';
import type { AppDatabase, AttachmentRow } from '../db/database';
import { readMeta } from '../db/database';
import { call, errorOf, Paused, sendFile as sendFileChunks } from './file-upload';
import { backoffDelay, SyncError, type Transport } from './transport';

// The upload queue of photos and files (issue 14), loaded only once a sync has applied entries:
// none of it is part of the first screen. The steps (U1–U6) are numbered as in the README.

/** What one pass over the queue did. */
export interface UploadOutcome {
  /** Attachments the server now holds whole. */
  done: number;
  /** Bytes sent (chunks the server acknowledged). */
  bytes: number;
  lost: number;
  /** True when the person's pause stopped the pass. */
  paused: boolean;
}

/** The registration the server files an attachment under. */
function inputOf(row: AttachmentRow): AttachmentInput {
  return {
    id: row.id,
    activityId: row.activityId,
    sha256: row.sha256,
    size: row.size,
    mime: row.mime,
    name: row.name,
    kind: row.kind,
    ...(row.width ? { width: row.width } : {}),
    ...(row.height ? { height: row.height } : {}),
    ...(row.thumb && row.thumbSha256 ? { thumb: { sha256: row.thumbSha256, size: row.thumb.size } } : {}),
    createdAt: row.createdAt,
  };
}

/** True when the blob's bytes can still be read (storage cleared under it leaves a dead handle). */
async function isReadable(blob: Blob | null): Promise<boolean> {
  if (!blob) return false;
  try {
    await blob.slice(0, 1).arrayBuffer();
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs the upload queue once: each attachment of an entry the server holds, ONE AT A TIME, oldest
 * first. Returns when the queue is empty or paused; throws a SyncError when the link failed (what
 * the server acknowledged stays acknowledged: the next pass resumes there).
 */
export async function runUploads(
  db: AppDatabase,
  transport: Transport,
  options: { isPaused?: () => Promise<boolean> } = {},
): Promise<UploadOutcome> {
  const outcome: UploadOutcome = { done: 0, bytes: 0, lost: 0, paused: false };
  const isPaused = options.isPaused ?? (async () => (await readMeta(db)).uploadsPaused);
  const { token } = await readMeta(db);
  if (!token) throw new SyncError('auth', 'not-enrolled');

  // U4–U5. One file's bytes from where the server stands (file-upload.ts, shared with the console).
  const sendFile = (
    sha256: string,
    blob: Blob,
    from: number,
    onAck: (received: number) => Promise<void>,
    resuming: boolean,
  ) =>
    sendFileChunks(transport, token, sha256, blob, from, {
      resuming,
      isPaused,
      onAck: async (received, sent) => {
        outcome.bytes += sent;
        await onAck(received);
      },
    });

  // The queue is read again after each attachment: a new photo, or one whose entry just arrived.
  const skipped = new Set<string>();
  for (;;) {
    const row = (await listUploadQueue(db)).find((r) => !skipped.has(r.id));
    if (!row) {
      // Room for the next photos: originals now whole on the server go when storage runs low.
      if (outcome.done > 0) await freeRoomIfLow(db).catch(() => 0);
      return outcome;
    }
    if (await isPaused()) {
      outcome.paused = true;
      return outcome;
    }
    try {
      // U1. A file gone from the phone (storage cleared) is reported lost, once, and never sent.
      const gone = !row.originalDropped && !(await isReadable(row.blob));
      // Registered in an earlier pass: bytes may have reached the server unacknowledged.
      const resuming = row.registered;
      // U2. Registration first: the server learns of the file, or says it holds it already.
      if (!row.registered) {
        const answer = await call(transport, token, '/api/v1/attachments', { method: 'POST', json: inputOf(row) });
        if (answer.status === 404) {
          // The entry is not on the server yet (its sync will bring it): try in a later pass.
          skipped.add(row.id);
          continue;
        }
        if (answer.status === 413 || answer.status !== 200) {
          // The unit's quota is full, or the server refused it: said on the entry, tried after the next sync.
          await updateAttachment(db, row.id, { error: errorOf(answer) });
          skipped.add(row.id);
          if (answer.status === 413) return outcome;
          continue;
        }
        const held = (answer.body as { attachment: Attachment }).attachment;
        await updateAttachment(db, row.id, { registered: true, error: null, state: 'uploading' });
        if (held.complete && !gone) {
          // The server holds these bytes already (another entry, a retried pass): nothing to send.
          await updateAttachment(db, row.id, { state: 'done', uploaded: row.size, thumbDone: true });
          outcome.done++;
          continue;
        }
      }
      if (gone) {
        const answer = await call(transport, token, `/api/v1/attachments/${row.id}/lost`, { method: 'POST' });
        // Marked lost whatever the answer (a refusal would come again): it never goes round again.
        await updateAttachment(db, row.id, { state: 'lost', error: answer.status === 200 ? null : errorOf(answer) });
        outcome.lost++;
        continue;
      }
      // U3. The thumbnail, as a file of its own, before the original: upstream sees something soon.
      if (row.thumb && row.thumbSha256 && !row.thumbDone) {
        await sendFile(row.thumbSha256, row.thumb, 0, async () => undefined, resuming);
        await updateAttachment(db, row.id, { thumbDone: true });
      }
      // U4. The original, from the last chunk the server acknowledged.
      if (row.blob) {
        await sendFile(
          row.sha256,
          row.blob,
          row.uploaded,
          // Each acknowledged chunk in a small row of its own: the attachment's row holds the blobs.
          (received) => recordUploaded(db, row.id, received),
          resuming,
        );
      }
      // U6. Whole on the server.
      await updateAttachment(db, row.id, { state: 'done', uploaded: row.size, error: null });
      outcome.done++;
    } catch (error) {
      if (error instanceof Paused) {
        outcome.paused = true;
        return outcome;
      }
      if (error instanceof SyncError && error.kind === 'fatal') {
        await updateAttachment(db, row.id, { error: error.message });
        skipped.add(row.id);
        continue;
      }
      throw error;
    }
  }
}

/**
 * Runs the queue in the background of this tab: one pass at a time, another right after when
 * asked during one, and after a failed link again on a backoff timer. Never awaited by a sync.
 */
class Uploader {
  private running: Promise<void> | null = null;
  private again = false;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly db: AppDatabase,
    private readonly transport: Transport,
  ) {}

  kick(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const pass = () => runUploads(this.db, this.transport);
    const locks = (globalThis.navigator as Navigator | undefined)?.locks;
    // Another tab sending the same files would only cause 409s: one tab at a time.
    const guarded = locks?.request
      ? locks.request('cchc-uploads', { ifAvailable: true }, (lock) => (lock ? pass() : null))
      : pass();
    this.running = guarded
      .then(() => {
        this.attempt = 0;
      })
      .catch((error: unknown) => {
        if (error instanceof SyncError && error.kind === 'auth') return;
        this.timer = setTimeout(() => void this.kick(), backoffDelay(this.attempt++));
      })
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          void this.kick();
        }
      });
    return this.running;
  }
}

const uploaders = new WeakMap<AppDatabase, Uploader>();

/** Starts (or queues another pass of) the tab's upload queue; resolves when that pass ends. */
export function startUploads(db: AppDatabase, transport: Transport): Promise<void> {
  let uploader = uploaders.get(db);
  if (!uploader) {
    uploader = new Uploader(db, transport);
    uploaders.set(db, uploader);
  }
  return uploader.kick();
}
