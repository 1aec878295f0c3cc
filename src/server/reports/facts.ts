import type { Activity, ActivityKind } from '../../shared/activity';
import { type Fact, factOf } from '../../shared/report';
import { addDays } from '../../shared/period';
import type { FactRow } from '../db/schema';

// Figure names of `figuresOf` and the roll-up columns that sum them.
const COLUMNS = {
  sessions: 'sessions',
  minutes: 'minutes',
  ownSessions: 'own_sessions',
  relaySessions: 'relay_sessions',
  participants: 'participants',
  copiesReceived: 'copies_received',
  copiesDistributed: 'copies_distributed',
  items: 'items',
} as const satisfies Record<string, keyof FactRow>;
type FigureName = keyof typeof COLUMNS;

// Figures every entry of a kind carries (always in the totals once the kind has an entry), and
// those only some entries carry (in the totals only when some entry had them).
const ALWAYS: Record<ActivityKind, FigureName[]> = {
  broadcast: ['sessions', 'minutes'],
  article: ['items'],
  material: [],
  visual: ['items'],
  training: ['sessions', 'participants'],
  meeting: ['sessions', 'participants'],
  contest: ['sessions', 'participants'],
  other: ['items'],
};
const SOMETIMES: Record<ActivityKind, FigureName[]> = {
  broadcast: ['ownSessions', 'relaySessions'],
  article: [],
  material: ['copiesReceived', 'copiesDistributed'],
  visual: [],
  training: [],
  meeting: [],
  contest: [],
  other: [],
};

/** A change to one roll-up row. */
export type FactDelta = FactRow;

/** The roll-up row key of a fact. */
export function factKeyOf(row: Pick<FactRow, 'unit_id' | 'date' | 'kind' | 'task_id' | 'received_on'>): string {
  // NUL never occurs in these fields (the server refuses it), so it separates them safely.
  return `${row.unit_id}\u0000${row.date}\u0000${row.kind}\u0000${row.task_id}\u0000${row.received_on}`;
}

/** A roll-up row of a key with every sum zero. */
export function zeroFactRow(key: Pick<FactRow, 'unit_id' | 'date' | 'kind' | 'task_id' | 'received_on'>): FactRow {
  // Spelled out rather than spread: a spread key followed by more fields made every row a slow,
  // dictionary-like object (10 µs per entry on the sync's write path, more than the rest of it).
  return {
    unit_id: key.unit_id,
    date: key.date,
    kind: key.kind,
    task_id: key.task_id,
    received_on: key.received_on,
    entries: 0,
    count: 0,
    sessions: 0,
    minutes: 0,
    own_sessions: 0,
    relay_sessions: 0,
    participants: 0,
    copies_received: 0,
    copies_distributed: 0,
    items: 0,
  };
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
  for (const [name, value] of Object.entries(fact.figures)) {
    const column = COLUMNS[name as FigureName];
    if (column) row[column] = sign * value;
  }
  return row;
}

/** Sums deltas that share a roll-up row, dropping those that cancel out. */
export function mergeFactDeltas(deltas: readonly FactDelta[]): FactDelta[] {
  const merged = new Map<string, FactDelta>();
  for (const delta of deltas) {
    const key = factKeyOf(delta);
    const into = merged.get(key);
    if (!into) {
      merged.set(key, { ...delta });
      continue;
    }
    into.entries += delta.entries;
    into.count += delta.count;
    for (const column of Object.values(COLUMNS)) into[column] += delta[column];
  }
  return [...merged.values()].filter(
    (d) => d.entries !== 0 || d.count !== 0 || Object.values(COLUMNS).some((c) => d[c] !== 0),
  );
}

/** The shared report's fact of a roll-up row. */
export function factOfRow(row: FactRow): Fact {
  const kind = row.kind as ActivityKind;
  const figures: Record<string, number> = {};
  for (const name of ALWAYS[kind]) figures[name] = Number(row[COLUMNS[name]]);
  for (const name of SOMETIMES[kind]) {
    const value = Number(row[COLUMNS[name]]);
    if (value !== 0) figures[name] = value;
  }
  return {
    unitId: row.unit_id,
    date: row.date,
    kind,
    taskId: row.task_id === '' ? null : row.task_id,
    receivedOn: row.received_on,
    entries: Number(row.entries),
    count: Number(row.count),
    figures,
  };
}

/**
 * The first day of the half-month (1st–14th or 15th to the month's end) holding a date. Every
 * period of both bases starts on such a day and ends the day before one.
 */
export function halfMonthOf(date: string): string {
  return `${date.slice(0, 8)}${date.slice(8, 10) >= '15' ? '15' : '01'}`;
}

/** The last day of the half-month starting on `start`. */
export function halfMonthEndOf(start: string): string {
  return start.endsWith('-01') ? `${start.slice(0, 8)}14` : addDays(`${addDays(start, 20).slice(0, 8)}01`, -1);
}

/** True when a date is the last day of its half-month (a 14th or a month's last day). */
export function endsHalfMonth(date: string): boolean {
  return halfMonthOf(addDays(date, 1)) === addDays(date, 1);
}

/** A change to one row of the half-month roll-up: `date` and `received_on` are half-month starts. */
export type HalfMonthDelta = Omit<FactRow, 'task_id'>;

/** A change to one row of the half-month task roll-up (task-linked entries only). */
export interface TaskHalfMonthDelta {
  unit_id: string;
  date: string;
  task_id: string;
  kind: string;
  entries: number;
  count: number;
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
    } else {
      into.entries += delta.entries;
      into.count += delta.count;
      for (const column of Object.values(COLUMNS)) into[column] += delta[column];
    }
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
      });
    } else {
      task.entries += delta.entries;
      task.count += delta.count;
    }
  }
  return {
    facts: [...facts.values()].filter(
      (d) => d.entries !== 0 || d.count !== 0 || Object.values(COLUMNS).some((c) => d[c] !== 0),
    ),
    tasks: [...tasks.values()].filter((d) => d.entries !== 0 || d.count !== 0),
  };
}
