import type { ActivityKind } from '../../shared/activity';
import { type AppDatabase, type LocalActivity, newestFirst } from './database';

// Apart from the database module so that it loads with the log, not with the first screen.

/** The newest entries matching a filter and how many match in all. */
export interface EntryPage {
  entries: LocalActivity[];
  total: number;
}

/**
 * The `limit` newest entries of a filter (as `listEntries` sorts them: newest date, then newest
 * creation) and the number of entries it matches, without reading the others: a year holds
 * thousands of entries and the log draws 200. Reads the date index backwards, then the whole of
 * the oldest day reached, since the index orders a day's entries by id and not by creation time.
 */
export async function listNewestEntries(
  db: AppDatabase,
  filter: { from?: string; to?: string; kind?: ActivityKind | null; taskId?: string | null },
  limit: number,
): Promise<EntryPage> {
  const from = filter.from ?? '0000-01-01';
  const to = filter.to ?? '9999-12-31';
  const kind = filter.kind ?? null;
  return db.transaction('r', db.activities, async () => {
    if (filter.taskId) {
      // No index pairs a task with dates: a task's own entries are far fewer than a period's.
      const rows = (await db.activities.where('taskId').equals(filter.taskId).toArray()).filter(
        (r) => r.date >= from && r.date <= to && (!kind || r.kind === kind),
      );
      rows.sort(newestFirst);
      return { entries: rows.slice(0, limit), total: rows.length };
    }
    const between = (lower: string, upper: string) =>
      kind
        ? db.activities.where('[kind+date]').between([kind, lower], [kind, upper], true, true)
        : db.activities.where('date').between(lower, upper, true, true);
    const [total, newest] = await Promise.all([
      between(from, to).count(),
      between(from, to).reverse().limit(limit).toArray(),
    ]);
    if (newest.length < limit || newest.length === total) {
      newest.sort(newestFirst);
      return { entries: newest, total };
    }
    const edge = newest[newest.length - 1]!.date;
    const rows = [...newest.filter((r) => r.date > edge), ...(await between(edge, edge).toArray())];
    rows.sort(newestFirst);
    return { entries: rows.slice(0, limit), total };
  });
}
