import { vietnamDateOf } from '../../shared/format';
import { addDays, type Period, type PeriodBasis, periodContaining, periodRange } from '../../shared/period';
import { activeRangeOf } from '../../shared/progress';
import { computeReport, type Report } from '../../shared/report';
import { type LateEntry, recipientsFor } from '../../shared/report-layout';
import type { AppDatabase } from '../db/database';
import { entriesBetween, factsBetween, type Scope } from '../db/queries';
import { localFacts } from '../pages/home-page';

/** The period report of the phone's unit, made from the phone's own data, with what its files need. */
export interface LocalReport {
  readonly report: Report;
  /** Entries of the period the server received after it closed, or has not received yet. */
  readonly lateEntries: LateEntry[];
  /** "Nơi nhận": the parent unit's People's Committee. */
  readonly recipients: string[];
}

/**
 * The period report of the phone's unit and the units below it (a commune's station and
 * post-office point), as the phone holds them: the period's entries one by one, so that those sent
 * after the period closed, or not sent yet, count as late as the server will count them; and before
 * the period, the daily roll-up, for targets judged on the year or a task's window.
 */
export async function buildLocalReport(
  db: AppDatabase,
  scope: Pick<Scope, 'units' | 'plans'> & { unitId: string },
  period: Period,
  basis: PeriodBasis,
  asOf: string,
): Promise<LocalReport> {
  const range = periodRange(period, basis);
  let from = periodRange(periodContaining(range.from, 'year', basis), basis).from;
  for (const plan of scope.plans)
    for (const task of plan.tasks) {
      const active = activeRangeOf(task, plan.year, basis);
      if (active.from < from && active.to >= range.from) from = active.from;
    }
  const [before, entries] = await Promise.all([
    from < range.from ? factsBetween(db, from, addDays(range.from, -1)) : Promise.resolve([]),
    entriesBetween(db, range.from, range.to),
  ]);
  const report = computeReport({
    unitId: scope.unitId,
    units: scope.units,
    facts: [...before, ...localFacts(entries)],
    plans: scope.plans,
    period,
    basis,
    asOf,
  });
  const names = new Map(scope.units.map((u) => [u.id, u.name]));
  const now = new Date().toISOString();
  const lateEntries = entries
    .filter((e) => !e.voided && vietnamDateOf(e.receivedAt ?? now) > range.to)
    .sort((a, b) => a.date.localeCompare(b.date))
    .map((e) => ({
      unitName: names.get(e.unitId) ?? e.unitId,
      date: e.date,
      kind: e.kind,
      title: e.title,
      receivedAt: e.receivedAt ?? now,
    }));
  const unit = scope.units.find((u) => u.id === scope.unitId);
  const parent = scope.units.find((u) => u.id === unit?.parentId);
  return { report, lateEntries, recipients: recipientsFor(parent?.name) };
}
