/**
 * The plan's indicators ("Chỉ tiêu cụ thể") and schedule in the plan editor: each indicator as the
 * plan writes it beside its definition (kind of unit, kind of activity, logged each month or
 * quarter or held at the end of the period, the share to reach), editable; the reporting schedule and the deadlines the importer read, shown for
 * the officer to check.
 */
import type { ActivityKind } from '../../shared/activity';
import { formatDateVi } from '../../shared/format';
import { ACTIVITY_KINDS, stockOf } from '../../shared/kinds';
import { PERIOD_TYPE_LABELS } from '../../shared/period';
import type { Indicator, IndicatorMeasure, PlanSchedule } from '../../shared/plan';
import { UNIT_KIND_LABELS, UNIT_KINDS, type UnitKind } from '../../shared/unit';
import { tx } from '../i18n/messages';
import { kindLabel } from '../ui/kind-text';
import { ct } from './messages';

/**
 * An indicator with another kind of activity or measure: holding applies only to a kind units keep
 * a stock of, and a minimum set for one kind or measure means nothing for another, so it is dropped.
 */
function rejudged(indicator: Indicator, kind: ActivityKind | null, measure: IndicatorMeasure): Indicator {
  const { measure: _previous, ...rest } = indicator;
  const held = kind !== null && stockOf(kind) !== undefined && measure === 'held';
  const same = kind === indicator.activityKind && held === (indicator.measure === 'held');
  return {
    ...rest,
    activityKind: kind,
    figure: same ? indicator.figure : null,
    ...(held ? { measure: 'held' as const } : {}),
  };
}

