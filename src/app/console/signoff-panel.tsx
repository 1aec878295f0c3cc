import { useState } from 'preact/hooks';
import { formatDateTimeVi } from '../../shared/format';
import { HISTORY_ACTION_LABELS } from '../../shared/history';
import { addDays, parsePeriodCode, periodLabel } from '../../shared/period';
import type { Report } from '../../shared/report';
import {
  completenessLine,
  SIGNOFF_TEXT,
  type SignoffSummary,
  type SignoffUnit,
  statusText,
  timelinessText,
} from '../../shared/signoff';
import { compareFigures, ownDueText } from '../../shared/signoff-figures';
import type { ConsoleApi } from '../sync/console-api';
import { consoleLanguage, ct } from './messages';
import { useLoad } from './use-load';

const say = (text: { vi: string; en: string }, params: Record<string, string> = {}) =>
  text[consoleLanguage()].replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? '');

/** A unit's sign-off in a grid cell: its status, on time or not, and a change after approval. */
export function SignoffCell(props: { unit: SignoffUnit | undefined }) {
  const { unit } = props;
  if (!unit) return <td>—</td>;
  const language = consoleLanguage();
  return (
    <td class={`signoff-cell signoff-${unit.status ?? 'none'}`} data-signoff={unit.status ?? 'none'}>
      {statusText(unit.status, language)}
      {unit.status && <small> · {timelinessText(unit.timeliness, language)}</small>}
      {unit.changedAfterApproval && <span class="tag changed-after">{say(SIGNOFF_TEXT.changedAfterApproval)}</span>}
    </td>
  );
}

/** The columns the report's section and the sign-off panel share: unit, status, submitted, figures. */
function SignoffColumns() {
  return (
    <>
      <th>{ct('dash.unit')}</th>
      <th>{ct('signoff.status')}</th>
      <th>{ct('signoff.submittedAt')}</th>
      <th>
        {say(SIGNOFF_TEXT.approvedFigure)} / {say(SIGNOFF_TEXT.currentFigure)}
      </th>
    </>
  );
}

/**
 * The report's section on the period's sign-off: the count ("18/21 xã gửi báo cáo đúng hạn") and
 * per commune its status, on time or not, and the approved figures beside the current ones.
 */
