import type { Nudge, Submission } from '../../shared/signoff';
import type { AppDatabase, NudgeRow, SubmissionRow } from './schema';

/**
 * Queues a submission of a period ("Gửi báo cáo kỳ"): it waits here, offline if need be, at its
 * place in the outbox (the last change then waiting): the next sync pushes the changes made before
 * it, sends it, then pushes those made after it, so the figures the server keeps are the ones the
 * person saw when submitting.
 */
export async function queueSubmission(
  db: AppDatabase,
  row: Pick<SubmissionRow, 'id' | 'unitId' | 'period' | 'basis' | 'submittedAt' | 'note'>,
): Promise<void> {
  await db.transaction('rw', db.submissions, db.outbox, async () => {
    const uptoSeq = (await db.outbox.orderBy('seq').last())?.seq ?? 0;
    await db.submissions.put({ ...row, state: 'queued', server: null, uptoSeq });
  });
}

/** The submissions still waiting to be sent, oldest first. */
export async function queuedSubmissions(db: AppDatabase): Promise<SubmissionRow[]> {
  const rows = await db.submissions.toArray();
  return rows.filter((r) => r.state === 'queued').sort((a, b) => a.submittedAt.localeCompare(b.submittedAt));
}

/**
 * Keeps the server's records of the unit's submissions: each one the phone holds is replaced by
 * the server's (a queued one the server took becomes sent); one made on another phone is added.
 * Returns the submissions that have just been returned (the supervisor's answer is new).
 */
export async function storeServerSubmissions(
  db: AppDatabase,
  submissions: readonly Submission[],
): Promise<Submission[]> {
  return db.transaction('rw', db.submissions, async () => {
    const justReturned: Submission[] = [];
    for (const server of submissions) {
      const before = await db.submissions.get(server.id);
      if (server.status === 'returned' && before?.server?.status !== 'returned') justReturned.push(server);
      await db.submissions.put({
        id: server.id,
        unitId: server.unitId,
        period: server.period,
        basis: server.basis,
        submittedAt: server.deviceSubmittedAt,
        note: server.note,
        state: 'sent',
        server,
      });
    }
    return justReturned;
  });
}

/** The latest submission of a period on this phone (queued or sent), or null. */
export async function latestSubmission(
  db: AppDatabase,
  period: string,
  basis: SubmissionRow['basis'],
): Promise<SubmissionRow | null> {
  return latestOf(await db.submissions.where('[period+basis]').equals([period, basis]).toArray());
}

/** The latest of one period's submissions: a queued one is the newest the person made; among those the server has, its order wins. */
function latestOf(rows: SubmissionRow[]): SubmissionRow | null {
  const queued = rows.filter((r) => r.state === 'queued').sort((a, b) => a.submittedAt.localeCompare(b.submittedAt));
  if (queued.length > 0) return queued.at(-1)!;
  const sent = rows.sort((a, b) => (a.server?.submittedAt ?? '').localeCompare(b.server?.submittedAt ?? ''));
  return sent.at(-1) ?? null;
}

/**
 * Where the unit's period reports of a basis stand on this phone, for its reminders: the periods
 * submitted (queued, awaiting approval or approved) and those returned (a refused one is neither:
 * the person has to send it again, and the report is still due).
 */
export async function submittedReports(db: AppDatabase, unitId: string, basis: SubmissionRow['basis']) {
  const byPeriod = new Map<string, SubmissionRow[]>();
  for (const row of await db.submissions.toArray()) {
    if (row.unitId !== unitId || row.basis !== basis) continue;
    byPeriod.set(row.period, [...(byPeriod.get(row.period) ?? []), row]);
  }
  const submitted = new Set<string>();
  const returned: { period: string; decidedAt: string | null; comment: string | null }[] = [];
  for (const [period, rows] of byPeriod) {
    const latest = latestOf(rows)!;
    if (latest.error) continue;
    if (latest.state === 'sent' && latest.server?.status === 'returned')
      returned.push({ period, decidedAt: latest.server.decidedAt, comment: latest.server.comment });
    else submitted.add(period);
  }
  returned.sort((a, b) => a.period.localeCompare(b.period));
  return { submitted, returned };
}

/** Stores nudges the server gave; returns the ones the phone had not seen before. */
export async function storeNudges(db: AppDatabase, nudges: readonly Nudge[]): Promise<Nudge[]> {
  return db.transaction('rw', db.nudges, async () => {
    const fresh: Nudge[] = [];
    for (const nudge of nudges) {
      if (await db.nudges.get(nudge.id)) continue;
      await db.nudges.put({ ...nudge, dismissed: false, notified: false });
      fresh.push(nudge);
    }
    return fresh;
  });
}

/** The nudges the person has not dismissed, newest first. */
export async function openNudges(db: AppDatabase): Promise<NudgeRow[]> {
  const rows = await db.nudges.orderBy('createdAt').reverse().toArray();
  return rows.filter((r) => !r.dismissed);
}

/** The person read a nudge. */
export async function dismissNudge(db: AppDatabase, id: string): Promise<void> {
  const row = await db.nudges.get(id);
  if (row) await db.nudges.put({ ...row, dismissed: true });
}

/** Marks nudges as notified. */
export async function markNudgesNotified(db: AppDatabase, ids: readonly string[]): Promise<void> {
  await db.transaction('rw', db.nudges, async () => {
    for (const id of ids) {
      const row = await db.nudges.get(id);
      if (row) await db.nudges.put({ ...row, notified: true });
    }
  });
}

/** The server refused a queued submission for good: it is kept with the server's words. */
export async function refuseSubmission(db: AppDatabase, id: string, error: string): Promise<void> {
  const row = await db.submissions.get(id);
  if (row) await db.submissions.put({ ...row, state: 'sent', error });
}
