// Reports at scale: a province's quarter, 6 and 9 months and year on both bases (and a year still
// running) with 1,000,000 (default) or 10,000,000 entries in PostgreSQL, through buildReport and
// through GET /api/v1/report, against a full recount of the entries in the same run.
// Run: npx tsx test/bench/reports.ts [--entries 1000000] [--keep] (keep reuses the database next time)
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../src/server/db/schema';
import { type PeriodBasis, parsePeriodCode, periodRange } from '../../src/shared/period';
import { buildApp } from '../../src/server/app';
import { openDatabase } from '../../src/server/db/database';
import { createEnrollmentCode } from '../../src/server/devices/enrollment';
import { buildReport } from '../../src/server/reports/report.service';
import { argOf, type Figure, hasFlag, percentile, printFigures, writeResult } from './lib/figures';
import {
  BENCH_UNIT_PREFIX,
  checkFactsAgainstWritePath,
  ensureBenchPlan,
  insertActivities,
  loadCountry,
  relinkTasksByKind,
  rebuildFacts,
} from './lib/report-data';
import { createBenchDatabase, dropBenchDatabase, POSTGRES_ADMIN_URL } from './lib/server';

const RUNS = 7;
const AS_OF = '2026-01-10';
/**
 * Every length of period on both bases, closed by AS_OF, and a year still running (asOf inside it,
 * so post-office stock is counted to a day inside a half-month). The recount baseline runs for the
 * first two only.
 */
const PERIODS: readonly { code: string; label: string; basis: PeriodBasis; asOf: string; recount?: true }[] = [
  { code: '2025-Q3', label: 'quarter', basis: 'decree09', asOf: AS_OF, recount: true },
  { code: '2025', label: 'year', basis: 'decree09', asOf: AS_OF, recount: true },
  { code: '2025-H1', label: '6 months', basis: 'decree09', asOf: AS_OF },
  { code: '2025-9M', label: '9 months', basis: 'decree09', asOf: AS_OF },
  { code: '2025-Q3', label: 'quarter, calendar', basis: 'calendar', asOf: AS_OF },
  { code: '2025-H1', label: '6 months, calendar', basis: 'calendar', asOf: AS_OF },
  { code: '2025-9M', label: '9 months, calendar', basis: 'calendar', asOf: AS_OF },
  { code: '2025', label: 'year, calendar', basis: 'calendar', asOf: AS_OF },
  { code: '2026', label: 'year to date (asOf 2026-08-20)', basis: 'decree09', asOf: '2026-08-20' },
];

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

/**
 * CPU time so far of this process and of the database's PostgreSQL backends (read from /proc, so
 * only when the server runs on this machine; null otherwise), in ms. Other work on a shared
 * machine stretches wall time far more than it stretches this.
 */
async function cpuNow(db: Kysely<Database>, dbName: string): Promise<{ node: number; postgres: number | null }> {
  const usage = process.cpuUsage();
  const pids = (await sql<{ pid: number }>`select pid from pg_stat_activity where datname = ${dbName}`.execute(db))
    .rows;
  let ticks: number | null = 0;
  for (const { pid } of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      ticks = null;
      break;
    }
  }
  // /proc counts in clock ticks, 100 a second on Linux.
  return { node: (usage.user + usage.system) / 1000, postgres: ticks === null ? null : ticks * 10 };
}

interface Timing {
  median: number;
  p90: number;
  samples: number[];
  /** Mean CPU per run: Node, and PostgreSQL when readable. */
  cpu: { node: number; postgres: number | null };
}

async function timeRuns(work: () => Promise<unknown>, cpu?: () => ReturnType<typeof cpuNow>): Promise<Timing> {
  await work();
  const samples: number[] = [];
  const before = await cpu?.();
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await work();
    samples.push(performance.now() - t);
  }
  const after = await cpu?.();
  const used = {
    node: before && after ? (after.node - before.node) / RUNS : 0,
    postgres: before?.postgres != null && after?.postgres != null ? (after.postgres - before.postgres) / RUNS : null,
  };
  return { median: percentile(samples, 50)!, p90: percentile(samples, 90)!, samples, cpu: used };
}

