import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { halfMonthSql, reportingMonthNumberSql } from '../../src/server/db/period-sql';
import { addDays, halfMonthOf, reportingMonthNumber } from '../../src/shared/period';
import { backends, openTestDatabase } from './helpers';

// The database sums roll-ups by half-month and reporting month: its SQL must say of every day what
// the shared period code says, or a report would move entries across a Decree 09 cut-off.
describe.each(backends())('period rules in SQL, on %s', (backend) => {
  let opened: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    opened = await openTestDatabase(backend);
  });
  afterAll(async () => {
    await opened?.close();
  });

  it('gives every day of 2023–2025 the half-month and the reporting month of both bases the shared code gives', async () => {
    const days: string[] = [];
    for (let day = '2023-01-01'; day <= '2025-12-31'; day = addDays(day, 1)) days.push(day);
    const d = sql.ref('d.day');
    const result = await sql<{ day: string; half: string; decree: number; calendar: number }>`
      select d.day, ${halfMonthSql(d)} as half, ${reportingMonthNumberSql(d, 'decree09')} as decree,
        ${reportingMonthNumberSql(d, 'calendar')} as calendar
      from jsonb_array_elements_text(${JSON.stringify(days)}::jsonb) as d(day)`.execute(opened.db);
    expect(result.rows).toHaveLength(days.length);
    for (const row of result.rows) {
      expect([row.day, row.half]).toEqual([row.day, halfMonthOf(row.day)]);
      expect([row.day, Number(row.decree)]).toEqual([row.day, reportingMonthNumber(row.day, 'decree09')]);
      expect([row.day, Number(row.calendar)]).toEqual([row.day, reportingMonthNumber(row.day, 'calendar')]);
    }
  });
});
