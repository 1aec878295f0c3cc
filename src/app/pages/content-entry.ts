import type { ActivityKind } from '../../shared/activity';
import type { ContentItem } from '../../shared/content';
import { vietnamDateOf } from '../../shared/format';
import { kindDefinition } from '../../shared/kinds';
import type { Unit } from '../../shared/unit';
import type { EntryDraft } from '../db/database';

// The entries the content screen writes for the person in one tap (issue 15): the broadcast that
// relayed an item, and the material received of one. Every figure comes from the kinds'
// definition (`source`, `contentId`, `direction`, `copies`).

/**
 * The unit an entry of `kind` about an item is logged for, so that it counts where the plans and
 * upstream count it: the phone's own unit when the item was sent to it; else, of the units of the
 * phone's scope it was sent to, the one whose kind logs that kind most (the kinds' `usualFor`: the
 * station for a broadcast, the post-office point for material). Undefined: the phone's own.
 */
export function loggedFor(
  forUnitIds: readonly string[],
  kind: ActivityKind,
  phoneUnitId: string | null,
  units: readonly Pick<Unit, 'id' | 'kind'>[],
): string | undefined {
  if (phoneUnitId === null || forUnitIds.includes(phoneUnitId)) return undefined;
  const usual = kindDefinition(kind)?.usualFor ?? [];
  const rank = (unit: Pick<Unit, 'kind'>) => {
    const at = usual.indexOf(unit.kind);
    return at === -1 ? usual.length : at;
  };
  const addressed = units.filter((u) => forUnitIds.includes(u.id)).sort((a, b) => rank(a) - rank(b));
  return addressed[0]?.id;
}

/** "HH:MM" in Vietnam. */
export function vietnamTimeOf(at: Date): string {
  return new Date(at.getTime() + 7 * 3600_000).toISOString().slice(11, 16);
}

/** The broadcast's time of day by the hour in Vietnam: before 11 morning, to 13 noon, to 18 afternoon. */
export function timeOfDayAt(at: Date): 'sang' | 'trua' | 'chieu' | 'toi' {
  const hour = Number(vietnamTimeOf(at).slice(0, 2));
  if (hour < 11) return 'sang';
  if (hour < 13) return 'trua';
  if (hour < 18) return 'chieu';
  return 'toi';
}

/** Minutes from seconds really played, to a tenth (a 3-second test tone is 0.1). */
export function minutesPlayed(seconds: number): number {
  return Math.max(0.1, Math.round((seconds / 60) * 10) / 10);
}

function planOfItem(item: ContentItem, planOf: (taskId: string) => string | undefined): string | null {
  if (!item.taskId) return null;
  return item.planId ?? planOf(item.taskId) ?? null;
}

/** The broadcast entry of an item aired for `seconds` ending at `at`. */
export function relayDraft(
  item: ContentItem,
  seconds: number,
  at: Date,
  planOf: (taskId: string) => string | undefined,
  note: string,
): EntryDraft {
  const draft: EntryDraft = {
    kind: 'broadcast',
    date: vietnamDateOf(at),
    title: item.title,
    figures: {
      sessions: 1,
      minutes: minutesPlayed(seconds),
      source: 'relay',
      timeOfDay: timeOfDayAt(at),
      contentId: item.id,
    },
    taskId: item.taskId ?? null,
    planId: planOfItem(item, planOf),
    note,
    location: null,
  };
  if (item.topics && item.topics.length > 0) draft.topics = [...item.topics];
  return draft;
}

/** The material entry of `copies` of an item received at `at`. */
export function receivedDraft(
  item: ContentItem,
  copies: number,
  at: Date,
  planOf: (taskId: string) => string | undefined,
): EntryDraft {
  return {
    kind: 'material',
    date: vietnamDateOf(at),
    title: item.title,
    figures: { direction: 'received', copies, contentId: item.id },
    taskId: item.taskId ?? null,
    planId: planOfItem(item, planOf),
    note: null,
    location: null,
  };
}
