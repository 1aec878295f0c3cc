/**
 * The service worker's cache of the .xlsx writer (exceljs): left out of the precache for its
 * weight, kept once a page has loaded it online (src/app/sw/sw.ts), so that a phone makes its .xlsx
 * offline. The page looks into it before loading the writer again (src/app/report/report-files.ts).
 */
export const REPORT_XLSX_CACHE = 'cchc-report-xlsx';
