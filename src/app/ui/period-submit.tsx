import { useState } from 'preact/hooks';
import { formatDateTimeVi, formatDateVi } from '../../shared/format';
import {
  type DueDatePlan,
  type Period,
  type PeriodBasis,
  formatPeriodCode,
  periodLabel,
  unitReportDueDate,
} from '../../shared/period';
import { SIGNOFF_TEXT, statusText } from '../../shared/signoff';
import { useLiveQuery } from '../db/live';
import { dismissNudge, latestSubmission, openNudges, queueSubmission } from '../db/signoff';
import { uuidv7 } from '../db/uuid';
import { language, t } from '../i18n/messages';
import { useServices } from '../services';

const say = (text: { vi: string; en: string }, params: Record<string, string> = {}) =>
  text[language()].replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? '');

/**
 * "Gửi báo cáo kỳ": the unit submits the period shown, offline if need be (the submission waits on
 * the phone and goes up with the next sync, at its place among the changes), and sees the
 * supervisor's answer after a later sync: awaiting, approved, or returned with the comment. Its due date is the one `plans` (those the phone
 * holds) set, as the server judges it.
 */
export function PeriodSubmit(props: {
  unitId: string;
  period: Period;
  basis: PeriodBasis;
  plans: readonly DueDatePlan[];
}) {
  const { db, scheduler } = useServices();
  const code = formatPeriodCode(props.period);
  const latest = useLiveQuery(() => latestSubmission(db, code, props.basis), [code, props.basis], null);
  const [confirming, setConfirming] = useState(false);
  const label = periodLabel(props.period, language());
  const status = latest?.state === 'queued' ? null : (latest?.server?.status ?? null);
  const submit = async () => {
    setConfirming(false);
    await queueSubmission(db, {
      id: uuidv7(),
      unitId: props.unitId,
      period: code,
      basis: props.basis,
      submittedAt: new Date().toISOString(),
      note: null,
    });
    scheduler.afterSave();
    // The banner stops reminding of a report now submitted, offline too.
    void import('../reminders/run-reminders').then((m) => m.runReminders(db)).catch(() => undefined);
  };
  const canSubmit = !latest || latest.error || status === 'returned';
  return (
    <section
      class="period-submit"
      aria-label={say(SIGNOFF_TEXT.submit)}
      data-status={latest?.state === 'queued' ? 'queued' : (status ?? 'none')}
    >
      <h2>
        {say(SIGNOFF_TEXT.submit)}: {label}
      </h2>
      <p class="due">
        {say(SIGNOFF_TEXT.due, { date: formatDateVi(unitReportDueDate(props.period, props.basis, props.plans)) })}
      </p>
      {latest?.state === 'queued' ? (
        <p class="signoff-status" role="status">
          {say(SIGNOFF_TEXT.queued)}
        </p>
      ) : latest?.error ? (
        <p class="signoff-status error" role="alert">
          {latest.error}
        </p>
      ) : (
        <p class="signoff-status" role="status">
          <strong>{statusText(status, language())}</strong>
          {latest?.server?.submittedAt && ` · ${formatDateTimeVi(latest.server.submittedAt)}`}
        </p>
      )}
      {status === 'returned' && latest?.server?.comment && (
        <p class="signoff-comment">
          {say(SIGNOFF_TEXT.comment)}: {latest.server.comment}
        </p>
      )}
      {canSubmit &&
        (confirming ? (
          <div class="confirm">
            <p>{say(SIGNOFF_TEXT.submitConfirm, { period: label })}</p>
            <button type="button" class="primary" onClick={() => void submit()}>
              {say(latest ? SIGNOFF_TEXT.resubmit : SIGNOFF_TEXT.submit)}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              {t('form.cancel')}
            </button>
          </div>
        ) : (
          <button type="button" class="primary" onClick={() => setConfirming(true)}>
            {say(latest ? SIGNOFF_TEXT.resubmit : SIGNOFF_TEXT.submit)}
          </button>
        ))}
    </section>
  );
}

/** The supervisors' nudges the person has not dismissed, newest first, as a banner. */
export function NudgeBanner() {
  const { db } = useServices();
  const nudges = useLiveQuery(() => openNudges(db), [], []);
  if (nudges.length === 0) return null;
  return (
    <section class="nudge-banner" role="status" aria-label={say(SIGNOFF_TEXT.nudges)}>
      <h2>{say(SIGNOFF_TEXT.nudges)}</h2>
      <ul>
        {nudges.map((nudge) => (
          <li key={nudge.id}>
            <span>
              <strong>{nudge.fromName}</strong> ({formatDateTimeVi(nudge.createdAt)}): {nudge.message}
            </span>
            <button type="button" onClick={() => void dismissNudge(db, nudge.id)}>
              {say(SIGNOFF_TEXT.dismiss)}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
