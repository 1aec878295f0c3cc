import type { SignoffStatusResponse, Submission } from '../../shared/signoff';
import { SIGNOFF_TEXT } from '../../shared/signoff';
import type { ErrorBody } from '../../shared/sync';
import { readMeta } from '../db/meta';
import type { AppDatabase, SubmissionRow } from '../db/schema';
import { outboxSize, recordSyncError } from '../db/sync-store';
import {
  markNudgesNotified,
  queuedSubmissions,
  refuseSubmission,
  storeNudges,
  storeServerSubmissions,
} from '../db/signoff';
import { runSync } from './sync-client';
import { SyncError, type SyncOutcome, type Transport } from './transport';

/**
 * Before the sync of the entries: each submission of a period queued at its place in the outbox
 * goes up there, after the changes made before it and before those made after it (so the figures
 * the server keeps at its receipt are the ones the person saw). The changes up to the first such
 * place are pushed (`runSync` up to it), the submissions at it are sent, and so on; the sync of the
 * rest follows. A failure throws, so that nothing made after a submission goes up before it: it
 * all waits, queued, for the next sync. A submission the server refuses in words is kept with
 * them and never holds the outbox.
 */
export async function sendSubmissionsInPlace(db: AppDatabase, transport: Transport): Promise<void> {
  for (;;) {
    const placed = (await queuedSubmissions(db)).filter((r) => r.uptoSeq !== undefined);
    if (placed.length === 0) return;
    const meta = await readMeta(db);
    if (!meta.token) return;
    const place = Math.min(...placed.map((r) => r.uptoSeq!));
    if ((await outboxSize(db, place)) > 0) {
      await runSync(db, transport, { uptoSeq: place });
      // A sync that ended leaves nothing up to its bound; should it not, nothing goes past it.
      if ((await outboxSize(db, place)) > 0) throw new SyncError('retryable', 'submission-place');
    }
    for (const row of placed.filter((r) => r.uptoSeq === place)) {
      const sent = await sendSubmission(db, transport, meta.token, row);
      if (sent !== 'done') {
        const failure =
          sent === 'offline'
            ? new SyncError('offline', 'network')
            : sent === 'auth'
              ? new SyncError('auth', 'HTTP 401', undefined, 401)
              : new SyncError('retryable', sent.retry);
        await recordSyncError(db, failure.kind === 'offline' ? 'offline' : failure.message);
        throw failure;
      }
    }
  }
}

/** The sync the scheduler runs: the submissions at their places (sendSubmissionsInPlace), then the rest. */
export async function syncInPlace(db: AppDatabase, transport: Transport): Promise<SyncOutcome | null> {
  await sendSubmissionsInPlace(db, transport);
  return runSync(db, transport);
}

/**
 * After a sync has pushed the entries: sends the submissions of periods the person made (offline
 * ones included; the server takes each once, by its id, however often it is sent) whose place in
 * the outbox is reached (see sendSubmissionsInPlace), then reads the unit's submissions (the
 * supervisor's answers) and its nudges. A network failure leaves what is queued for the next sync;
 * a refusal in words is kept on the submission for the person to read.
 */
export async function syncSignoff(db: AppDatabase, transport: Transport): Promise<void> {
  const meta = await readMeta(db);
  if (!meta.token) return;
  const headers = { authorization: `Bearer ${meta.token}` };
  for (const row of await queuedSubmissions(db)) {
    // One whose earlier changes still wait goes up with them, at the next sync.
    if (row.uptoSeq !== undefined && (await outboxSize(db, row.uptoSeq)) > 0) continue;
    if ((await sendSubmission(db, transport, meta.token, row)) !== 'done') return;
  }
  let status: SignoffStatusResponse;
  try {
    const response = await transport.fetch(`${transport.baseUrl}/api/v1/signoff`, { headers });
    if (!response.ok) return;
    status = (await response.json()) as SignoffStatusResponse;
  } catch {
    return;
  }
  const justReturned = await storeServerSubmissions(db, status.submissions);
  // A report just returned reminds at once (the banner), not at the next app open.
  if (justReturned.length > 0) {
    await (await import('../reminders/run-reminders')).runReminders(db).catch(() => undefined);
  }
  // The report's .xlsx writer, kept for offline use (loaded only when not kept yet).
  void import('../report/report-files').then((m) => m.keepSpreadsheetWriter()).catch(() => undefined);
  const fresh = await storeNudges(db, status.nudges);
  const lines = fresh.map((n) => `${n.fromName}: ${n.message}`);
  // Shown as the reminders show theirs (loaded only when a nudge is new).
  const shown =
    fresh.length > 0 &&
    (await (
      await import('../reminders/run-reminders')
    ).showNotification(SIGNOFF_TEXT.nudges.vi, lines, {
      tag: 'cchc-nudge',
      url: '/',
    }));
  if (shown) {
    await markNudgesNotified(
      db,
      fresh.map((n) => n.id),
    );
  }
}

/**
 * Sends one queued submission: 'done' once the server took it (kept as the server's record) or
 * refused it in words (kept with them); else why it is still queued.
 */
async function sendSubmission(
  db: AppDatabase,
  transport: Transport,
  token: string,
  row: SubmissionRow,
): Promise<'done' | 'offline' | 'auth' | { retry: string }> {
  let response: Response;
  try {
    response = await transport.fetch(`${transport.baseUrl}/api/v1/submissions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        id: row.id,
        unitId: row.unitId,
        period: row.period,
        basis: row.basis,
        submittedAt: row.submittedAt,
        ...(row.note ? { note: row.note } : {}),
      }),
    });
  } catch {
    return 'offline';
  }
  if (response.ok) {
    await storeServerSubmissions(db, [((await response.json()) as { submission: Submission }).submission]);
  } else if (response.status === 401) {
    // The phone's token, not the submission: it stays queued for after a new enrolment.
    return 'auth';
  } else if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
    await refuseSubmission(db, row.id, await errorOf(response));
  } else {
    return { retry: `HTTP ${response.status}` };
  }
  return 'done';
}

async function errorOf(response: Response): Promise<string> {
  try {
    return ((await response.json()) as Partial<ErrorBody>).error ?? `Máy chủ trả lời ${response.status}.`;
  } catch {
    return `Máy chủ trả lời ${response.status}.`;
  }
}
