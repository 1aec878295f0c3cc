import { useState } from 'preact/hooks';
import { formatDateTimeVi, formatNumberVi } from '../../shared/format';
import { parsePeriodCode, periodRange } from '../../shared/period';
import type { TaskStatus } from '../../shared/progress';
import type { Report, TaskRow } from '../../shared/report';
import { describeTarget } from '../../shared/target';
import { ancestorsOf, indexUnits } from '../../shared/unit';
import type { ConsoleContext } from './console-app';
import { heatLevel, type TaskTrend, TaskTrends, taskTrends, UnitRanking } from './charts';
import { DrillDown, type DrillTarget, Figure } from './drilldown';
import { consoleLanguage, ct } from './messages';
import { defaultPeriod, type PeriodChoice, PeriodPicker } from './period-picker';
import { barPercent, buildGrid, gridMonths } from './progress-grid';
import { StatusTag, statusClass, UncoveredList } from './report-view';
import { SignoffCell, SignoffPanel } from './signoff-panel';
import { useLoad } from './use-load';
import { ContentAired } from './content-screen';

/** A figure's filter; a grid cell narrows the period to its month. */
type DrillRequest = Omit<DrillTarget, 'period' | 'basis' | 'closesOn'> &
  Partial<Pick<DrillTarget, 'period' | 'closesOn'>>;

/** Progress for a period: tasks against targets, coverage, and the unit × month grid. */
export function DashboardScreen(props: { ctx: ConsoleContext; initial?: PeriodChoice }) {
  const { ctx } = props;
  const [choice, setChoice] = useState<PeriodChoice>(props.initial ?? defaultPeriod(ctx.today));
  const [unitId, setUnitId] = useState(ctx.root.id);
  const [staleDays, setStaleDays] = useState(7);
  const [drill, setDrill] = useState<DrillTarget | null>(null);
  const range = periodRange(parsePeriodCode(choice.code)!, choice.basis);
  const months = gridMonths(range, choice.basis, ctx.today);
  const data = useLoad(async () => {
    const [report, ...monthly] = await Promise.all([
      ctx.api.fetchReport(unitId, choice.code, choice.basis),
      ...months.map((m) => ctx.api.fetchReport(unitId, m.code, choice.basis)),
    ]);
    return { report: report!, monthly: new Map(months.map((m, i) => [m.code, monthly[i]!] as const)) };
  }, [ctx.api, unitId, choice.code, choice.basis]);

  const index = indexUnits(ctx.units);
  const trail = ancestorsOf(index, unitId)
    .reverse()
    .filter((u) => ancestorsOf(index, u.id).some((a) => a.id === ctx.root.id));
  const open = (target: DrillRequest) =>
    setDrill({ period: choice.code, closesOn: range.to, ...target, basis: choice.basis });
  const hasChildren = (id: string) => (index.childrenOf.get(id)?.length ?? 0) > 0;

  return (
    <section class="dashboard">
      <div class="toolbar no-print">
        <PeriodPicker value={choice} onChange={setChoice} />
        <label>
          {ct('dash.staleDays')}{' '}
          <input
            type="number"
            min={1}
            max={365}
            value={staleDays}
            class="short"
            onChange={(e) => setStaleDays(Math.max(1, Number((e.target as HTMLInputElement).value) || 7))}
          />{' '}
          {ct('dash.days')}
        </label>
      </div>
      <nav class="trail" aria-label={ct('dash.unit')}>
        {trail.map((u, i) => (
          <span key={u.id}>
            {i > 0 && ' › '}
            {u.id === unitId ? (
              <strong>{u.name}</strong>
            ) : (
              <button type="button" class="link" onClick={() => setUnitId(u.id)}>
                {u.name}
              </button>
            )}
          </span>
        ))}
      </nav>
      {data.error && (
        <p class="console-error" role="alert">
          {ct('error', { reason: data.error })}{' '}
          <button type="button" onClick={data.reload}>
            {ct('retry')}
          </button>
        </p>
      )}
      {data.loading && !data.value && <p>{ct('loading')}</p>}
      {data.value && (
        <DashboardBody
          api={ctx.api}
          period={choice}
          report={data.value.report}
          grid={buildGrid(data.value.report, data.value.monthly, months, ctx.today, staleDays)}
          trends={taskTrends(data.value.report, months, data.value.monthly)}
          staleDays={staleDays}
          onDrill={open}
          onUnit={(id) => hasChildren(id) && setUnitId(id)}
          hasChildren={hasChildren}
        />
      )}
      {data.value && (
        <SignoffPanel
          key={`${unitId} ${choice.code} ${choice.basis}`}
          api={ctx.api}
          report={data.value.report}
          behind={buildGrid(data.value.report, data.value.monthly, months, ctx.today, staleDays)
            .filter((row) => row.monthsBehind > 0 || row.isStale)
            .map((row) => row.unitId)}
          onChanged={data.reload}
        />
      )}
      {drill && <DrillDown api={ctx.api} target={drill} units={ctx.units} onClose={() => setDrill(null)} />}
      <ContentAired ctx={ctx} />
    </section>
  );
}

