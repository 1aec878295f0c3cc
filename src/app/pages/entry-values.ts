import type { ActivityInput, ActivityKind, Figures } from '../../shared/activity';
import type { EntryDraft } from '../db/database';
import type { FormValues } from '../ui/entry-form';

/** Empty form values for a new entry of a date. */
export function blankValues(date: string): FormValues {
  return {
    date,
    title: '',
    timeOfDay: 'sang',
    minutes: '',
    source: 'own',
    direction: 'distributed',
    copies: '',
    participants: '',
    sessions: '',
    items: '',
    taskId: '',
    topics: '',
    note: '',
    location: null,
  };
}

const str = (value: unknown) => (typeof value === 'number' ? String(value) : '');

/** Form values of a stored entry; `date` replaces the entry's date ("log again"). */
export function valuesOf(
  entry: Pick<ActivityInput, 'date' | 'title' | 'figures' | 'taskId' | 'topics' | 'note' | 'location'>,
  date = entry.date,
): FormValues {
  const f = entry.figures;
  return {
    date,
    title: entry.title,
    timeOfDay: typeof f.timeOfDay === 'string' ? f.timeOfDay : 'sang',
    minutes: str(f.minutes),
    source: f.source === 'relay' ? 'relay' : 'own',
    direction: f.direction === 'received' ? 'received' : 'distributed',
    copies: str(f.copies),
    participants: str(f.participants),
    sessions: str(f.sessions),
    items: str(f.items),
    taskId: entry.taskId ?? '',
    topics: (entry.topics ?? []).join(', '),
    note: entry.note ?? '',
    location: entry.location ?? null,
  };
}

/** The entry a form describes. `planOf` names the plan of a task. */
export function draftOf(
  kind: ActivityKind,
  v: FormValues,
  planOf: (taskId: string) => string | undefined,
  id?: string,
): EntryDraft {
  const figures: Figures = {};
  const num = (text: string) => (text.trim() === '' ? undefined : Number(text));
  switch (kind) {
    case 'broadcast':
      figures.sessions = 1;
      if (num(v.minutes) !== undefined) figures.minutes = num(v.minutes);
      figures.source = v.source;
      figures.timeOfDay = v.timeOfDay;
      break;
    case 'material':
      figures.copies = Number(v.copies);
      figures.direction = v.direction;
      break;
    case 'training':
    case 'meeting':
    case 'contest':
      figures.sessions = num(v.sessions) ?? 1;
      if (num(v.participants) !== undefined) figures.participants = num(v.participants);
      break;
    default:
      figures.items = num(v.items) ?? 1;
  }
  for (const key of Object.keys(figures)) if (figures[key] === undefined) delete figures[key];
  const topics = v.topics
    .split(',')
    .map((s) => s.trim().normalize('NFC'))
    .filter(Boolean);
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
