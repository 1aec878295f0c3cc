import type { DBCore, DBCoreTable, DBCoreTransaction, Middleware } from 'dexie';
import type { Activity, ActivityKind } from '../../shared/activity';
import { type Fact, factOf } from '../../shared/report';
import type { LocalActivity } from './database';

/**
 * A day's roll-up of entries sharing unit, kind and task: what home reads, so that its figures come
 * from a few hundred rows instead of every entry of the year.
 */
export interface DailyRow {
  id: string;
  date: string;
  unitId: string;
  kind: ActivityKind;
  /** '' for entries linked to no task (IndexedDB keys cannot hold null). */
  taskId: string;
  entries: number;
  count: number;
  figures: Record<string, number>;
}

/** The fact an entry adds; none for a voided one. Home has no use for the receipt date. */
export function factOfEntry(entry: LocalActivity | undefined): Fact | null {
  if (!entry) return null;
  return factOf({
    ...entry,
    version: Math.max(1, entry.serverVersion ?? 1),
    receivedAt: entry.receivedAt ?? entry.createdAt,
  } as Activity);
}

function keyOf(fact: Fact): string {
  return `${fact.date}|${fact.unitId}|${fact.kind}|${fact.taskId ?? ''}`;
}

/** Adds (sign 1) or removes (sign -1) facts into roll-up rows held in a map. */
export function addFacts(rows: Map<string, DailyRow>, facts: (Fact | null)[], sign: 1 | -1): void {
  for (const fact of facts) {
    if (!fact) continue;
    const id = keyOf(fact);
    let row = rows.get(id);
    if (!row) {
      row = {
        id,
        date: fact.date,
        unitId: fact.unitId,
        kind: fact.kind,
        taskId: fact.taskId ?? '',
        entries: 0,
        count: 0,
        figures: {},
      };
      rows.set(id, row);
    }
    row.entries += sign * fact.entries;
    row.count += sign * fact.count;
    for (const [name, value] of Object.entries(fact.figures)) addFigure(row.figures, name, sign * value);
  }
}

/**
 * Adds to one figure of a row; a figure that sums to zero is dropped, so that a row moved there by
 * edits and voids holds the same figures as one rebuilt from the entries (absent reads as 0).
 */
function addFigure(figures: Record<string, number>, name: string, value: number): void {
  const sum = (figures[name] ?? 0) + value;
  if (sum === 0) delete figures[name];
  else figures[name] = sum;
}

/** A roll-up row as a fact for the shared report code. */
export function factOfRow(row: DailyRow): Fact {
  return {
    unitId: row.unitId,
    date: row.date,
    kind: row.kind,
    taskId: row.taskId === '' ? null : row.taskId,
    receivedOn: row.date,
    entries: row.entries,
    count: row.count,
    figures: row.figures,
  };
}

async function applyDeltas(
  daily: DBCoreTable,
  trans: DBCoreTransaction,
  before: (LocalActivity | undefined)[],
  after: (LocalActivity | undefined)[],
): Promise<void> {
  const deltas = new Map<string, DailyRow>();
  addFacts(deltas, before.map(factOfEntry), -1);
  addFacts(deltas, after.map(factOfEntry), 1);
  const ids = [...deltas.keys()];
  if (ids.length === 0) return;
  const stored = (await daily.getMany({ trans, keys: ids })) as (DailyRow | undefined)[];
  const puts: DailyRow[] = [];
  const deletes: string[] = [];
  ids.forEach((id, i) => {
    const delta = deltas.get(id)!;
    const row = stored[i] ?? { ...delta, entries: 0, count: 0, figures: {} };
    const figures = { ...row.figures };
    for (const [name, value] of Object.entries(delta.figures)) addFigure(figures, name, value);
    const next = { ...row, entries: row.entries + delta.entries, count: row.count + delta.count, figures };
    if (next.entries <= 0) deletes.push(id);
    else puts.push(next);
  });
  if (puts.length > 0) await daily.mutate({ type: 'put', trans, values: puts });
  if (deletes.length > 0) await daily.mutate({ type: 'delete', trans, keys: deletes });
}

/**
 * Keeps the daily roll-up in step with the entries: every write transaction on `activities` also
 * opens `daily`, and every change of an entry moves its fact from one row to another in that same
 * transaction, whoever wrote it (a save, a void, a sync answer, an import).
 */
export const dailyRollupMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'daily-rollup',
  create(down) {
    return {
      ...down,
      transaction(stores, mode, options) {
        const withDaily = mode === 'readwrite' && stores.includes('activities') && !stores.includes('daily');
        return down.transaction(withDaily ? [...stores, 'daily'] : stores, mode, options);
      },
      table(name) {
        const table = down.table(name);
        if (name !== 'activities') return table;
        // Looked up at each write, not here: opening a database of version 1 builds this stack
        // before the upgrade has made `daily`, and a lookup here failed that open for good.
        const daily = () => down.table('daily');
        return {
          ...table,
          async mutate(req) {
            if (req.type === 'deleteRange') {
              const result = await table.mutate(req);
              await daily().mutate({
                type: 'deleteRange',
                trans: req.trans,
                range: { type: 2, lower: '', lowerOpen: false, upper: '\uffff', upperOpen: false },
              });
              return result;
            }
            const keys =
              req.type === 'delete'
                ? req.keys
                : (req.keys ?? req.values.map((value) => table.schema.primaryKey.extractKey!(value)));
            const before = (await table.getMany({ trans: req.trans, keys })) as (LocalActivity | undefined)[];
            const result = await table.mutate(req);
            const after =
              req.type === 'delete'
                ? keys.map(() => undefined)
                : ((await table.getMany({ trans: req.trans, keys })) as (LocalActivity | undefined)[]);
            await applyDeltas(daily(), req.trans, before, after);
            return result;
          },
        };
      },
    };
  },
};
