import type { AppDatabase, StoredReminder } from '../db/database';
import { tr } from '../i18n/report-messages';
import { dismissReminder } from './run-reminders';

/** Today's reminder at the top of the app, until the person marks it seen. */
export function ReminderBanner(props: { db: AppDatabase; reminder: StoredReminder }) {
  return (
    <section class="reminder-banner" role="status" data-testid="reminder">
      <strong>{props.reminder.title}</strong>
      <ul>
        {props.reminder.lines.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <p>
        <a class="button secondary" href="#/report">
          {tr('openReport')}
        </a>{' '}
        <button type="button" class="secondary" onClick={() => void dismissReminder(props.db)}>
          {tr('dismiss')}
        </button>
      </p>
    </section>
  );
}
