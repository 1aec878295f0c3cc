import { exportFileName, REPORT_FILE_TYPES } from '../../shared/report-layout';
import type { Narrative } from '../../shared/report-narrative';
import type { LocalReport } from './local-report';

/**
 * The report as a .docx or an .xlsx, made in the browser by the same renderers the server uses
 * (src/shared/report-files). They load on first use: nothing of docx or exceljs is in the first
 * screen's JavaScript; the service worker precaches them, so they load offline too.
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
      : await (await import('../../shared/report-files/report-xlsx')).renderReportXlsx(report, {
          lateEntries,
          narrative,
        });
  return new File([bytes as Uint8Array<ArrayBuffer>], exportFileName(report, format), {
    type: REPORT_FILE_TYPES[format],
  });
}