/** Each unit's tasks against targets: a report per unit below, loaded when asked for. */
function UnitProgress(props: {
  api: ConsoleContext['api'];
  report: Report;
  period: PeriodChoice;
  onUnit: (unitId: string) => void;
}) {
  const [isOpen, setOpen] = useState(false);
  const rows = props.report.byUnit.filter((r) => r.unitId !== props.report.unit.id);
  const reports = useLoad(
    async () =>
      isOpen
        ? Promise.all(rows.map((r) => props.api.fetchReport(r.unitId, props.period.code, props.period.basis)))
        : null,
    [isOpen, props.report, props.period.code, props.period.basis],
  );
  return (
    <>
      <h2>{ct('dash.byUnitTasks')}</h2>
      {!isOpen && (
        <button type="button" onClick={() => setOpen(true)}>
          {ct('dash.showByUnit', { n: rows.length })}
        </button>
      )}
      {isOpen && reports.loading && !reports.value && <p>{ct('loading')}</p>}
      {reports.error && <p class="console-error">{ct('error', { reason: reports.error })}</p>}
      {isOpen && reports.value && (
        <div class="table-wrap">
          <table class="data unit-tasks">
            <thead>
              <tr>
                <th>{ct('dash.unit')}</th>
                {(['done', 'on_track', 'behind', 'overdue', 'not_due'] as const).map((s) => (
                  <th key={s}>
                    <StatusTag status={s} />
                  </th>
                ))}
                <th>{ct('dash.worst')}</th>
              </tr>
            </thead>
            <tbody>
              {reports.value.map((unitReport) => {
                const count = (status: TaskStatus) => unitReport.byTask.filter((t) => t.status === status).length;
                const worst = unitReport.byTask.filter((t) => t.status === 'overdue' || t.status === 'behind');
                return (
                  <tr key={unitReport.unit.id}>
                    <th scope="row">
                      <button type="button" class="link" onClick={() => props.onUnit(unitReport.unit.id)}>
                        {unitReport.unit.name}
                      </button>
                    </th>
                    {(['done', 'on_track', 'behind', 'overdue', 'not_due'] as const).map((s) => (
                      <td key={s} class="r">
                        {formatNumberVi(count(s))}
                      </td>
                    ))}
                    <td>
                      {worst
                        .slice(0, 3)
                        .map((t) => `${t.ordinal}. ${t.title} (${formatNumberVi(t.actual)}/${formatNumberVi(t.total)})`)
                        .join('; ')}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

/** One task's bar: done against the whole period, with a tick where it should be by today. */
function TaskBar(props: { task: TaskRow; unitId: string; onDrill: (target: DrillRequest) => void }) {
  const { task } = props;
  return (
    <li>
      <div class="task-line">
        <span class="task-name">
          {task.ordinal}. {task.title}
        </span>
        <StatusTag status={task.status} />
      </div>
      <div class="meter" aria-hidden="true">
        <span class={`fill ${statusClass(task.status)}`} style={{ width: `${barPercent(task.actual, task.total)}%` }} />
        {task.total > 0 && <span class="due-mark" style={{ left: `${barPercent(task.due, task.total)}%` }} />}
      </div>
      <small>
        {ct('task.actual')}:{' '}
        <Figure
          value={task.actual}
          onOpen={
            task.actual > 0
              ? () => props.onDrill({ heading: task.title, unitId: props.unitId, taskId: task.taskId })
              : undefined
          }
        />{' '}
        / {formatNumberVi(task.total)} · {ct('task.due')}: {formatNumberVi(task.due)} ·{' '}
        {task.target ? describeTarget(task.target, consoleLanguage()) : '—'} ·{' '}
        {ct('dash.assignees', { n: task.assignees })}
        {task.assigneesByStatus.behind + task.assigneesByStatus.overdue > 0 &&
          ` (${ct('dash.lagging', { n: task.assigneesByStatus.behind + task.assigneesByStatus.overdue })})`}
      </small>
    </li>
  );
}

// Tasks that need a call first, then those on their way, then the rest.
const SEVERITY: Record<TaskStatus, number> = { overdue: 0, behind: 1, on_track: 2, done: 3, not_due: 4 };

function DashboardBody(props: {
  api: ConsoleContext['api'];
  period: PeriodChoice;
  report: Report;
  grid: ReturnType<typeof buildGrid>;
  trends: readonly TaskTrend[];
  staleDays: number;
  onDrill: (target: DrillRequest) => void;
  onUnit: (unitId: string) => void;
  hasChildren: (unitId: string) => boolean;
}) {
  const { report, grid } = props;
  // A tree whose communes do not exist in the period (before 7/2025's) has no sign-off to show.
  const hasSignoff = (report.signoff?.units.length ?? 0) > 0;
  const most = Math.max(0, ...grid.flatMap((row) => row.cells.map((c) => c.entries)));
  const months = grid[0]?.cells.map((c) => c.month) ?? [];
  const sorted = [...report.byTask].sort((a, b) => SEVERITY[a.status] - SEVERITY[b.status]);
  // A task not due in this period and asking nothing of it only gets in the way.
  const idle = sorted.filter((t) => t.status === 'not_due' && t.total === 0 && t.actual === 0);
  const active = sorted.filter((t) => !idle.includes(t));
  return (
    <>
      <h2>{ct('dash.byTask')}</h2>
      {report.byTask.length === 0 ? (
        <p>{ct('dash.noTasks')}</p>
      ) : (
        <>
          <ul class="task-bars">
            {active.map((task) => (
              <TaskBar key={task.taskId} task={task} unitId={report.unit.id} onDrill={props.onDrill} />
            ))}
          </ul>
          {idle.length > 0 && (
            <details>
              <summary>{ct('dash.notDue', { n: idle.length })}</summary>
              <ul class="task-bars">
                {idle.map((task) => (
                  <TaskBar key={task.taskId} task={task} unitId={report.unit.id} onDrill={props.onDrill} />
                ))}
              </ul>
            </details>
          )}
        </>
      )}

      <TaskTrends trends={props.trends} />

      <h2>{ct('dash.coverage')}</h2>
      <ul class="coverage-bars">
        {report.coverage.map((c) => (
          <li key={c.id}>
            <div class="task-line">
              <span>{c.label}</span>
              <strong>
                {formatNumberVi(c.covered)}/{formatNumberVi(c.eligible)}
                {c.share !== null && ` (${formatNumberVi(Math.round(c.share * 100))}%)`}
              </strong>
            </div>
            <div class="meter" aria-hidden="true">
              <span class="fill status-done" style={{ width: `${barPercent(c.covered, c.eligible)}%` }} />
            </div>
            <UncoveredList coverage={c} />
          </li>
        ))}
      </ul>

      <UnitRanking report={report} />

      <UnitProgress api={props.api} report={report} period={props.period} onUnit={props.onUnit} />

      <h2>{ct('dash.grid')}</h2>
      <p class="legend">
        <small>{ct('dash.legend', { n: props.staleDays })}</small>{' '}
        <small class="heat-legend">
          {ct('chart.heat')} <span class="heat-1">1</span>
          <span class="heat-2">2</span>
          <span class="heat-3">3</span>
          <span class="heat-4">{formatNumberVi(most)}</span>
        </small>
      </p>
      <div class="table-wrap">
        <table class="data grid">
          <thead>
            <tr>
              <th>{ct('dash.unit')}</th>
              {months.map((m) => (
                <th key={m.code} data-month={m.short}>
                  {m.short}
                  {m.span && <small class="month-span">{m.span}</small>}
                </th>
              ))}
              <th>{ct('dash.entries')}</th>
              <th>{ct('dash.lastSync')}</th>
              <th>{ct('units.pending')}</th>
              {hasSignoff && <th>{ct('signoff.column')}</th>}
            </tr>
          </thead>
          <tbody>
            {grid.map((row) => (
              <tr key={row.unitId} class={row.monthsBehind > 0 ? 'behind-row' : ''}>
                <th scope="row">
                  {props.hasChildren(row.unitId) ? (
                    <button type="button" class="link" onClick={() => props.onUnit(row.unitId)}>
                      {row.name}
                    </button>
                  ) : (
                    row.name
                  )}
                </th>
                {row.cells.map((cell) => (
                  <td
                    key={cell.month.code}
                    class={`r cell ${cell.isBehind ? 'cell-behind' : cell.entries > 0 ? `heat-${heatLevel(cell.entries, most)}` : 'cell-future'}`}
                    title={cell.isBehind ? ct('dash.behind') : undefined}
                  >
                    <Figure
                      value={cell.entries}
                      onOpen={
                        cell.entries > 0
                          ? () =>
                              props.onDrill({
                                heading: `${row.name} — ${cell.month.short}`,
                                unitId: row.unitId,
                                period: cell.month.code,
                                closesOn: cell.month.to,
                              })
                          : undefined
                      }
                    />
                  </td>
                ))}
                <td class="r">{formatNumberVi(row.entries)}</td>
                <td class={row.isStale ? 'cell-stale' : ''}>
                  {row.lastSyncAt ? formatDateTimeVi(row.lastSyncAt) : ct('dash.neverSynced')}
                  {row.isStale && row.daysSinceSync !== null && (
                    <small>{ct('dash.stale', { n: row.daysSinceSync })}</small>
                  )}
                </td>
                <td class={row.pending > 0 ? 'r cell-pending' : 'r'}>{formatNumberVi(row.pending)}</td>
                {hasSignoff && <SignoffCell unit={report.signoff!.units.find((u) => u.unitId === row.unitId)} />}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
