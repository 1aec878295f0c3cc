// Reports at scale: a province's quarter and year with 1,000,000 (default) or 10,000,000 entries in
// PostgreSQL, through buildReport and through GET /api/v1/report, against a full recount of the
// entries in the same run.
// Run: npx tsx test/bench/reports.ts [--entries 1000000] [--keep] (keep reuses the database next time)
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { parsePeriodCode } from '../../src/shared/period';
import { buildApp } from '../../src/server/app';
import { openDatabase } from '../../src/server/db/database';
import { createEnrollmentCode } from '../../src/server/devices/enrollment';
import { buildReport } from '../../src/server/reports/report.service';
import { argOf, type Figure, hasFlag, percentile, printFigures, writeResult } from './lib/figures';
import {
  BENCH_UNIT_PREFIX,
  checkFactsAgainstWritePath,
  insertActivities,
  loadCountry,
  rebuildFacts,
} from './lib/report-data';
import { createBenchDatabase, dropBenchDatabase, POSTGRES_ADMIN_URL } from './lib/server';

const RUNS = 7;
const AS_OF = '2026-01-10';
const PERIODS = [
  { code: '2025-Q3', label: 'quarter' },
  { code: '2025', label: 'year' },
] as const;

async function databaseExists(name: string): Promise<boolean> {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    return (await client.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1;
  } finally {
    await client.end();
  }
}

async function timeRuns(work: () => Promise<unknown>): Promise<{ median: number; p90: number; samples: number[] }> {
  await work();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await work();
    samples.push(performance.now() - t);
  }
  return { median: percentile(samples, 50)!, p90: percentile(samples, 90)!, samples };
}

