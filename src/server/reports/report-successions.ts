import type { Kysely } from 'kysely';
import type { DateRange } from '../../shared/period';
import type { Fact } from '../../shared/report';
import { partialMergeName, type Unit } from '../../shared/unit';
import type { Database, UnitRow } from '../db/schema';
import { findPredecessorsInto, type Predecessor } from '../units/successions.repository';
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
  const places = await formerPlacesOf(db, unit, subtree);
  if (!places) return NONE;
  const oldFacts = await readFacts(places.readPath);
  const countedAs = new Map(places.wholeInto);
  const units: Unit[] = [];
  const listed = new Set<string>();
  for (const { predecessor, members } of places.shared) {
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

/** Where the old units of a report's subtree go in it (see `formerUnitsOf`). */
export interface FormerPlaces {
  /** The deepest path over every predecessor: one read of it holds all their entries. */
  readPath: string;
  /** Each unit of an old unit merged whole (its station, point) and the new unit it counts as. */
  wholeInto: Map<string, string>;
  /** The old units shared among several new ones, with their subtree; shown on their own line. */
  shared: { predecessor: Predecessor; members: UnitRow[] }[];
}

/** The places the old units that went into the subtree of `unit` take in its report; null when none. */
export async function formerPlacesOf(
  db: Kysely<Database>,
  unit: UnitRow,
  subtree: readonly UnitRow[],
): Promise<FormerPlaces | null> {
  const predecessors = await findPredecessorsInto(db, unit.path);
  if (predecessors.length === 0) return null;
  const readPath = commonPath(predecessors.map((p) => p.unit.path));
  const oldUnits = await findSubtree(db, readPath);
  const inReport = new Set(subtree.map((u) => u.id));
  const childrenOf = new Map<string, UnitRow[]>();
  for (const row of subtree) {
    if (row.parent_id === null) continue;
    const siblings = childrenOf.get(row.parent_id) ?? [];
    siblings.push(row);
    childrenOf.set(row.parent_id, siblings);
  }
  const wholeInto = new Map<string, string>();
  const shared: FormerPlaces['shared'] = [];
  for (const predecessor of predecessors) {
    const members = oldUnits.filter((u) => u.path.startsWith(predecessor.unit.path));
    const into = predecessor.successors.filter((s) => inReport.has(s.id));
    if (predecessor.merge === 'full' && into.length === 1) {
      const target = into[0]!.id;
      for (const member of members) {
        const sameKind = (childrenOf.get(target) ?? []).filter((c) => c.kind === member.kind);
        wholeInto.set(member.id, member.id !== predecessor.unit.id && sameKind.length === 1 ? sameKind[0]!.id : target);
      }
    } else shared.push({ predecessor, members });
  }
  return { readPath, wholeInto, shared };
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
