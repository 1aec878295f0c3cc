import { formatNumberVi } from '../../shared/format';
import type { Report, TaskRow } from '../../shared/report';
import { ct } from './messages';
import type { GridMonth } from './progress-grid';

// The dashboard's pictures, drawn as SVG and HTML by Preact rather than by a chart library: a
// canvas chart is a picture a screen reader cannot read and the axe checks cannot see into, and
// three small charts cost less than any library's first kilobytes. Each carries its figures as
// text (a title and a description, or the numbers beside the bars).

/** A task's months: what was done, cumulated, against what was due, cumulated. */
export interface TaskTrend {
  readonly task: TaskRow;
  readonly points: readonly { readonly month: GridMonth; readonly done: number; readonly due: number }[];
}

/** Each task's cumulated progress month by month, from the month reports of the period. */
export function taskTrends(
  report: Pick<Report, 'byTask'>,
  months: readonly GridMonth[],
  monthly: ReadonlyMap<string, Pick<Report, 'byTask'>>,
): TaskTrend[] {
  return report.byTask
    .filter((task) => task.total > 0 || task.actual > 0)
    .map((task) => {
      let done = 0;
      let due = 0;
      const points = months.map((month) => {
        const row = monthly.get(month.code)?.byTask.find((t) => t.taskId === task.taskId);
        done += row?.actual ?? 0;
        due += row?.total ?? 0;
        return { month, done, due };
      });
      return { task, points };
    });
}

const W = 240;
const H = 96;
const PAD = { left: 30, right: 8, top: 8, bottom: 20 };

/** One task's line of what was done against its due line, month by month. */
export function TrendChart(props: { trend: TaskTrend }) {
  const { task, points } = props.trend;
  const top = Math.max(1, ...points.map((p) => Math.max(p.done, p.due)));
  const x = (i: number) =>
    PAD.left +
    (points.length === 1 ? (W - PAD.left - PAD.right) / 2 : (i * (W - PAD.left - PAD.right)) / (points.length - 1));
  const y = (v: number) => H - PAD.bottom - (v / top) * (H - PAD.top - PAD.bottom);
  const path = (key: 'done' | 'due') => points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(i)},${y(p[key])}`).join(' ');
  const last = points.at(-1);
  const summary = ct('chart.trendSummary', {
    task: `${task.ordinal}. ${task.title}`,
    done: formatNumberVi(last?.done ?? 0),
    due: formatNumberVi(last?.due ?? 0),
    months: points.map((p) => `${p.month.short}: ${formatNumberVi(p.done)}/${formatNumberVi(p.due)}`).join('; '),
  });
  return (
    <figure class="trend">
      <figcaption>
        {task.ordinal}. {task.title}
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary}>
        <title>{summary}</title>
        <line class="axis" x1={PAD.left} y1={H - PAD.bottom} x2={W - PAD.right} y2={H - PAD.bottom} />
        <text class="tick" x={PAD.left - 4} y={y(top) + 4} text-anchor="end">
          {formatNumberVi(top)}
        </text>
        <text class="tick" x={PAD.left - 4} y={H - PAD.bottom} text-anchor="end">
          0
        </text>
        {points.map((p, i) => (
          <text key={p.month.code} class="tick" x={x(i)} y={H - 4} text-anchor="middle">
            {p.month.short.replace(/\/\d{4}$/, '')}
          </text>
        ))}
        <path class="due-line" d={path('due')} />
        <path class="done-line" d={path('done')} />
        {points.map((p, i) => (
          <circle key={p.month.code} class="done-dot" cx={x(i)} cy={y(p.done)} r={3} />
        ))}
      </svg>
    </figure>
  );
}

/** The tasks' trends side by side, with the legend once. */
export function TaskTrends(props: { trends: readonly TaskTrend[] }) {
  if (props.trends.length === 0) return null;
  return (
    <section class="trends" aria-label={ct('chart.trends')}>
      <h2>{ct('chart.trends')}</h2>
      <p class="legend">
        <span class="key done-key" aria-hidden="true" /> {ct('chart.done')}{' '}
        <span class="key due-key" aria-hidden="true" /> {ct('chart.due')}
      </p>
      <div class="trend-grid">
        {props.trends.map((trend) => (
          <TrendChart key={trend.task.taskId} trend={trend} />
        ))}
      </div>
    </section>
  );
}

/** How many units a ranking shows at each end when there are many. */
const ENDS = 8;

/** The units below, ranked by the entries they logged in the period: the busiest and the quietest. */
export function UnitRanking(props: { report: Pick<Report, 'byUnit' | 'unit'> }) {
  const rows = props.report.byUnit
    .filter((r) => r.unitId !== props.report.unit.id)
    .sort((a, b) => b.entries - a.entries || a.name.localeCompare(b.name, 'vi'));
  if (rows.length < 2) return null;
  const most = Math.max(1, rows[0]!.entries);
  const shown = rows.length <= 2 * ENDS ? [rows] : [rows.slice(0, ENDS), rows.slice(-ENDS)];
  return (
    <section class="ranking">
      <h2>{ct('chart.ranking')}</h2>
      {shown.map((part, i) => (
        <>
          {i > 0 && <p class="ranking-gap">{ct('chart.rankingGap', { n: rows.length - 2 * ENDS })}</p>}
          <ol class="rank-bars" start={i === 0 ? 1 : rows.length - ENDS + 1}>
            {part.map((row) => (
              <li key={row.unitId}>
                <span class="rank-name">{row.name}</span>
                <span class="rank-bar" aria-hidden="true">
                  <span style={{ width: `${Math.round((row.entries / most) * 100)}%` }} />
                </span>
                <span class="rank-value">{formatNumberVi(row.entries)}</span>
              </li>
            ))}
          </ol>
        </>
      ))}
    </section>
  );
}

/** A grid cell's shade: 0 (nothing) to 4 (as much as the busiest cell of the grid). */
export function heatLevel(entries: number, most: number): 0 | 1 | 2 | 3 | 4 {
  if (entries <= 0 || most <= 0) return 0;
  return Math.min(4, Math.max(1, Math.ceil((entries / most) * 4))) as 1 | 2 | 3 | 4;
}