export function SignoffSection(props: { signoff: SignoffSummary; heading: string }) {
  const { signoff } = props;
  if (signoff.units.length === 0) return null;
  const language = consoleLanguage();
  return (
    <section class="signoff-section">
      <h3>{props.heading}</h3>
      <p class="completeness">{completenessLine(signoff)}</p>
      <table class="data signoff">
        <thead>
          <tr>
            <SignoffColumns />
          </tr>
        </thead>
        <tbody>
          {signoff.units.map((unit) => (
            <tr key={unit.unitId}>
              <td>{unit.name}</td>
              <td>
                {statusText(unit.status, language)}
                {unit.status && ` · ${timelinessText(unit.timeliness, language)}`}
                {unit.changedAfterApproval && ` (${say(SIGNOFF_TEXT.changedAfterApproval)})`}
                {/* The communes' plans set different days: each row says its own. */}
                {ownDueText(signoff, unit, language) && ` · ${ownDueText(signoff, unit, language)}`}
              </td>
              <td>{unit.firstSubmittedAt ? formatDateTimeVi(unit.firstSubmittedAt) : '—'}</td>
              <td>{compareFigures(unit.approvedTotals, unit.currentTotals) || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/**
 * The period's sign-off for a supervisor: each commune's submission (on time, late, missing), its
 * approved figures beside the current ones, approve or return with a comment, the period's
 * history, and a nudge to the units that are behind.
 */
export function SignoffPanel(props: {
  api: ConsoleApi;
  report: Report;
  /** Units the grid shows behind or not synced lately: ticked for a nudge at first. */
  behind: readonly string[];
  onChanged: () => void;
}) {
  const signoff = props.report.signoff;
  const code = props.report.period.code;
  const basis = props.report.period.basis;
  const label = periodLabel(parsePeriodCode(code)!, 'vi');
  const [returning, setReturning] = useState<string | null>(null);
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(
    () =>
      new Set(
        (signoff?.units ?? [])
          .filter((u) => u.status === null || u.status === 'returned' || props.behind.includes(u.unitId))
          .map((u) => u.unitId),
      ),
  );
  const [message, setMessage] = useState(() => {
    if (!signoff) return '';
    // "trước 16/9": the day after the last day on time, as officers write it (no zeros, no year).
    const [, month, day] = addDays(signoff.dueDate, 1).split('-').map(Number);
    return `Đề nghị cập nhật số liệu ${label} trước ${day}/${month}`;
  });
  const [showHistory, setShowHistory] = useState(false);
  const history = useLoad(
    async () => (showHistory ? props.api.periodHistory(props.report.unit.id, code, basis) : null),
    [showHistory, code, basis, props.report],
  );
  if (!signoff || signoff.units.length === 0) return null;

  const act = async (work: () => Promise<unknown>, done?: string) => {
    setError(null);
    setNotice(null);
    try {
      await work();
      if (done) setNotice(done);
      props.onChanged();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  const toggle = (unitId: string) => {
    const next = new Set(selected);
    if (next.has(unitId)) next.delete(unitId);
    else next.add(unitId);
    setSelected(next);
  };

  return (
    <section class="signoff-panel" aria-label={ct('signoff.title')}>
      <h2>{ct('signoff.title')}</h2>
      <p class="completeness" data-testid="completeness">
        {completenessLine(signoff)}
      </p>
      {error && (
        <p class="console-error" role="alert">
          {error}
        </p>
      )}
      {notice && <p role="status">{notice}</p>}
      <div class="table-wrap">
        <table class="data signoff">
          <thead>
            <tr>
              <th>
                <span class="visually-hidden">{say(SIGNOFF_TEXT.nudge)}</span>
              </th>
              <SignoffColumns />
              <th>{ct('signoff.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {signoff.units.map((unit) => (
              <tr key={unit.unitId} data-unit={unit.unitId}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`${say(SIGNOFF_TEXT.nudge)}: ${unit.name}`}
                    checked={selected.has(unit.unitId)}
                    onChange={() => toggle(unit.unitId)}
                  />
                </td>
                <th scope="row">{unit.name}</th>
                <SignoffCell unit={unit} />
                <td>
                  {unit.firstSubmittedAt ? formatDateTimeVi(unit.firstSubmittedAt) : '—'}
                  {unit.comment && <small class="signoff-comment"> · {unit.comment}</small>}
                </td>
                <td>{compareFigures(unit.approvedTotals, unit.currentTotals) || '—'}</td>
                <td>
                  {unit.status === 'submitted' && unit.submissionId && returning !== unit.unitId && (
                    <>
                      <button
                        type="button"
                        class="primary"
                        onClick={() => void act(() => props.api.approveSubmission(unit.submissionId!))}
                      >
                        {say(SIGNOFF_TEXT.approve)}
                      </button>{' '}
                      <button
                        type="button"
                        onClick={() => {
                          setReturning(unit.unitId);
                          setComment('');
                        }}
                      >
                        {say(SIGNOFF_TEXT.giveBack)}
                      </button>
                    </>
                  )}
                  {returning === unit.unitId && unit.submissionId && (
                    <form
                      onSubmit={(e) => {
                        e.preventDefault();
                        if (!comment.trim()) {
                          setError(say(SIGNOFF_TEXT.commentNeeded));
                          return;
                        }
                        void act(() => props.api.returnSubmission(unit.submissionId!, comment.trim())).then(() =>
                          setReturning(null),
                        );
                      }}
                    >
                      <label>
                        {say(SIGNOFF_TEXT.comment)}{' '}
                        <input value={comment} onInput={(e) => setComment((e.target as HTMLInputElement).value)} />
                      </label>{' '}
                      <button type="submit">{say(SIGNOFF_TEXT.giveBack)}</button>{' '}
                      <button type="button" onClick={() => setReturning(null)}>
                        {ct('cancel')}
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form
        class="nudge-form no-print"
        onSubmit={(e) => {
          e.preventDefault();
          void act(async () => {
            const sent = await props.api.sendNudge([...selected], message.trim());
            setNotice(say(SIGNOFF_TEXT.nudgeSent, { n: String(sent) }));
          });
        }}
      >
        <label>
          {say(SIGNOFF_TEXT.nudge)} ({ct('signoff.selected', { n: selected.size })}){' '}
          <input
            class="wide"
            maxLength={300}
            value={message}
            onInput={(e) => setMessage((e.target as HTMLInputElement).value)}
          />
        </label>{' '}
        <button type="submit" disabled={selected.size === 0 || !message.trim()}>
          {say(SIGNOFF_TEXT.nudge)}
        </button>
      </form>
      <details onToggle={(e) => setShowHistory((e.target as HTMLDetailsElement).open)}>
        <summary>{say(SIGNOFF_TEXT.history)}</summary>
        {history.value && history.value.length === 0 && <p>{ct('signoff.noHistory')}</p>}
        {history.value && (
          <ol class="period-history">
            {history.value.map((event, i) => (
              <li key={`${event.submissionId}-${event.action}-${i}`}>
                {formatDateTimeVi(event.at)} · {event.unitName} · {say(HISTORY_ACTION_LABELS[event.action])}
                {event.deviceName && ` (${event.deviceName})`}
                {event.comment && `: ${event.comment}`}
              </li>
            ))}
          </ol>
        )}
      </details>
    </section>
  );
}
