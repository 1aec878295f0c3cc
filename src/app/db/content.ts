import type { ContentItem } from '../../shared/content';
import type { AppDatabase, ContentRow } from './database';

// The content upstream sent to this phone's units (issue 15): the items as listed, and each file
// as it downloads, in parts, until it is whole. Rows are written whole (get, then put), never with
// update(), whose clone can lose a Blob (see the folder's README).

/** Stores the items the server lists; what the phone already holds of each (its file, its state) stays. */
export async function storeContentList(
  db: AppDatabase,
  items: readonly (ContentItem & { forUnitIds: string[] })[],
): Promise<void> {
  await db.transaction('rw', db.content, async () => {
    for (const item of items) {
      const held = await db.content.get(item.id);
      const row: ContentRow = held
        ? { ...held, ...item }
        : {
            ...item,
            seenAt: null,
            fileState: item.file ? 'none' : 'done',
            parts: [],
            blob: null,
            allowed: false,
            reported: false,
          };
      await db.content.put(row);
    }
  });
}

/** Every item, newest first. */
export async function listContent(db: AppDatabase): Promise<ContentRow[]> {
  const rows = await db.content.toArray();
  return rows.sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
}

/** One item as the phone holds it. */
export async function getContent(db: AppDatabase, id: string): Promise<ContentRow | undefined> {
  return db.content.get(id);
}

/** Changes one item, read and written whole in one transaction. */
export async function updateContent(
  db: AppDatabase,
  id: string,
  change: (row: ContentRow) => Partial<ContentRow>,
): Promise<ContentRow | undefined> {
  return db.transaction('rw', db.content, async () => {
    const row = await db.content.get(id);
    if (!row) return undefined;
    const next = { ...row, ...change(row) };
    await db.content.put(next);
    return next;
  });
}

/** Bytes of the item's file the phone holds. */
export function heldBytes(row: Pick<ContentRow, 'parts' | 'blob'>): number {
  return row.blob ? row.blob.size : row.parts.reduce((sum, part) => sum + part.size, 0);
}

/**
 * How many times each item aired: the `sessions` of the phone's broadcasts naming it (voided ones
 * not), and the copies of it logged received.
 */
export async function loggedOfContent(db: AppDatabase): Promise<Map<string, { airings: number; received: number }>> {
  const out = new Map<string, { airings: number; received: number }>();
  for (const kind of ['broadcast', 'material']) {
    await db.activities
      .where('[kind+date]')
      .between([kind, ''], [kind, '\uffff'])
      .each((entry) => {
        const id = entry.figures.contentId;
        if (typeof id !== 'string' || entry.voided) return;
        const counts = out.get(id) ?? { airings: 0, received: 0 };
        if (entry.kind === 'broadcast') counts.airings += Number(entry.figures.sessions ?? 1);
        else if (entry.figures.direction === 'received') counts.received += Number(entry.figures.copies ?? 0);
        out.set(id, counts);
      });
  }
  return out;
}
