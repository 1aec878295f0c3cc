import { type Kysely, sql } from 'kysely';
import { type ActivityKind, KIND_DEFINITIONS, type KindDefinition } from '../../shared/kinds';

/**
 * The roll-up tables' columns, derived from the kinds' definition: every sum a kind's report lines
 * state is a column, so adding a kind or a figure adds columns here by itself (`ensureRollupSchema`)
 * and never needs a migration written by hand.
 */

/** A sum's column: `ownSessions` → `own_sessions`. */
export function columnOf(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/** The columns of the daily roll-up past its key: entries, count, then every sum of any kind. */
export const DAILY_COLUMNS: readonly string[] = [
  'entries',
  'count',
  ...new Set(KIND_DEFINITIONS.flatMap((kind) => kind.sums.map((sum) => columnOf(sum.name)))),
];

/** Each kind's figures in the half-month totals (entries and count first), as daily-roll-up columns. */
export const KIND_COLUMNS: Readonly<Record<ActivityKind, readonly string[]>> = Object.fromEntries(
  KIND_DEFINITIONS.map((kind) => [kind.id, ['entries', 'count', ...kind.sums.map((sum) => columnOf(sum.name))]]),
) as unknown as Record<ActivityKind, readonly string[]>;

/** Every `[column, kind, figure]` of `half_month_totals` past its key: `<kind>_<figure>`, kinds side by side. */
export const HALF_MONTH_COLUMNS: readonly (readonly [string, ActivityKind, string])[] = KIND_DEFINITIONS.flatMap(
  (kind) => KIND_COLUMNS[kind.id].map((figure) => [`${kind.id}_${figure}`, kind.id, figure] as const),
);

/** Sums present in every entry of a kind (its totals always have them) rather than in some. */
export function isAlwaysSummed(kind: KindDefinition, sumName: string): boolean {
  const sum = kind.sums.find((s) => s.name === sumName);
  if (!sum || sum.when) return false;
  const field = kind.fields.find((f) => f.name === sum.of);
  return field?.type === 'number' && (field.default !== undefined || field.required === true);
}

/**
 * What the stored roll-ups of each kind were computed with: its count and its sums with what
 * each reads. When it changes for a kind, that kind's rows are computed again from its entries.
 */
function layoutOf(kind: KindDefinition): string {
  const field = (name: string) => {
    const f = kind.fields.find((x) => x.name === name);
    return f?.type === 'number' ? { name, default: f.default ?? null } : { name };
  };
  return JSON.stringify({
    countBy: kind.countBy ? field(kind.countBy) : null,
    sums: kind.sums.map((s) => ({
      name: s.name,
      of: field(s.of),
      when: s.when
        ? {
            ...s.when,
            default: (kind.fields.find((f) => f.name === s.when!.field) as { default?: string }).default ?? null,
          }
        : null,
    })),
  });
}

const LAYOUT_KEY = 'rollup_layout';

/**
 * Brings the roll-up tables in step with the kinds' definition: adds the columns of new sums (zero
 * for entries stored before, which had none of them) and recomputes from its entries every kind
 * whose sums changed meaning since the rows were written. Runs after the migrations, under a lock,
 * so that several server processes starting together do it once.
 */
export async function ensureRollupSchema(
  db: Kysely<unknown>,
  rebuildKinds: (trx: Kysely<unknown>, kinds: readonly string[]) => Promise<void>,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    // Any fixed number serves: every process takes the same one.
    await sql`select pg_advisory_xact_lock(4206101)`.execute(trx);
    const existing = await columnsOf(trx, ['facts', 'half_month_totals']);
    const added = new Set<string>();
    for (const column of DAILY_COLUMNS) {
      if (!existing.has(`facts.${column}`)) {
        await sql`alter table facts add column ${sql.ref(column)} float8 not null default 0`.execute(trx);
        added.add(column);
      }
    }
    const addedFor = new Set<string>();
    for (const [column, kind, figure] of HALF_MONTH_COLUMNS) {
      if (!existing.has(`half_month_totals.${column}`)) {
        const type = figure === 'entries' ? sql`integer` : sql`float8`;
        await sql`alter table half_month_totals add column ${sql.ref(column)} ${type} not null default 0`.execute(trx);
        addedFor.add(kind);
      }
    }
    const row = await sql<{ value: string }>`select value from meta where key = ${LAYOUT_KEY}`.execute(trx);
    const stored = row.rows[0] ? (JSON.parse(row.rows[0].value) as Record<string, string>) : null;
    const current = Object.fromEntries(KIND_DEFINITIONS.map((kind) => [kind.id, layoutOf(kind)]));
    // A database written before the layout was recorded was written with this layout's sums. A kind
    // that had rows is computed again when what it sums changed, or a column it sums was missing.
    const changed = stored
      ? KIND_DEFINITIONS.filter(
          (kind) =>
            stored[kind.id] !== undefined &&
            (stored[kind.id] !== current[kind.id] ||
              addedFor.has(kind.id) ||
              kind.sums.some((sum) => added.has(columnOf(sum.name)))),
        ).map((kind) => kind.id)
      : [];
    if (changed.length > 0) await rebuildKinds(trx, changed);
    if (!stored || Object.keys(current).some((kind) => stored[kind] !== current[kind])) {
      await sql`insert into meta (key, value) values (${LAYOUT_KEY}, ${JSON.stringify(current)})
        on conflict (key) do update set value = excluded.value`.execute(trx);
    }
  });
}

async function columnsOf(db: Kysely<unknown>, tables: readonly string[]): Promise<Set<string>> {
  const result = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns
    where table_schema = current_schema() and table_name = any(${tables as string[]})`.execute(db);
  return new Set(result.rows.map((r) => `${r.table_name}.${r.column_name}`));
}
