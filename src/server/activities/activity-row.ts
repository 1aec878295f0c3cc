import type { Activity, ActivityKind } from '../../shared/activity';
import type { ActivityRow } from '../db/schema';

/** The domain activity of a row; optional fields the phone left out stay out. */
export function activityOf(row: ActivityRow): Activity {
  const activity: Activity = {
    id: row.id,
    unitId: row.unit_id,
    kind: row.kind as ActivityKind,
    date: row.date,
    taskId: row.task_id,
    planId: row.plan_id,
    title: row.title,
    figures: row.figures,
    note: row.note,
    location: row.location,
    deviceId: row.device_id,
    createdAt: row.created_at,
    receivedAt: row.received_at,
    version: row.version,
    voided: row.voided,
    voidReason: row.void_reason,
  };
  if (row.topics) activity.topics = row.topics;
  return activity;
}

/** The columns `jsonRowOf` fills, in its order (`updated_at` is the batch's own time stamp). */
export const JSON_ROW_COLUMNS = [
  'id',
  'unit_id',
  'kind',
  'date',
  'task_id',
  'plan_id',
  'title',
  'topics',
  'figures',
  'note',
  'location',
  'device_id',
  'created_at',
  'received_at',
  'version',
  'voided',
  'void_reason',
] as const;

/**
 * The row of an activity for a JSON batch parameter, as an array in the order of
 * `JSON_ROW_COLUMNS`: JSON columns stay JSON.
 */
export function jsonRowOf(activity: Activity) {
  return [
    activity.id,
    activity.unitId,
    activity.kind,
    activity.date,
    activity.taskId ?? null,
    activity.planId ?? null,
    activity.title,
    activity.topics ?? null,
    activity.figures,
    activity.note ?? null,
    activity.location ?? null,
    activity.deviceId,
    activity.createdAt,
    activity.receivedAt,
    activity.version,
    activity.voided,
    activity.voidReason ?? null,
  ];
}

/**
 * What an entry says, without who sent it or when: two uploads of the same entry (a phone's
 * export imported elsewhere, then the phone itself) compare equal.
 */
export function contentKey(activity: Omit<Activity, 'version' | 'voided' | 'receivedAt'>): string {
  const figures = Object.fromEntries(Object.entries(activity.figures).sort(([a], [b]) => a.localeCompare(b)));
  return JSON.stringify([
    activity.unitId,
    activity.kind,
    activity.date,
    activity.taskId ?? null,
    activity.planId ?? null,
    activity.title,
    activity.topics ?? [],
    figures,
    activity.note ?? null,
    activity.location ? [activity.location.lat, activity.location.lon] : null,
  ]);
}
