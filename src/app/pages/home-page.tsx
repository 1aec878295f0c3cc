import { ACTIVITY_KINDS, type ActivityKind, isKnownKind, kindDefinition } from '../../shared/kinds';
import { activeRangeOf } from '../../shared/progress';
import { computeReport, type Fact, factOf } from '../../shared/report';
import type { UnitKind } from '../../shared/unit';
import { useEffect, useMemo } from 'preact/hooks';
import { firstScreenReady } from '../first-screen';
import { linkEntriesToTask, writeMeta } from '../db/database';
import { useLiveQuery, useRememberedLiveResult } from '../db/live';
import { countPendingEntries, factsBetween, lastEntries, type Scope } from '../db/queries';
import { t } from '../i18n/messages';
import { useServices } from '../services';
import { today } from '../today';
import { describeTotals, kindLabel, kindsWithTotals } from '../ui/kind-text';
import { PeriodSwitcher } from '../ui/period-switcher';
import { LazyNudgeBanner, LazyPeriodSubmit } from '../ui/period-submit-lazy';
import { TaskCard } from '../ui/task-card';
import { assignedTasks } from './assigned-tasks';
import { usePeriod, switcherPropsOf } from './use-period';
import type { LocalActivity } from '../db/database';

/** The facts of local entries; an entry the server has not seen counts as received now. */
export function localFacts(entries: readonly LocalActivity[]): Fact[] {
  const facts: Fact[] = [];
  const now = new Date().toISOString();
  for (const e of entries) {
    const fact = factOf({ ...e, version: Math.max(1, e.serverVersion), receivedAt: e.receivedAt ?? now });
    if (fact) facts.push(fact);
  }
  return facts;
}

/**
 * Kinds in the order the quick-log grid shows them: the unit's usual kinds first, then those its
 * tasks ask for (a plan from a newer release may name kinds this one cannot log), then the rest.
 */
function orderedKinds(unitKind: UnitKind | undefined, taskKinds: readonly string[]): ActivityKind[] {
  const usual = ACTIVITY_KINDS.filter((kind) => unitKind && kindDefinition(kind)!.usualFor.includes(unitKind));
  return [...new Set([...usual, ...taskKinds.filter(isKnownKind), ...ACTIVITY_KINDS])];
}

