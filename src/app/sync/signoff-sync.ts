import { REPORT_XLSX_CACHE } from '../../shared/report-files/cache-name';
import type { SignoffStatusResponse, Submission } from '../../shared/signoff';
import { SIGNOFF_TEXT } from '../../shared/signoff';
import type { ErrorBody } from '../../shared/sync';
import { readMeta } from '../db/meta';
import type { AppDatabase } from '../db/schema';
import {
  markNudgesNotified,
  queuedSubmissions,
  refuseSubmission,
  storeNudges,
  storeServerSubmissions,
} from '../db/signoff';
import type { Transport } from './transport';

/**
 * After a sync has pushed the entries: sends the submissions of periods the person made (offline
 * ones included; the server takes each once, by its id, however often it is sent), then reads the
 * unit's submissions (the supervisor's answers) and its nudges. A network failure leaves what is
 * queued for the next sync; a refusal in words is kept on the submission for the person to read.
 */
export async function syncSignoff(db: AppDatabase, transport: Transport): Promise<void> {
  const meta = await readMeta(db);
  if (!meta.token) return;
  const headers = { authorization: `Bearer ${meta.token}`, 'content-type': 'application/json' };
  for (const row of await queuedSubmissions(db)) {
    let response: Response;
    try {
      response = await transport.fetch(`${transport.baseUrl}/api/v1/submissions`, {
        method: 'POST',
        headers,
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
      return;
    }
    if (response.ok) {
      await storeServerSubmissions(db, [((await response.json()) as { submission: Submission }).submission]);
    } else if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
      await refuseSubmission(db, row.id, await errorOf(response));
    } else {
      return;
    }
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
  void keepSpreadsheetWriter().catch(() => undefined);
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
 * The period report's .xlsx writer (exceljs) is not precached, for its weight: after a good sync,
 * on a page the service worker controls, it is loaded once in the background when the worker has
 * not kept it yet, so that the phone makes its .xlsx offline even if its report screen was never
 * opened online (the report screen loads it too). Never when the person asks the browser to save
 * data; once kept, nothing is loaded (nor parsed) again.
 */
async function keepSpreadsheetWriter(): Promise<void> {
  const nav = navigator as Navigator & { connection?: { saveData?: boolean } };
  if (!nav.serviceWorker?.controller || typeof caches === 'undefined' || nav.connection?.saveData) return;
  if ((await (await caches.open(REPORT_XLSX_CACHE)).keys()).length > 0) return;
  await import('../../shared/report-files/report-xlsx');
}

async function errorOf(response: Response): Promise<string> {
  try {
    return ((await response.json()) as Partial<ErrorBody>).error ?? `Máy chủ trả lời ${response.status}.`;
  } catch {
    return `Máy chủ trả lời ${response.status}.`;
  }
}