/** The editable list of a plan's indicators. */
export function IndicatorsEditor(props: {
  indicators: readonly Indicator[];
  onChange: (indicators: Indicator[]) => void;
  newId: () => string;
}) {
  const set = (id: string, patch: Partial<Indicator>) =>
    props.onChange(props.indicators.map((i) => (i.id === id ? { ...i, ...patch } : i)));
  const rejudge = (id: string, kind: ActivityKind | null, measure: IndicatorMeasure) =>
    props.onChange(props.indicators.map((i) => (i.id === id ? rejudged(i, kind, measure) : i)));
  return (
    <section class="plan-indicators" aria-label={ct('indicators.title', { n: props.indicators.length })}>
      <h3>{ct('indicators.title', { n: props.indicators.length })}</h3>
      {props.indicators.length === 0 && <p>{ct('indicators.none')}</p>}
      {props.indicators.length > 0 && (
        <table class="data indicators">
          <thead>
            <tr>
              <th>{ct('indicators.text')}</th>
              <th>{ct('indicators.unitKind')}</th>
              <th>{ct('indicators.activityKind')}</th>
              <th>{ct('indicators.measure')}</th>
              <th>{ct('indicators.every')}</th>
              <th>{ct('indicators.share')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {props.indicators.map((indicator) => (
              <tr key={indicator.id} class={indicator.unitKind === null ? 'has-warning' : ''}>
                <td>
                  <textarea
                    aria-label={ct('indicators.text')}
                    value={indicator.text}
                    onChange={(e) => set(indicator.id, { text: (e.target as HTMLTextAreaElement).value })}
                  />
                  {indicator.unitKind === null && <small class="warn-text">⚠ {ct('indicators.noUnitKind')}</small>}
                </td>
                <td>
                  <select
                    aria-label={ct('indicators.unitKind')}
                    value={indicator.unitKind ?? ''}
                    onChange={(e) =>
                      set(indicator.id, {
                        unitKind: ((e.target as HTMLSelectElement).value || null) as UnitKind | null,
                      })
                    }
                  >
                    <option value="">{ct('indicators.unitKindNone')}</option>
                    {UNIT_KINDS.map((kind) => (
                      <option key={kind} value={kind}>
                        {tx(UNIT_KIND_LABELS[kind])}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <select
                    aria-label={ct('indicators.activityKind')}
                    value={indicator.activityKind ?? ''}
                    onChange={(e) =>
                      rejudge(
                        indicator.id,
                        ((e.target as HTMLSelectElement).value || null) as ActivityKind | null,
                        indicator.measure ?? 'logged',
                      )
                    }
                  >
                    <option value="">{ct('indicators.anyKind')}</option>
                    {ACTIVITY_KINDS.map((kind) => (
                      <option key={kind} value={kind}>
                        {kindLabel(kind)}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  {indicator.activityKind !== null && stockOf(indicator.activityKind) ? (
                    <select
                      aria-label={ct('indicators.measure')}
                      value={indicator.measure ?? 'logged'}
                      onChange={(e) =>
                        rejudge(
                          indicator.id,
                          indicator.activityKind,
                          (e.target as HTMLSelectElement).value as IndicatorMeasure,
                        )
                      }
                    >
                      <option value="logged">{ct('indicators.measure.logged')}</option>
                      <option value="held">{ct('indicators.measure.held')}</option>
                    </select>
                  ) : (
                    ct('indicators.measure.logged')
                  )}
                </td>
                <td>
                  {indicator.measure === 'held' ? (
                    ct('indicators.atPeriodEnd')
                  ) : (
                    <select
                      aria-label={ct('indicators.every')}
                      value={indicator.every}
                      onChange={(e) =>
                        set(indicator.id, { every: (e.target as HTMLSelectElement).value as Indicator['every'] })
                      }
                    >
                      <option value="month">{tx(PERIOD_TYPE_LABELS.month)}</option>
                      <option value="quarter">{tx(PERIOD_TYPE_LABELS.quarter)}</option>
                    </select>
                  )}
                </td>
                <td>
                  <input
                    type="number"
                    class="share"
                    min={0}
                    max={100}
                    aria-label={ct('indicators.share')}
                    value={Math.round(indicator.share * 100)}
                    onChange={(e) => {
                      const percent = Number((e.target as HTMLInputElement).value);
                      if (Number.isFinite(percent) && percent >= 0 && percent <= 100)
                        set(indicator.id, { share: percent / 100 });
                    }}
                  />
                  %
                </td>
                <td>
                  <button
                    type="button"
                    onClick={() => props.onChange(props.indicators.filter((i) => i.id !== indicator.id))}
                  >
                    {ct('indicators.remove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <button
        type="button"
        onClick={() =>
          props.onChange([
            ...props.indicators,
            {
              id: props.newId(),
              text: ct('indicators.newText'),
              unitKind: 'commune',
              activityKind: null,
              figure: null,
              every: 'quarter',
              share: 1,
            },
          ])
        }
      >
        + {ct('indicators.add')}
      </button>
    </section>
  );
}

/** The reporting schedule and the deadlines the plan sets, as read. */
export function ScheduleView(props: { schedule: PlanSchedule | null }) {
  const reports = props.schedule?.reports ?? [];
  const deadlines = props.schedule?.deadlines ?? [];
  if (reports.length === 0 && deadlines.length === 0) return null;
  return (
    <section class="plan-schedule" aria-label={ct('schedule.title')}>
      <h3>{ct('schedule.title')}</h3>
      <ul>
        {reports.map((report) => (
          <li key={`r-${report.text}`} class="report-schedule">
            <strong>
              {ct('schedule.reports', { periods: report.periods.map((p) => tx(PERIOD_TYPE_LABELS[p])).join(', ') })}
              {report.dueDay !== null && ` ${ct('schedule.dueDay', { day: report.dueDay })}`}
            </strong>
            <small class="source">{report.text}</small>
          </li>
        ))}
        {deadlines.map((deadline) => (
          <li key={`d-${deadline.text}`} class="deadline">
            <strong>{ct('schedule.deadline', { date: formatDateVi(deadline.due) })}</strong>
            <small class="source">{deadline.text}</small>
          </li>
        ))}
      </ul>
    </section>
  );
}
