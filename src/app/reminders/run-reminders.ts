import { vietnamDateOf } from '../../shared/format';
import { addDays, periodContaining, periodRange } from '../../shared/period';
import { activeRangeOf } from '../../shared/progress';
import { type Reminder, reminderOn } from '../../shared/reminders';
import { type AppDatabase, type Meta, readMeta, type StoredReminder, writeMeta } from '../db/database';
import { factsBetween, loadScope } from '../db/queries';
import { submittedReports } from '../db/signoff';

/** How many days ahead the service worker is given reminders for (Periodic Background Sync). */
export const PLANNED_DAYS = 14;

/** The tag of the reminders' notification and of their periodic sync. */
export const REMINDER_TAG = 'cchc-reminders';

/**
 * Works out today's reminder from the phone's data and shows it: as the banner (kept in meta until
 * dismissed) and, once a day, as a notification when the person allows them. Also leaves the
 * reminders of the coming days for the service worker, which shows them when the browser wakes it
 * (Periodic Background Sync) while the app is closed. Runs at app open and after each sync; does
 * nothing when reminders are off or the device is not a field phone.
 */
export async function runReminders(db: AppDatabase, now: Date = new Date()): Promise<StoredReminder | null> {
  const meta = await readMeta(db);
  if (!meta.token || !meta.unitId || meta.role === 'supervisor') return null;
  const today = vietnamDateOf(now);
  if (meta.remindersOff) {
    await writeMeta(db, { reminder: null, reminderPlan: [] });
    return null;
  }
  const [{ units, plans }, submissions] = await Promise.all([
    loadScope(db),
    submittedReports(db, meta.unitId, meta.basis),
  ]);
  let from = periodRange(periodContaining(today, 'year', meta.basis), meta.basis).from;
  for (const plan of plans)
    for (const task of plan.tasks) {
      const active = activeRangeOf(task, plan.year, meta.basis);
      if (active.from < from && active.to >= today) from = active.from;
    }
  const facts = await factsBetween(db, from, addDays(today, PLANNED_DAYS));
  const reports = new Map();
  const on = (day: string): Reminder | null =>
    reminderOn({ unitId: meta.unitId!, units, plans, facts, today: day, basis: meta.basis, reports, submissions });

  const found = on(today);
  const plan: StoredReminder[] = [];
  for (let i = 1; i <= PLANNED_DAYS; i++) {
    const day = addDays(today, i);
    const reminder = on(day);
    if (reminder) plan.push({ on: day, title: reminder.title, lines: [...reminder.lines] });
  }
  const patch: Partial<Meta> = { reminderPlan: plan };
  let shown: StoredReminder | null = null;
  if (found) {
    // Dismissed today stays dismissed; its lines follow the figures.
    const dismissed = meta.reminder?.on === today && meta.reminder.dismissed === true;
    shown = { on: today, title: found.title, lines: [...found.lines], ...(dismissed ? { dismissed } : {}) };
    if (meta.lastReminderOn !== today) {
      patch.lastReminderOn = today;
      await notify(shown);
    }
  }
  patch.reminder = shown;
  await writeMeta(db, patch);
  return shown;
}

/** Shows a reminder as a notification when the person allows them; the banner shows it anyway. */
export async function notify(reminder: StoredReminder): Promise<void> {
  await showNotification(reminder.title, reminder.lines, { tag: REMINDER_TAG, url: '/#/report' });
}

/** Hides today's banner; the next day's reminder shows again. */
export async function dismissReminder(db: AppDatabase): Promise<void> {
  const meta = await readMeta(db);
  if (meta.reminder) await writeMeta(db, { reminder: { ...meta.reminder, dismissed: true } });
}

/**
 * Shows a notification when the person allows them: through the service worker's registration
 * where one is active (the only way Chrome on Android shows one, and a tap then reaches the
 * worker's `notificationclick`, which opens the app at `url`), else with the page's own
 * constructor. True when shown; false when not allowed, so the caller may try again later. The
 * reminders and the supervisors' nudges both show theirs here; the banners show them anyway.
 */
export async function showNotification(
  title: string,
  lines: readonly string[],
  options: { tag: string; url: string },
): Promise<boolean> {
  const NotificationApi = (globalThis as { Notification?: typeof Notification }).Notification;
  if (NotificationApi?.permission !== 'granted') return false;
  const shown: NotificationOptions = {
    body: lines.join('\n'),
    tag: options.tag,
    icon: '/icons/icon-192.png',
    data: { url: options.url },
  };
  const registration = await navigator.serviceWorker?.getRegistration().catch(() => undefined);
  if (registration?.active) {
    await registration.showNotification(title, shown);
    return true;
  }
  try {
    new NotificationApi(title, shown);
    return true;
  } catch {
    return false;
  }
}
