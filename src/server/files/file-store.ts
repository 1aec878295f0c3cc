import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

/** What the store knows of a file: the bytes it holds and, while they arrive, the size expected. */
export interface FileStatus {
  /** The file's size when finished or being uploaded; null when the store has never heard of it. */
  size: number | null;
  received: number;
  complete: boolean;
}

/**
 * Where evidence bytes live, content-addressed by SHA-256 (hex). An upload is appended in order,
 * then finished (moved to the finished files) or discarded; a finished file is never written
 * again. The database implementation below is the default; an object store fits the same calls
 * (see the folder's README).
 */
export interface FileStore {
  /** True when the file is finished. */
  has(sha256: string): Promise<boolean>;
  status(sha256: string): Promise<FileStatus>;
  /**
   * Appends a chunk at `offset` of an upload of `size` bytes. Only when `offset` is what was
   * received so far: otherwise nothing changes and `appended` is false. Answers the bytes received.
   */
  append(
    sha256: string,
    size: number,
    offset: number,
    chunk: Uint8Array,
  ): Promise<{ appended: boolean; received: number }>;
  /** Every byte of an upload received so far, in order. */
  partial(sha256: string): Promise<Buffer>;
  /** Keeps a fully received upload as a finished file of the type its bytes showed. */
  finish(sha256: string, mime: string, bytes: Uint8Array): Promise<void>;
  /** Forgets an upload (its bytes did not verify). */
  discard(sha256: string): Promise<void>;
  /** A finished file's bytes and type. */
  read(sha256: string): Promise<{ bytes: Buffer; mime: string; size: number } | undefined>;
  /**
   * Forgets every upload no chunk has reached since `before` (a phone that never came back, a
   * file its phone lost); answers their SHA-256s. A phone that does come back finds nothing held
   * and sends the file again from its start. Finished files are never touched.
   */
  discardAbandoned(before: Date): Promise<string[]>;
}

// PGlite hands bytea back as a Uint8Array (also across its worker thread), pg as a Buffer.
const toBuffer = (bytes: Uint8Array): Buffer =>
  Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** The default store: files as rows of the database (PGlite or PostgreSQL), so one backup holds all. */
export function databaseFileStore(db: Kysely<Database>, now: () => Date): FileStore {
  return {
    async has(sha256) {
      const row = await db.selectFrom('files').select('sha256').where('sha256', '=', sha256).executeTakeFirst();
      return row !== undefined;
    },

    async status(sha256) {
      const file = await db.selectFrom('files').select('size').where('sha256', '=', sha256).executeTakeFirst();
      if (file) return { size: file.size, received: file.size, complete: true };
      const upload = await db
        .selectFrom('file_uploads')
        .select(['size', 'received'])
        .where('sha256', '=', sha256)
        .executeTakeFirst();
      return { size: upload?.size ?? null, received: upload?.received ?? 0, complete: false };
    },

    append(sha256, size, offset, chunk) {
      return db.transaction().execute(async (trx) => {
        const at = now().toISOString();
        await trx
          .insertInto('file_uploads')
          .values({ sha256, size, received: 0, updated_at: at })
          .onConflict((oc) => oc.column('sha256').doNothing())
          .execute();
        // The row lock queues two sends of the same chunk: the second finds the offset taken.
        const upload = await trx
          .selectFrom('file_uploads')
          .select('received')
          .where('sha256', '=', sha256)
          .forUpdate()
          .executeTakeFirstOrThrow();
        if (upload.received !== offset) return { appended: false, received: upload.received };
        await trx.insertInto('file_chunks').values({ sha256, offset, bytes: chunk }).execute();
        const received = offset + chunk.length;
        await trx.updateTable('file_uploads').set({ received, updated_at: at }).where('sha256', '=', sha256).execute();
        return { appended: true, received };
      });
    },

    async partial(sha256) {
      const chunks = await db
        .selectFrom('file_chunks')
        .select('bytes')
        .where('sha256', '=', sha256)
        .orderBy('offset')
        .execute();
      return Buffer.concat(chunks.map((c) => toBuffer(c.bytes)));
    },

    finish(sha256, mime, bytes) {
      return db.transaction().execute(async (trx) => {
        await trx
          .insertInto('files')
          .values({ sha256, size: bytes.length, mime, bytes, created_at: now().toISOString() })
          .onConflict((oc) => oc.column('sha256').doNothing())
          .execute();
        await forget(trx, sha256);
      });
    },

    discard(sha256) {
      return db.transaction().execute((trx) => forget(trx, sha256));
    },

    async read(sha256) {
      const row = await db
        .selectFrom('files')
        .select(['bytes', 'mime', 'size'])
        .where('sha256', '=', sha256)
        .executeTakeFirst();
      return row ? { bytes: toBuffer(row.bytes), mime: row.mime, size: row.size } : undefined;
    },

    discardAbandoned(before) {
      return db.transaction().execute(async (trx) => {
        // The delete takes each row's lock and checks its time again after a chunk appended at
        // once (append locks the same row): an upload touched meanwhile is kept.
        const gone = await trx
          .deleteFrom('file_uploads')
          .where('updated_at', '<', before.toISOString())
          .returning('sha256')
          .execute();
        const shas = gone.map((g) => g.sha256);
        if (shas.length > 0) await trx.deleteFrom('file_chunks').where('sha256', 'in', shas).execute();
        return shas;
      });
    },
  };
}

async function forget(db: Kysely<Database>, sha256: string): Promise<void> {
  await db.deleteFrom('file_chunks').where('sha256', '=', sha256).execute();
  await db.deleteFrom('file_uploads').where('sha256', '=', sha256).execute();
}
