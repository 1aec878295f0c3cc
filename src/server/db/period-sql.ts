import { type RawBuilder, sql } from 'kysely';
import { DECREE09_MONTH_START_DAY, type PeriodBasis } from '../../shared/period';

// The shared period rules, written as SQL over `YYYY-MM-DD` text, from the same constant: a
// roll-up summed by the database answers the same periods as the shared code does.
const SECOND_HALF = String(DECREE09_MONTH_START_DAY).padStart(2, '0');

/** The first day of the half-month holding a date column (the shared `halfMonthOf`). */
export function halfMonthSql(date: RawBuilder<unknown>): RawBuilder<string> {
  return sql<string>`substr(${date}, 1, 8) || case when substr(${date}, 9, 2) >= ${SECOND_HALF} then ${SECOND_HALF}::text else '01' end`;
}

/** The reporting month of a date column as year × 12 + month (the shared `reportingMonthNumber`). */
export function reportingMonthNumberSql(date: RawBuilder<unknown>, basis: PeriodBasis): RawBuilder<number> {
  const calendar = sql`substr(${date}, 1, 4)::int * 12 + substr(${date}, 6, 2)::int`;
  return basis === 'decree09'
    ? sql<number>`(${calendar} + (substr(${date}, 9, 2) >= ${SECOND_HALF})::int)`
    : sql<number>`(${calendar})`;
}
