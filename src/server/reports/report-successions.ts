import type { Kysely } from 'kysely';
import type { DateRange } from '../../shared/period';
import type { Fact } from '../../shared/report';
import { partialMergeName, type Unit } from '../../shared/unit';
import type { Database, UnitRow } from '../db/schema';
import { findPredecessorsInto } from '../units/successions.repository';
import { findSubtree, unitOf } from '../units/units.repository';

/** What the old tree adds to a report of a unit of the new one (the 2025 reform). */
export interface FormerUnits {
  /** Units shared among several new ones, shown on their own marked line under the report's unit. */
  units: Unit[];
  /** Facts of the old units: those merged whole are counted as the new unit they went into. */
  facts: Fact[];
  /** Units listed and summed, never judged (assignees, coverage): the shared ones and their subtree. */
  listed: Set<string>;
}

const NONE: FormerUnits = { units: [], facts: [], listed: new Set() };

/**
 * The old units whose area went into the report's subtree, read through the successions: an old
 * unit merged whole counts as the new unit it went into (its station and post-office point as the
 * new unit's own of that kind, when it has exactly one, so that stock carries over), whatever the
 * date of its entries; one shared among several is never split: it is its own line under the
 * report's unit, named for what it became ("… (sáp nhập một phần vào …)"), summed once in the
 * totals, in a period that began before the reform or holds its entries. `readFacts` reads a
 * subtree's facts as the report reads its own.
 */
export async function formerUnitsOf(
  db: Kysely<Database>,
  unit: UnitRow,
  subtree: readonly UnitRow[],
  range: DateRange,
  readFacts: (path: string) => Promise<Fact[]>,
): Promise<FormerUnits> {
  const predecessors = await findPredecessorsInto(db, unit.path);
  if (predecessors.length === 0) return NONE;
  const readPath = commonPath(predecessors.map((p) => p.unit.path));
  const [oldUnits, oldFacts] = await Promise.all([findSubtree(db, readPath), readFacts(readPath)]);
  const inReport = new Set(subtree.map((u) => u.id));
  const childrenOf = new Map<string, UnitRow[]>();
  for (const row of subtree) {
    if (row.parent_id === null) continue;
    const siblings = childrenOf.get(row.parent_id) ?? [];
    siblings.push(row);
    childrenOf.set(row.parent_id, siblings);
  }
  // Each old unit's place in the report: the new unit it counts as (merged whole) or itself (shared).
  const countedAs = new Map<string, string>();
  const units: Unit[] = [];
  const listed = new Set<string>();
  for (const predecessor of predecessors) {
    const members = oldUnits.filter((u) => u.path.startsWith(predecessor.unit.path));
    const into = predecessor.successors.filter((s) => inReport.has(s.id));
    if (predecessor.merge === 'full' && into.length === 1) {
      const target = into[0]!.id;
      for (const member of members) {
        const sameKind = (childrenOf.get(target) ?? []).filter((c) => c.kind === member.kind);
        countedAs.set(member.id, member.id !== predecessor.unit.id && sameKind.length === 1 ? sameKind[0]!.id : target);
      }
      continue;
    }
    const logged = oldFacts.some(
      (f) => f.date >= range.from && f.date <= range.to && members.some((m) => m.id === f.unitId),
    );
    if (range.from >= predecessor.effectiveOn && !logged) continue;
    for (const member of members) {
      countedAs.set(member.id, member.id);
      listed.add(member.id);
      const shown = unitOf(member);
      units.push(
        member.id === predecessor.unit.id
          ? {
              ...shown,
              name: partialMergeName(
                member.name,
                predecessor.successors.map((s) => s.name),
              ),
              parentId: unit.id,
            }
          : shown,
      );
    }
  }
  const facts: Fact[] = [];
  for (const fact of oldFacts) {
    const as = countedAs.get(fact.unitId);
    if (as !== undefined) facts.push(as === fact.unitId ? fact : { ...fact, unitId: as });
  }
  return { units, facts, listed };
}

/** The deepest path every given path lies under ("/old:42/old:436/" for two of its communes). */
function commonPath(paths: readonly string[]): string {
  const split = paths.map((p) => p.split('/').filter((part) => part.length > 0));
  const first = split[0]!;
  let depth = 0;
  while (depth < first.length && split.every((parts) => parts[depth] === first[depth])) depth++;
  return depth === 0 ? '/' : `/${first.slice(0, depth).join('/')}/`;
}

/**
 * The subtrees whose entries a report of `unit` may count: its own, then each old unit that went
 * into it (for what the report lists by entry, such as its late entries).
 */
export async function reportPaths(db: Kysely<Database>, unit: UnitRow): Promise<string[]> {
  const predecessors = await findPredecessorsInto(db, unit.path);
  return [unit.path, ...predecessors.map((p) => p.unit.path)];
}