/** "CPU 61 ms (Node 41 + PostgreSQL 20)" for a figure's note. */
function cpuNote(cpu: Timing['cpu']): string {
  if (cpu.postgres === null) return `Node CPU ${Math.round(cpu.node)} ms`;
  return `CPU ${Math.round(cpu.node + cpu.postgres)} ms (Node ${Math.round(cpu.node)} + PostgreSQL ${Math.round(cpu.postgres)})`;
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
  const loadAtStart = loadavg().map((n) => Number(n.toFixed(2)));
  const figures: Figure[] = [];
  try {
    const count = async () =>
      Number((await sql<{ n: string }>`select count(*) as n from activities`.execute(db)).rows[0]!.n);
    if (!reuse || (await count()) !== entries) {
      await sql`truncate activities, facts, half_month_totals, half_month_task_facts`.execute(db);
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
      // As autovacuum leaves tables written over months: statistics, and pages marked all-visible
      // (the task roll-up is read from its key alone).
      await sql`vacuum analyze`.execute(db);
      details.loadSeconds = { activities: (t1 - t0) / 1000, facts: (performance.now() - t1) / 1000 };
    } else {
      // A database kept from before task links followed kinds: relink, then rebuild the roll-ups.
      const t0 = performance.now();
      const relinked = await relinkTasksByKind(db);
      if (relinked > 0) {
        await rebuildFacts(db);
        await sql`vacuum analyze`.execute(db);
        details.relinked = { entries: relinked, seconds: (performance.now() - t0) / 1000 };
        console.log(`reports: ${relinked} task links relinked by kind, roll-ups rebuilt`);
      }
    }
    const factRows = Number((await sql<{ n: string }>`select count(*) as n from facts`.execute(db)).rows[0]!.n);
    details.factRows = factRows;
    const halfMonthRows = Number(
      (await sql<{ n: string }>`select count(*) as n from half_month_totals`.execute(db)).rows[0]!.n,
    );
    const taskHalfMonthRows = Number(
      (await sql<{ n: string }>`select count(*) as n from half_month_task_facts`.execute(db)).rows[0]!.n,
    );
    details.halfMonthRows = { totals: halfMonthRows, tasks: taskHalfMonthRows };
    // The province with the most communes is the heaviest report.
    const biggest = await sql<{ id: string; name: string; communes: string }>`
      select p.id, p.name, count(c.id) as communes from units p join units c on c.parent_id = p.id
      where p.kind = 'province' and p.id like ${`${BENCH_UNIT_PREFIX}%`}
      group by p.id, p.name order by count(c.id) desc limit 1`.execute(db);
    const province = biggest.rows[0]!;
    // A province plan with five tasks assigned to each commune: every report also computes progress.
    await ensureBenchPlan(db, province.id);
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
      `reports: ${entries} entries, ${factRows} daily roll-up rows, ${halfMonthRows} + ${taskHalfMonthRows} half-month ones (totals + task links); ${province.name} has ${province.communes} communes and ${provinceEntries} entries`,
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
    for (const { code: periodCode, label, basis, asOf, recount: withRecount } of PERIODS) {
      const period = parsePeriodCode(periodCode)!;
      const cpu = () => cpuNow(db, dbName);
      const direct = await timeRuns(() => buildReport(db, { unitId: province.id, period, basis, asOf }), cpu);
      const http = await timeRuns(async () => {
        const r = await app.inject({
          method: 'GET',
          url: `/api/v1/report?unitId=${encodeURIComponent(province.id)}&period=${periodCode}&basis=${basis}&asOf=${asOf}`,
          headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' },
        });
        if (r.statusCode !== 200) throw new Error(`report: ${r.statusCode} ${r.body.slice(0, 300)}`);
      });
      const tag = `${entries >= 1_000_000 ? `${entries / 1_000_000}M` : entries}`;
      figures.push(
        {
          name: `report ${label} (${periodCode}), ${tag} entries, buildReport`,
          value: direct.median,
          unit: 'ms',
          target: { op: '<=', value: 100, text: '< 100 ms' },
          note: `p90 ${Math.round(direct.p90)} ms, ${RUNS} runs; ${cpuNote(direct.cpu)}`,
        },
        {
          name: `report ${label} (${periodCode}), ${tag} entries, GET /api/v1/report`,
          value: http.median,
          unit: 'ms',
          target: { op: '<=', value: 100, text: '< 100 ms' },
          note: `p90 ${Math.round(http.p90)} ms`,
        },
      );
      timings[`${label} ${periodCode}`] = { period: periodCode, basis, asOf, direct, http };
      if (!withRecount) continue;
      // The baseline: the same totals recounted from the entries themselves.
      const { from, to } = periodRange(period, basis);
      const recount = await timeRuns(() =>
        sql`select a.unit_id, a.kind, sum(coalesce((a.figures->>'copies')::float8, 0)), count(*)
            from activities a join units u on u.id = a.unit_id
            where u.path like ${`/${province.id}/%`} and a.date between ${from} and ${to} and not a.voided
            group by 1, 2`.execute(db),
      );
      timings[`${label} ${periodCode}`] = { period: periodCode, basis, asOf, direct, http, recount };
      figures.push({
        name: `report ${label}, ${tag}: SQL recount of totals from entries`,
        value: recount.median,
        unit: 'ms',
        note: 'baseline: totals only, no byUnit/byTask',
      });
    }
    details.timings = timings;
    await app.close();
  } finally {
    await opened.close();
    if (!keep) await dropBenchDatabase(dbName);
  }
  // Other work on the machine stretches wall times: say how busy it was.
  details.loadAverage = { atStart: loadAtStart, atEnd: loadavg().map((n) => Number(n.toFixed(2))) };
  printFigures(
    `reports (PostgreSQL, ${entries.toLocaleString('en-US')} entries; load average ${loadAtStart[0]} at start, ${loadavg()[0]!.toFixed(2)} at end)`,
    figures,
  );
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
