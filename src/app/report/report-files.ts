import { REPORT_XLSX_CACHE } from '../../shared/report-files/cache-name';
import { exportFileName, REPORT_FILE_TYPES } from '../../shared/report-layout';
import type { Narrative } from '../../shared/report-narrative';
import type { LocalReport } from './local-report';

/**
 * The report as a .docx or an .xlsx, made in the browser by the same renderers the server uses
 * (src/shared/report-files). They load on first use: nothing of docx or exceljs is in the first
 * screen's JavaScript. The .docx writer is precached, so it loads offline from the start; the
 * .xlsx writer (exceljs, 259 KB gzip) is kept by the service worker once loaded online
 * (after a sync, `keepSpreadsheetWriter`; on the report screen, `warmSpreadsheetWriter`).
 */
export async function makeReportFile(local: LocalReport, narrative: Narrative, format: 'docx' | 'xlsx'): Promise<File> {
  const { report, lateEntries, recipients } = local;
  const bytes =
    format === 'docx'
      ? await (await import('../../shared/report-files/report-docx')).renderReportDocx(report, {
          lateEntries,
          recipients,
          narrative,
        })
      : await (await loadSpreadsheetWriter()).renderReportXlsx(report, {
          lateEntries,
          narrative,
        });
  return new File([bytes as Uint8Array<ArrayBuffer>], exportFileName(report, format), {
    type: REPORT_FILE_TYPES[format],
  });
}

/**
 * Loads the .xlsx writer in the background while the phone is online, so that the service worker
 * keeps it and an .xlsx can be made offline later. Never on a metered first screen: the report
 * screen calls it, when the browser is idle.
 */
export function warmSpreadsheetWriter(): void {
  if (typeof navigator !== 'undefined' && navigator.onLine === false) return;
  const load = () => void loadSpreadsheetWriter().catch(() => undefined);
  const idle = (globalThis as { requestIdleCallback?: (run: () => void, options?: { timeout: number }) => void })
    .requestIdleCallback;
  if (idle) idle(load, { timeout: 5_000 });
  else setTimeout(load, 2_000);
}

/**
 * After a good sync, on a page the service worker controls: loads the .xlsx writer once in the
 * background when the worker has not kept it yet, so that the phone makes its .xlsx offline even
 * if its report screen was never opened online. Never when the person asks the browser to save
 * data; once kept, nothing is loaded (nor parsed) again.
 */
export async function keepSpreadsheetWriter(): Promise<void> {
  const nav = navigator as Navigator & { connection?: { saveData?: boolean } };
  if (!nav.serviceWorker?.controller || typeof caches === 'undefined' || nav.connection?.saveData) return;
  if ((await (await caches.open(REPORT_XLSX_CACHE)).keys()).length > 0) return;
  await loadSpreadsheetWriter();
}

/** The .xlsx writer (exceljs), loaded on first use. */
function loadSpreadsheetWriter() {
  return import('../../shared/report-files/report-xlsx');
}