/** Fills (or reuses) the database, then times each report; returns the figures. */
export async function benchReports(entries: number, keep: boolean): Promise<Figure[]> {
  const started = new Date().toISOString();
  const dbName = `bench_reports_${entries}`;
  const reuse = keep && (await databaseExists(dbName));
  const url = reuse ? `${POSTGRES_ADMIN_URL.replace(/\/[^/]*$/, '')}/${dbName}` : await createBenchDatabase(dbName);
  const opened = await openDatabase({ databaseUrl: url });
  const db = opened.db;
  const details: Record<string, unknown> = { entries, reused: reuse };
  const figures: Figure[] = [];
  try {
    const count = async () =>
      Number((await sql<{ n: string }>`select count(*) as n from activities`.execute(db)).rows[0]!.n);
    if (!reuse || (await count()) !== entries) {
      await sql`truncate activities, facts, half_month_facts, half_month_task_facts`.execute(db);
      await loadCountry(db);
      const t0 = performance.now();
      const chunk = 1_000_000;
      for (let from = 1; from <= entries; from += chunk) {
        const to = Math.min(entries, from + chunk - 1);
        await insertActivities(db, from, to, entries);
        console.log(
          `reports: ${to.toLocaleString('en-US')} entries inserted (${Math.round((performance.now() - t0) / 1000)} s)`,
        );
      }
      const t1 = performance.now();
      await rebuildFacts(db);
      await sql`analyze`.execute(db);
      details.loadSeconds = { activities: (t1 - t0) / 1000, facts: (performance.now() - t1) / 1000 };
    }
    const factRows = Number((await sql<{ n: string }>`select count(*) as n from facts`.execute(db)).rows[0]!.n);
    details.factRows = factRows;
    const halfMonthRows = Number(
      (await sql<{ n: string }>`select count(*) as n from half_month_facts`.execute(db)).rows[0]!.n,
    );
    const taskHalfMonthRows = Number(
      (await sql<{ n: string }>`select count(*) as n from half_month_task_facts`.execute(db)).rows[0]!.n,
    );
    details.halfMonthRows = { facts: halfMonthRows, tasks: taskHalfMonthRows };
    // The province with the most communes is the heaviest report.
    const biggest = await sql<{ id: string; name: string; communes: string }>`
      select p.id, p.name, count(c.id) as communes from units p join units c on c.parent_id = p.id
      where p.kind = 'province' and p.id like ${`${BENCH_UNIT_PREFIX}%`}
      group by p.id, p.name order by count(c.id) desc limit 1`.execute(db);
    const province = biggest.rows[0]!;
    const sample = await sql<{ id: string }>`
      select id from units where parent_id = ${province.id} order by id limit 3`.execute(db);
    details.factsChecked = await checkFactsAgainstWritePath(
      db,
      sample.rows.map((r) => r.id),
    );
    const provinceEntries = Number(
      (
        await sql<{ n: string }>`select count(*) as n from activities a join units u on u.id = a.unit_id
        where u.parent_id = ${province.id}`.execute(db)
      ).rows[0]!.n,
    );
    console.log(
      `reports: ${entries} entries, ${factRows} daily roll-up rows, ${halfMonthRows} + ${taskHalfMonthRows} half-month ones; ${province.name} has ${province.communes} communes and ${provinceEntries} entries`,
    );
    details.province = { ...province, entries: provinceEntries };

    const app = await buildApp({ db, now: () => new Date(`${AS_OF}T03:00:00Z`) });
    const { code } = await createEnrollmentCode(db, { unitId: province.id, role: 'supervisor', now: new Date() });
    const enrolled = await app.inject({
      method: 'POST',
      url: '/api/v1/enroll',
      payload: { code, deviceName: 'Bench' },
    });
    if (enrolled.statusCode !== 200) throw new Error(`enroll: ${enrolled.statusCode} ${enrolled.body}`);
    const token = (enrolled.json() as { token: string }).token;

    const timings: Record<string, unknown> = {};
    for (const { code: periodCode, label } of PERIODS) {
      const period = parsePeriodCode(periodCode)!;
      const direct = await timeRuns(() =>
        buildReport(db, { unitId: province.id, period, basis: 'decree09', asOf: AS_OF }),
      );
      const http = await timeRuns(async () => {
        const r = await app.inject({
          method: 'GET',
          url: `/api/v1/report?unitId=${encodeURIComponent(province.id)}&period=${periodCode}`,
          headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' },
        });
        if (r.statusCode !== 200) throw new Error(`report: ${r.statusCode} ${r.body.slice(0, 300)}`);
      });
      // The baseline: the same totals recounted from the entries themselves.
      const { from, to } = (await import('../../src/shared/period')).periodRange(period, 'decree09');
      const recount = await timeRuns(() =>
        sql`select a.unit_id, a.kind, sum(coalesce((a.figures->>'copies')::float8, 0)), count(*)
            from activities a join units u on u.id = a.unit_id
            where u.path like ${`/${province.id}/%`} and a.date between ${from} and ${to} and not a.voided
            group by 1, 2`.execute(db),
      );
      timings[label] = { period: periodCode, direct, http, recount };
      const tag = `${entries >= 1_000_000 ? `${entries / 1_000_000}M` : entries}`;
      figures.push(
        {
          name: `report ${label} (${periodCode}), ${tag} entries, buildReport`,
          value: direct.median,
          unit: 'ms',
          target: { op: '<=', value: 100, text: '< 100 ms' },
          note: `p90 ${Math.round(direct.p90)} ms, ${RUNS} runs`,
        },
        {
          name: `report ${label} (${periodCode}), ${tag} entries, GET /api/v1/report`,
          value: http.median,
          unit: 'ms',
          target: { op: '<=', value: 100, text: '< 100 ms' },
          note: `p90 ${Math.round(http.p90)} ms`,
        },
        {
          name: `report ${label}, ${tag}: SQL recount of totals from entries`,
          value: recount.median,
          unit: 'ms',
          note: 'baseline: totals only, no byUnit/byTask',
        },
      );
    }
    details.timings = timings;
    await app.close();
  } finally {
    await opened.close();
    if (!keep) await dropBenchDatabase(dbName);
  }
  printFigures(`reports (PostgreSQL, ${entries.toLocaleString('en-US')} entries)`, figures);
  writeResult({
    bench: `reports-${entries}`,
    startedAt: started,
    finishedAt: new Date().toISOString(),
    command: `npx tsx test/bench/reports.ts --entries ${entries}${keep ? ' --keep' : ''}`,
    figures,
    details,
  });
  return figures;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await benchReports(Number(argOf('entries', '1000000')), hasFlag('keep'));
}