/** Home: the unit's tasks for the period, sync state and the quick-log buttons. */
export function HomePage(props: { scope: Scope }) {
  const { db, scheduler } = useServices();
  const { meta, units, plans } = props.scope;
  const unitId = meta.unitId!;
  const periodState = usePeriod(meta.basis, (basis) => void writeMeta(db, { basis }));
  const { range, period, basis } = periodState;
  const tasks = assignedTasks(plans, units, unitId);
  // Window targets count entries from the start of their window, which may be before the period.
  let from = range.from;
  for (const { task, planId } of tasks) {
    if (task.target && task.target.per !== 'window') continue;
    const plan = plans.find((p) => p.id === planId);
    const active = activeRangeOf(task, plan?.year ?? Number(range.to.slice(0, 4)), basis);
    if (active.from < from && active.to >= range.from) from = active.from;
  }
  // Home opened again (from the log) or switched back to a period it showed draws at once when
  // nothing was written meanwhile.
  const factsResult = useRememberedLiveResult(
    db,
    ['daily', 'activities'],
    () => factsBetween(db, from, range.to),
    [from, range.to],
    null,
  );
  const facts = factsResult.value;
  const unit = units.find((u) => u.id === unitId);
  const kinds = orderedKinds(
    unit?.kind,
    tasks.flatMap((x) => x.task.kinds),
  );
  const recent = useLiveQuery(() => lastEntries(db, kinds.slice(0, 4), unitId), [kinds.slice(0, 4).join(), unitId], []);

  // Home re-renders on every live answer (pending count, "log again", the facts): the report is
  // worked out again only when what it is computed from changed.
  const asOf = today();
  const report = useMemo(
    () => (facts && unit ? computeReport({ unitId, units, facts, plans, period, basis, asOf }) : null),
    [facts, unit, unitId, units, plans, JSON.stringify(period), basis, asOf],
  );

  // Once the figures are drawn, what waits for the first screen may load (effects run after painting).
  useEffect(() => {
    if (report) firstScreenReady();
  }, [report !== null]);

  // Tasks with nothing asked and nothing done in this period are only counted, not listed.
  const activeRows = report?.byTask.filter((row) => row.total > 0 || row.actual > 0 || row.status !== 'not_due') ?? [];
  const idleRows = (report?.byTask.length ?? 0) - activeRows.length;

  return (
    <div class="page home">
      <header class="unit-header">
        <h1>{unit?.name ?? t('appName')}</h1>
      </header>
      <LazyNudgeBanner />
      <section class="quick-log" aria-label={t('home.quickLog')}>
        <h2>{t('home.quickLog')}</h2>
        {recent.length > 0 && (
          <div class="again">
            {recent.map((entry) => (
              <a key={entry.id} class="button again-button" href={`#/new/${entry.kind}?again=${entry.id}`}>
                ↻ {t('home.logAgain', { title: entry.title || kindLabel(entry.kind) })}
              </a>
            ))}
          </div>
        )}
        <div class="kind-grid">
          {kinds.map((kind) => (
            <a key={kind} class="button kind-button" href={`#/new/${kind}`} data-kind={kind}>
              + {kindLabel(kind)}
            </a>
          ))}
        </div>
      </section>
      <PeriodSwitcher {...switcherPropsOf(periodState)} />
      {/* Busy until the figures are those of the period shown (a switch keeps the old ones meanwhile). */}
      <section class="tasks" data-period={`${range.from}..${range.to}`} aria-busy={!factsResult.current || !report}>
        <h2>{t('home.tasks')}</h2>
        {activeRows.length === 0 && report && <p class="empty">{t('home.noTasks')}</p>}
        {activeRows.map((row) => {
          const kinds = tasks.find((x) => x.task.id === row.taskId)?.task.kinds ?? [];
          const counted = row.counted ?? range;
          const unlinked = (facts ?? [])
            .filter(
              (f) =>
                f.taskId === null &&
                f.unitId === unitId &&
                kinds.includes(f.kind) &&
                f.date >= counted.from &&
                f.date <= counted.to,
            )
            .reduce((sum, f) => sum + f.entries, 0);
          const link = () =>
            void linkEntriesToTask(db, { taskId: row.taskId, planId: row.planId, kinds, ...counted }).then(() =>
              scheduler.afterSave(),
            );
          return (
            <TaskCard
              key={row.taskId}
              title={row.title}
              target={row.target}
              actual={row.actual}
              total={row.total}
              due={row.due}
              status={row.status}
              countedHref={`#/log?task=${encodeURIComponent(row.taskId)}`}
              unlinked={unlinked}
              onLink={link}
            />
          );
        })}
        {idleRows > 0 && <p class="empty">{t('home.idleTasks', { n: idleRows })}</p>}
        <p class="report-link">
          <a class="button secondary" href="#/report">
            {t('nav.report')}
          </a>
        </p>
      </section>
      {report && Object.keys(report.totals).length > 0 && (
        <section class="totals">
          <h2>{t('home.totals')}</h2>
          <ul data-testid="totals">
            {kindsWithTotals(report.totals).map((kind) => (
              <li key={kind} data-kind={kind}>
                <strong>{kindLabel(kind)}</strong> {describeTotals(kind, report.totals[kind as ActivityKind]!)}
              </li>
            ))}
          </ul>
        </section>
      )}
      {unit?.kind === 'commune' && meta.role === 'reporter' && (
        <LazyPeriodSubmit unitId={unitId} period={period} basis={basis} plans={plans} />
      )}
    </div>
  );
}

/** Entries waiting to sync, live. */
export function usePendingCount(): number {
  const { db } = useServices();
  return useLiveQuery(() => countPendingEntries(db), [], 0);
}
