import { type ActivityKind, type ChoiceField, kindDefinition, type NumberField } from './kinds';

// What an entry counts and adds to a report. Apart from activity.ts, whose zod schemas the
// phone's first screen must not load: home and its roll-up need these, not the schemas.

/** The part of an entry these read. */
interface Counted {
  kind: ActivityKind;
  figures: Record<string, number | string | undefined>;
  voided?: boolean;
}

function numberOr(value: number | string | undefined, fallback: number | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/** The figure that counts "how many" for a kind: one session aired, one item posted, one hand-out. */
export function countOf(activity: Counted): number {
  const definition = kindDefinition(activity.kind);
  if (!definition?.countBy) return 1;
  const field = definition.fields.find((f) => f.name === definition.countBy) as NumberField;
  return numberOr(activity.figures[field.name], field.default) ?? 1;
}

/**
 * Figures an activity adds to a report, one per sum of its kind; voided activities add nothing.
 * A sum of a choice ("— trong đó tiếp sóng") is there only for entries of that choice, and a sum of
 * a figure without a default ("reach") only for entries that gave it. A kind this release does not
 * know adds its numbers as they are, so that nothing synced from a newer phone is lost from sight.
 */
export function figuresOf(activity: Counted): Record<string, number> {
  if (activity.voided) return {};
  const f = activity.figures;
  const definition = kindDefinition(activity.kind);
  const result: Record<string, number> = {};
  if (!definition) {
    for (const name in f) if (typeof f[name] === 'number') result[name] = f[name];
    return result;
  }
  for (const sum of definition.sums) {
    if (sum.when) {
      const choice = definition.fields.find((c) => c.name === sum.when!.field) as ChoiceField;
      if ((typeof f[choice.name] === 'string' ? f[choice.name] : choice.default) !== sum.when.is) continue;
    }
    const field = definition.fields.find((c) => c.name === sum.of) as NumberField;
    const value = numberOr(f[field.name], field.default);
    if (value !== undefined) result[sum.name] = value;
  }
  return result;
}
