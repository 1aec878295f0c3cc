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

/** The row values of an activity, JSON columns serialised. */
export function rowValuesOf(activity: Activity, updatedAt: string) {
  return {
    id: activity.id,
    unit_id: activity.unitId,
    kind: activity.kind,
    date: activity.date,
    task_id: activity.taskId ?? null,
    plan_id: activity.planId ?? null,
    title: activity.title,
    topics: activity.topics ? JSON.stringify(activity.topics) : null,
    figures: JSON.stringify(activity.figures),
    note: activity.note ?? null,
    location: activity.location ? JSON.stringify(activity.location) : null,
    device_id: activity.deviceId,
    created_at: activity.createdAt,
    received_at: activity.receivedAt,
    version: activity.version,
    voided: activity.voided,
    void_reason: activity.voidReason ?? null,
    updated_at: updatedAt,
  };
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
