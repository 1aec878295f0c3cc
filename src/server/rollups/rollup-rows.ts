import type { Activity } from '../../shared/activity';
import { type ActivityKind, kindDefinition } from '../../shared/kinds';
import { halfMonthOf } from '../../shared/period';
import { type Fact, factOf } from '../../shared/report';
import type { FactRow } from '../db/schema';
import { columnOf, DAILY_COLUMNS, isAlwaysSummed, KIND_COLUMNS } from './rollup-layout';

/** The key of a daily roll-up row: unit, date, kind, task ('' for none) and day of receipt. */
export type FactKey = Pick<FactRow, 'unit_id' | 'date' | 'kind' | 'task_id' | 'received_on'>;

// Worked out once: the write path maps every figure of every entry of a push.
const COLUMN_OF = new Map(
  DAILY_COLUMNS.map((column) => [column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), column]),
);

/** A change to one roll-up row. */
export type FactDelta = FactRow;
export type { FactRow };

/** The roll-up row key of a fact. */
export function factKeyOf(row: FactKey): string {
  // NUL never occurs in these fields (the server refuses it), so it separates them safely.
  return `${row.unit_id}\u0000${row.date}\u0000${row.kind}\u0000${row.task_id}\u0000${row.received_on}`;
}

/** A roll-up row of a key with every sum zero. */
export function zeroFactRow(key: FactKey): FactRow {
  const row = {
    unit_id: key.unit_id,
    date: key.date,
    kind: key.kind,
    task_id: key.task_id,
    received_on: key.received_on,
  } as FactRow;
  for (const column of DAILY_COLUMNS) row[column] = 0;
  return row;
}

/** What an entry adds to (sign 1) or takes from (sign -1) the roll-up; nothing when voided. */
export function factDeltaOf(activity: Activity, sign: 1 | -1): FactDelta | null {
  const fact = factOf(activity);
  if (!fact) return null;
  const row = zeroFactRow({
    unit_id: fact.unitId,
    date: fact.date,
    kind: fact.kind,
    task_id: fact.taskId ?? '',
    received_on: fact.receivedOn,
  });
  row.entries = sign * fact.entries;
  row.count = sign * fact.count;
  const figures = fact.figures;
  for (const name in figures) row[COLUMN_OF.get(name) ?? columnOf(name)] = sign * figures[name]!;
  return row;
}

/** True when a delta changes nothing. */
function isZero(row: FactRow, columns: readonly string[] = DAILY_COLUMNS): boolean {
  for (const column of columns) if (row[column] !== 0) return false;
  return true;
}

function addInto(into: FactRow, delta: FactRow, columns: readonly string[]): void {
  for (const column of columns) into[column] = (into[column] as number) + (delta[column] as number);
}

/** Sums deltas that share a roll-up row, dropping those that cancel out. */
export function mergeFactDeltas(deltas: readonly FactDelta[]): FactDelta[] {
  const merged = new Map<string, FactDelta>();
  for (const delta of deltas) {
    const key = factKeyOf(delta);
    const into = merged.get(key);
    if (into) addInto(into, delta, DAILY_COLUMNS);
    else merged.set(key, { ...delta });
  }
  return [...merged.values()].filter((d) => !isZero(d));
}

/** The shared report's fact of a roll-up row: the sums of its kind, those only some entries carry when not zero. */
export function factOfRow(row: FactRow): Fact {
  const kind = kindDefinition(row.kind);
  const figures: Record<string, number> = {};
  for (const sum of kind?.sums ?? []) {
    const value = Number(row[columnOf(sum.name)]);
    if (value !== 0 || isAlwaysSummed(kind!, sum.name)) figures[sum.name] = value;
  }
  return {
    unitId: row.unit_id,
    date: row.date,
    kind: row.kind as ActivityKind,
    taskId: row.task_id === '' ? null : row.task_id,
    receivedOn: row.received_on,
    entries: Number(row.entries),
    count: Number(row.count),
    figures,
  };
}

/** A change to one row of the half-month roll-up: `date` and `received_on` are half-month starts. */
export interface HalfMonthDelta {
  unit_id: string;
  date: string;
  kind: string;
  received_on: string;
  entries: number;
  count: number;
  [sum: string]: string | number;
}

/** A change to one row of the half-month task roll-up (task-linked entries only). */
export interface TaskHalfMonthDelta {
  unit_id: string;
  date: string;
  task_id: string;
  kind: string;
  entries: number;
  count: number;
  /** Money the entries spent toward the task (the daily roll-up's `spent_vnd`). */
  spent_vnd: number;
}

/** The half-month roll-ups' changes for daily deltas, summed per row, those that cancel dropped. */
export function halfMonthDeltasOf(deltas: readonly FactDelta[]): {
  facts: HalfMonthDelta[];
  tasks: TaskHalfMonthDelta[];
} {
  const facts = new Map<string, HalfMonthDelta>();
  const tasks = new Map<string, TaskHalfMonthDelta>();
  for (const delta of deltas) {
    const date = halfMonthOf(delta.date);
    const receivedOn = halfMonthOf(delta.received_on);
    const key = `${delta.unit_id}\u0000${date}\u0000${delta.kind}\u0000${receivedOn}`;
    const into = facts.get(key);
    if (!into) {
      const { task_id: _task, ...rest } = delta;
      facts.set(key, { ...rest, date, received_on: receivedOn });
    } else addInto(into as FactRow, delta, DAILY_COLUMNS);
    if (delta.task_id === '') continue;
    const taskKey = `${delta.unit_id}\u0000${date}\u0000${delta.task_id}\u0000${delta.kind}`;
    const task = tasks.get(taskKey);
    if (!task) {
      tasks.set(taskKey, {
        unit_id: delta.unit_id,
        date,
        task_id: delta.task_id,
        kind: delta.kind,
        entries: delta.entries,
        count: delta.count,
        spent_vnd: Number(delta.spent_vnd ?? 0),
      });
    } else {
      task.entries += delta.entries;
      task.count += delta.count;
      task.spent_vnd += Number(delta.spent_vnd ?? 0);
    }
  }
  return {
    facts: [...facts.values()].filter(
      (d) => !isZero(d as FactRow, KIND_COLUMNS[d.kind as ActivityKind] ?? DAILY_COLUMNS),
    ),
    tasks: [...tasks.values()].filter((d) => d.entries !== 0 || d.count !== 0),
  };
}
