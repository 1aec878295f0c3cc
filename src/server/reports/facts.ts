import type { Activity, ActivityKind } from '../../shared/activity';
import { type Fact, factOf } from '../../shared/report';
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
  return JSON.stringify([row.unit_id, row.date, row.kind, row.task_id, row.received_on]);
}

/** What an entry adds to (sign 1) or takes from (sign -1) the roll-up; nothing when voided. */
export function factDeltaOf(activity: Activity, sign: 1 | -1): FactDelta | null {
  const fact = factOf(activity);
  if (!fact) return null;
  const row: FactDelta = {
    unit_id: fact.unitId,
    date: fact.date,
    kind: fact.kind,
    task_id: fact.taskId ?? '',
    received_on: fact.receivedOn,
    entries: sign * fact.entries,
    count: sign * fact.count,
    sessions: 0,
    minutes: 0,
    own_sessions: 0,
    relay_sessions: 0,
    participants: 0,
    copies_received: 0,
    copies_distributed: 0,
    items: 0,
  };
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
