import { formatDateTimeVi, formatDateVi, formatNumberVi, formatVnd } from '../../shared/format';
import { SignoffSection } from './signoff-panel';
import { TASK_STATUS_LABELS, type TaskStatus } from '../../shared/progress';
import type { Report } from '../../shared/report';
import {
  DEFAULT_SIGNER,
  DOCUMENT_KIND,
  defaultHeading,
  describeRange,
  issuerLines,
  NATIONAL_MOTTO,
  NATIONAL_TITLE,
  placeAndDate,
  recipientLines,
  reportSubtitle,
  planHeadingText,
  tasksByPlan,
} from '../../shared/report-layout';
import { targetCell, FIGURE_LINES, figureValue, unitColumnsOf } from '../../shared/report-lines';
import type { DrillTarget } from './drilldown';
import { Figure } from './drilldown';
import { tx } from '../i18n/messages';
import { ct } from './messages';
import { barPercent } from './progress-grid';

/** Opens the entries behind a figure; the view fills in the filter, the screen the period. */
export type OnDrill = (target: Omit<DrillTarget, 'period' | 'basis' | 'closesOn'>) => void;

/** CSS class of a status, for its colour. */
export function statusClass(status: TaskStatus): string {
  return `status status-${status.replace('_', '-')}`;
}

/** A status as a coloured label. */
export function StatusTag(props: { status: TaskStatus }) {
  return <span class={statusClass(props.status)}>{tx(TASK_STATUS_LABELS[props.status])}</span>;
}

function share(share: number | null): string {
  return share === null ? '—' : `${formatNumberVi(Math.round(share * 1000) / 10)}%`;
}

// On screen a province has hundreds of uncovered communes: show the first few, the rest on demand.
const UNCOVERED_SHOWN = 12;

/** The units an indicator does not cover yet, shortened on screen. */
export function UncoveredList(props: { coverage: Report['coverage'][number]; isFull?: boolean }) {
  const c = props.coverage;
  if (c.eligible === 0) return <small>{ct('dash.noneEligible')}</small>;
  if (c.uncovered.length === 0) return <small>{ct('dash.allCovered')}</small>;
  const names = c.uncovered.map((u) => u.name);
  if (props.isFull || names.length <= UNCOVERED_SHOWN)
    return <small>{ct('dash.uncovered', { names: names.join(', ') })}</small>;
  return (
    <small>
      {ct('dash.uncovered', { names: names.slice(0, UNCOVERED_SHOWN).join(', ') })}
      <details>
        <summary>{ct('dash.more', { n: names.length - UNCOVERED_SHOWN })}</summary>
        {names.slice(UNCOVERED_SHOWN).join(', ')}
      </details>
    </small>
  );
}

/** The administrative header of the printed report, as the .docx lays it: issuer and number left, national motto right. */
function PrintHeader(props: { report: Report }) {
  const heading = defaultHeading(props.report, props.report.asOf);
  return (
    <div class="doc-header">
      <div class="doc-issuer">
        {issuerLines(heading).map((text) => (
          <div class="strong" key={text}>
            {text}
          </div>
        ))}
        <div class="rule" />
        <div class="pre">{heading.number}</div>
      </div>
      <div class="doc-motto">
        <div class="strong">{NATIONAL_TITLE}</div>
        <div class="strong">{NATIONAL_MOTTO}</div>
        <div class="rule" />
        <div class="italic">{placeAndDate(heading)}</div>
      </div>
    </div>
  );
}

