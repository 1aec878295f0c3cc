import { readMeta, takeSeq } from './meta';
import { type EntryFile, type EntryFileItem, FILE_VOID_REASON, fileItemOf } from '../../shared/entry-file';
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
 * The entries of an entry file, or null when it is not one. The phone checks the envelope and
 * each entry's identity only: the shared zod schema (src/shared/entry-file.ts) would bring zod
 * into the first screen's JavaScript (+10 KB gzip: the bundler keeps it with the shared modules
 * home loads). The server checks every entry with that schema when the phone sends it, and a bad
 * one is rejected with its reason without holding up the others.
 */
function itemsOf(file: unknown): EntryFileItem[] | null {
  const data = file as Partial<EntryFile> | null;
  if (data?.format !== 'cchc-activities' || data.version !== 1 || !Array.isArray(data.activities)) return null;
  return data.activities.filter(
    (a): a is EntryFileItem =>
      typeof a === 'object' &&
      a !== null &&
      typeof a.id === 'string' &&
      typeof a.unitId === 'string' &&
      typeof a.kind === 'string' &&
      typeof a.date === 'string' &&
      typeof a.figures === 'object',
  );
}

/**
 * Imports the entries of a file from another phone. An id already held is skipped; a new one is
 * queued as an upsert with baseVersion 0, which the server answers as a duplicate when it already
 * has the same content; a voided one is kept voided and its void queued behind it. An entry
 * without an id, unit, kind or date is left out. Throws 'bad-file' for a file that is not an entry file, having
 * written nothing. Returns how many entries were added.
 */
export async function importEntries(db: AppDatabase, file: unknown, now: Date = new Date()): Promise<number> {
  const items = itemsOf(file);
  if (!items) throw new Error('bad-file');
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
