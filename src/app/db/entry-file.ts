import { readMeta, takeSeq } from './meta';
import {
  type EntryFile,
  entryFileItemSchema,
  entryFileSchema,
  FILE_VOID_REASON,
  fileItemOf,
} from '../../shared/entry-file';
import { guardQuota, inputOf, localEntry } from './entries';
import type { AppDatabase } from './schema';

// The entry file: "Xuất dữ liệu" writes it, another phone or the province imports it.

/** Every local entry, voided included (with its void), as an entry file. */
export async function exportEntries(db: AppDatabase, now: Date = new Date()): Promise<EntryFile> {
  const meta = await readMeta(db);
  const rows = await db.activities.toArray();
  return {
    format: 'cchc-activities',
    version: 1,
    exportedAt: now.toISOString(),
    deviceId: meta.deviceId,
    unitId: meta.unitId,
    activities: rows.map((r) => fileItemOf(inputOf(r), r)),
  };
}

/**
 * Imports the entries of a file from another phone. An id already held is skipped; a new one is
 * queued as an upsert with baseVersion 0, which the server answers as a duplicate when it already
 * has the same content; a voided one is kept voided and its void queued behind it. An entry that
 * fails its schema is left out. Throws 'bad-file' for a file that is not an entry file, having
 * written nothing. Returns how many entries were added.
 */
export async function importEntries(db: AppDatabase, file: unknown, now: Date = new Date()): Promise<number> {
  const parsed = entryFileSchema.safeParse(file);
  if (!parsed.success) throw new Error('bad-file');
  const items = parsed.data.activities.flatMap((raw) => {
    const item = entryFileItemSchema.safeParse(raw);
    return item.success ? [item.data] : [];
  });
  return guardQuota(() =>
    db.transaction('rw', db.activities, db.outbox, db.meta, async () => {
      let added = 0;
      for (const item of items) {
        if (await db.activities.get(item.id)) continue;
        const { voided, voidReason, ...fields } = item;
        const input = inputOf(fields);
        const seq = await takeSeq(db);
        const reason = voidReason || FILE_VOID_REASON;
        await db.activities.put({ ...localEntry(input), ...(voided ? { voided: true, voidReason: reason } : {}) });
        await db.outbox.add({
          seq,
          entryId: input.id,
          mutation: { seq, op: 'upsert', baseVersion: 0, activity: input },
          createdAt: now.toISOString(),
        });
        if (voided) {
          const voidSeq = await takeSeq(db);
          await db.outbox.add({
            seq: voidSeq,
            entryId: input.id,
            mutation: { seq: voidSeq, op: 'void', id: input.id, baseVersion: 1, reason },
            createdAt: now.toISOString(),
          });
        }
        added++;
      }
      return added;
    }),
  );
}