/** The period report as tables; figures open their entries when `onDrill` is given; `printable` adds the document header. */
export function ReportView(props: { report: Report; onDrill?: OnDrill; printable?: boolean }) {
  const { report, onDrill } = props;
  const drill = (heading: string, filter: Partial<DrillTarget>) =>
    onDrill ? () => onDrill({ heading, unitId: report.unit.id, ...filter }) : undefined;
  const maxEntries = Math.max(1, ...report.byUnit.map((r) => r.entries));
  const columns = unitColumnsOf(report.totals);
  return (
    <article class={props.printable ? 'report-doc printable' : 'report-doc'}>
      {props.printable && <PrintHeader report={report} />}
      <h2 class="doc-title">
        {DOCUMENT_KIND}
        <br />
        {reportSubtitle(report)}
      </h2>
      <p class="doc-range">
        {describeRange(report)}. {ct('report.asOf', { date: formatDateVi(report.asOf) })}.{' '}
        {ct('report.entries', { n: formatNumberVi(report.entries) })}.
      </p>
      <p class={report.late > 0 ? 'late-note' : ''}>
        {report.late > 0 ? (
          <>
            <Figure value={report.late} onOpen={drill(ct('drill.late'), { late: true })} />{' '}
            {ct('report.lateAfter', { date: formatDateVi(report.period.to) })}
          </>
        ) : (
          ct('report.noLate')
        )}
      </p>

      <h3>I. {ct('report.totals')}</h3>
      <table class="data totals">
        <thead>
          <tr>
            <th>STT</th>
            <th>{ct('report.figure')}</th>
            <th>{ct('report.unitOf')}</th>
            <th>{ct('report.value')}</th>
          </tr>
        </thead>
        <tbody>
          {FIGURE_LINES.map((line) => {
            const value = figureValue(report.totals, line);
            return (
              <tr key={`${line.kind}.${line.figure}`} class={line.part ? 'part' : undefined}>
                <td class="c">{line.ordinal}</td>
                <td>{line.label}</td>
                <td class="c">{line.unitLabel}</td>
                <td class="r">
                  <Figure value={value} onOpen={value > 0 ? drill(line.label, { kind: line.kind }) : undefined} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>

      <h3>II. {ct('report.byUnit')}</h3>
      <div class="table-wrap">
        <table class="data by-unit">
          <thead>
            <tr>
              <th>{ct('dash.unit')}</th>
              {columns.map((c) => (
                <th key={`${c.kind}.${c.figure}`}>{c.short}</th>
              ))}
              <th>{ct('dash.entries')}</th>
              <th>{ct('dash.late')}</th>
            </tr>
          </thead>
          <tbody>
            {report.byUnit.map((row) => (
              <tr key={row.unitId} class={row.late > 0 ? 'has-late' : ''}>
                <td>{row.name}</td>
                {columns.map((c) => {
                  const value = figureValue(row.totals, c);
                  return (
                    <td class="r" key={`${c.kind}.${c.figure}`}>
                      <Figure
                        value={value}
                        onOpen={
                          value > 0 && onDrill
                            ? () => onDrill({ heading: `${row.name} — ${c.label}`, unitId: row.unitId, kind: c.kind })
                            : undefined
                        }
                      />
                    </td>
                  );
                })}
                <td class="r entries-cell">
                  <Figure
                    value={row.entries}
                    onOpen={
                      row.entries > 0 && onDrill ? () => onDrill({ heading: row.name, unitId: row.unitId }) : undefined
                    }
                  />
                  {!props.printable && (
                    <span
                      class="bar no-print"
                      aria-hidden="true"
                      style={{ width: `${barPercent(row.entries, maxEntries)}%` }}
                    />
                  )}
                </td>
                <td class={row.late > 0 ? 'r late' : 'r'}>
                  <Figure
                    value={row.late}
                    onOpen={
                      row.late > 0 && onDrill
                        ? () =>
                            onDrill({ heading: `${row.name} — ${ct('drill.late')}`, unitId: row.unitId, late: true })
                        : undefined
                    }
                  />
                </td>
              </tr>
            ))}
            <tr class="total">
              <td>Tổng cộng</td>
              {columns.map((c) => (
                <td class="r" key={`${c.kind}.${c.figure}`}>
                  {formatNumberVi(figureValue(report.totals, c))}
                </td>
              ))}
              <td class="r">{formatNumberVi(report.entries)}</td>
              <td class="r">{formatNumberVi(report.late)}</td>
            </tr>
          </tbody>
        </table>
      </div>

      <h3>III. {ct('report.byTask')}</h3>
      {report.byTask.length === 0 ? (
        <p>{ct('dash.noTasks')}</p>
      ) : (
        <div class="table-wrap">
          <table class="data by-task">
            <thead>
              <tr>
                <th>TT</th>
                <th>{ct('task.title')}</th>
                <th>{ct('task.target')}</th>
                <th>{ct('task.due')}</th>
                <th>{ct('task.total')}</th>
                <th>{ct('task.actual')}</th>
                <th>{ct('task.status')}</th>
                <th>{ct('task.budget')}</th>
                <th>{ct('task.spent')}</th>
              </tr>
            </thead>
            {tasksByPlan(report.plans, report.byTask).map(({ plan, rows }) => (
              <tbody key={plan.id}>
                <tr class="plan-heading">
                  <th colSpan={9} scope="colgroup">
                    {planHeadingText(plan)}
                  </th>
                </tr>
                {rows.map((task) => (
                  <tr key={task.taskId}>
                    <td class="c">{task.ordinal}</td>
                    <td>
                      {task.title}
                      <small>{ct('dash.assignees', { n: task.assignees })}</small>
                    </td>
                    <td>{targetCell(task.target)}</td>
                    <td class="r">{formatNumberVi(task.due)}</td>
                    <td class="r">{formatNumberVi(task.total)}</td>
                    <td class="r">
                      <Figure
                        value={task.actual}
                        onOpen={task.actual > 0 ? drill(task.title, { taskId: task.taskId }) : undefined}
                      />
                    </td>
                    <td>
                      <StatusTag status={task.status} />
                    </td>
                    <td class="r">{task.budgetVnd === null ? '—' : formatVnd(task.budgetVnd)}</td>
                    <td class="r">{formatVnd(task.spentVnd)}</td>
                  </tr>
                ))}
              </tbody>
            ))}
          </table>
        </div>
      )}

      <h3>IV. {ct('dash.coverage')}</h3>
      <table class="data coverage">
        <tbody>
          {report.coverage.map((c) => (
            <tr key={c.id}>
              <td>
                {c.label}
                <UncoveredList coverage={c} isFull={props.printable === true} />
              </td>
              <td class="r">
                {formatNumberVi(c.covered)}/{formatNumberVi(c.eligible)}
              </td>
              <td class="r">{share(c.share)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {report.signoff && <SignoffSection signoff={report.signoff} heading={`V. ${ct('signoff.title')}`} />}
      {props.printable && (
        <div class="doc-sign">
          <div>
            <em class="strong">Nơi nhận:</em>
            {recipientLines().map((text, i, all) => (
              <div key={text}>
                - {text}
                {i === all.length - 1 ? '.' : ';'}
              </div>
            ))}
          </div>
          <div class="c">
            <div class="strong">{DEFAULT_SIGNER.capacity}</div>
            <div class="strong">{DEFAULT_SIGNER.title}</div>
          </div>
        </div>
      )}
      {!props.printable && report.byUnit.some((r) => r.lastSyncAt) && (
        <p class="no-print">
          <small>
            {report.byUnit
              .filter((r) => r.lastSyncAt)
              .map((r) => `${r.name}: ${formatDateTimeVi(r.lastSyncAt!)}`)
              .join(' · ')}
          </small>
        </p>
      )}
    </article>
  );
}
