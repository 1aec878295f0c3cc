/**
 * The service worker's cache of the .xlsx writer (exceljs): left out of the precache for its
 * weight, kept once a page has loaded it online (src/app/sw/sw.ts), so that a phone makes its .xlsx
 * offline. The phone looks into it before loading the writer after a sync (src/app/sync/signoff-sync.ts).
 */
export const REPORT_XLSX_CACHE = 'cchc-report-xlsx';
