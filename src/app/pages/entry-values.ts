import type { ActivityInput, ActivityKind, Figures } from '../../shared/activity';
import { KIND_DEFINITIONS, kindDefinition } from '../../shared/kinds';
import { topicsFromText } from '../../shared/topics';
import type { EntryDraft } from '../db/database';
import { type FormValues, figureText } from '../ui/entry-form';

/** What a choice's buttons show before the person picks: the form's first choice, else the default. */
function preselected(field: { initial?: string; default?: string }): string {
  return field.initial ?? field.default ?? '';
}

/** Empty form values for a new entry of a date: no figure typed, every choice at its first pick. */
export function blankValues(date: string): FormValues {
  const values: FormValues = { date, title: '', taskId: '', topics: '', note: '', location: null };
  // Figure names are shared between kinds ("minutes"); each form reads only its own.
  for (const kind of KIND_DEFINITIONS) {
    for (const field of kind.fields) {
      if (field.name in values) continue;
      values[field.name] = field.type === 'choice' ? preselected(field) : '';
    }
  }
  return values;
}

/** Form values of a stored entry; `date` replaces the entry's date ("log again"). */
export function valuesOf(
  entry: Pick<ActivityInput, 'date' | 'title' | 'figures' | 'taskId' | 'topics' | 'note' | 'location'>,
  date = entry.date,
): FormValues {
  const values = blankValues(date);
  for (const [name, value] of Object.entries(entry.figures)) {
    if (typeof value === 'number') values[name] = String(value);
    else if (typeof value === 'string') values[name] = value;
  }
  values.title = entry.title;
  values.taskId = entry.taskId ?? '';
  values.topics = (entry.topics ?? []).join(', ');
  values.note = entry.note ?? '';
  values.location = entry.location ?? null;
  return values;
}

/** The entry a form describes. `planOf` names the plan of a task. */
export function draftOf(
  kind: ActivityKind,
  v: FormValues,
  planOf: (taskId: string) => string | undefined,
  id?: string,
): EntryDraft {
  const figures: Figures = {};
  for (const field of kindDefinition(kind)!.fields) {
    const text = figureText(v, field.name).trim();
    if (field.type === 'number') {
      // A count the form does not ask (one broadcast is one session) is written as it counts.
      if (text !== '') figures[field.name] = Number(text);
      else if (!field.asked && field.default !== undefined) figures[field.name] = field.default;
    } else if (field.type === 'choice') {
      const chosen = field.options.some((o) => o.id === text) ? text : preselected(field);
      if (chosen !== '') figures[field.name] = chosen;
    } else if (text !== '') figures[field.name] = text;
  }
  const topics = topicsFromText(v.topics);
  const draft: EntryDraft = {
    kind,
    date: v.date,
    title: v.title.trim().normalize('NFC'),
    figures: figures as Record<string, number | string>,
    taskId: v.taskId || null,
    planId: v.taskId ? (planOf(v.taskId) ?? null) : null,
    note: v.note.trim() ? v.note.trim().normalize('NFC') : null,
    location: v.location,
  };
  if (topics.length > 0) draft.topics = topics;
  if (id) draft.id = id;
  return draft;
}
