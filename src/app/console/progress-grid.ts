import { formatPeriodCode, monthsOverlapping, type Period, type PeriodBasis, periodRange } from '../../shared/period';
import type { Report, UnitRow } from '../../shared/report';

/** A month column of the grid. */
export interface GridMonth {
  readonly code: string;
  /** "T7/2024" for the column heading. */
  readonly short: string;
  /** "15/11–14/12" under Decree 09, whose months do not follow the calendar; null otherwise. */
  readonly span: string | null;
  readonly from: string;
  readonly to: string;
  /** The month has begun by today. */
  readonly begun: boolean;
  /** The month ended before today, so an empty cell means nobody logged in it. */
  readonly closed: boolean;
}

/** One cell: entries a unit logged in a month, and whether that is a warning. */
export interface GridCell {
  readonly month: GridMonth;
  readonly entries: number;
  readonly isBehind: boolean;
}

/** One row of the unit × month grid. */
export interface GridRow {
  readonly unitId: string;
  readonly name: string;
  readonly cells: readonly GridCell[];
  readonly entries: number;
  readonly lastSyncAt: string | null;
  /** Days since the last sync; null when the unit's phones never synced. */
  readonly daysSinceSync: number | null;
  readonly isStale: boolean;
  readonly pending: number;
  readonly monthsBehind: number;
}

/** The months of a period on a basis, as grid columns. */
export function gridMonths(range: { from: string; to: string }, basis: PeriodBasis, today: string): GridMonth[] {
  return monthsOverlapping(range, basis).map((month: Period) => {
    const span = periodRange(month, basis);
    return {
      code: formatPeriodCode(month),
      short: `T${month.index}/${month.year}`,
      // A Decree 09 month runs from the 15th to the 14th: its column says so.
      span:
        basis === 'decree09'
          ? `${span.from.slice(8)}/${span.from.slice(5, 7)}–${span.to.slice(8)}/${span.to.slice(5, 7)}`
          : null,
      from: span.from,
      to: span.to,
      begun: span.from <= today,
      closed: span.to < today,
    };
  });
}

function daysBetween(fromIso: string, toDate: string): number {
  return Math.floor((Date.parse(`${toDate}T00:00:00Z`) - Date.parse(`${fromIso.slice(0, 10)}T00:00:00Z`)) / 86_400_000);
}

/**
 * The unit × month grid: a row per unit of the period report, a cell per month with the entries
 * of the month's report. A month that has ended with no entry marks the unit behind; a unit whose
 * phones last synced more than `staleDays` days before `today` (or never) is stale.
 */
export function buildGrid(
  report: Pick<Report, 'byUnit'>,
  monthReports: ReadonlyMap<string, Pick<Report, 'byUnit'>>,
  months: readonly GridMonth[],
  today: string,
  staleDays: number,
): GridRow[] {
  return report.byUnit.map((row: UnitRow) => {
    const cells = months.map((month) => {
      const entries = monthReports.get(month.code)?.byUnit.find((r) => r.unitId === row.unitId)?.entries ?? 0;
      // A month still running is not behind yet: on every 15th each unit's new month would turn red.
      return { month, entries, isBehind: month.closed && entries === 0 };
    });
    const daysSinceSync = row.lastSyncAt ? daysBetween(row.lastSyncAt, today) : null;
    return {
      unitId: row.unitId,
      name: row.name,
      cells,
      entries: row.entries,
      lastSyncAt: row.lastSyncAt,
      daysSinceSync,
      isStale: daysSinceSync === null || daysSinceSync > staleDays,
      pending: row.pending,
      monthsBehind: cells.filter((c) => c.isBehind).length,
    };
  });
}

/** The date N days before a date (for "not synced since"). */
/** Share done as a bar width in percent, capped at 100; 0 when nothing is asked. */
export function barPercent(actual: number, total: number): number {
  if (total <= 0) return actual > 0 ? 100 : 0;
  return Math.min(100, Math.round((actual / total) * 100));
}
