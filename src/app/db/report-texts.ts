import type { PeriodBasis } from '../../shared/period';
import type { Narrative } from '../../shared/report-narrative';
import { type ReportTextEdits, writeMeta } from './meta';
import type { AppDatabase } from './schema';

/** Where an officer's edits of a report's narrative are kept: per unit, period and basis. */
export function reportTextKey(unitId: string, periodCode: string, basis: PeriodBasis): string {
  return `${unitId}|${periodCode}|${basis}`;
}

/** Every report's edits the device holds. */
export async function readReportTexts(db: AppDatabase): Promise<Record<string, ReportTextEdits>> {
  const row = await db.meta.get('reportTexts');
  return row?.key === 'reportTexts' ? row.value : {};
}

/**
 * Keeps one part of a report's narrative as the officer typed it, or, with `null`, forgets it so that
 * the part follows the figures again. Read and written in one transaction: two parts saved at
 * once both stay.
 */
export async function saveReportText(
  db: AppDatabase,
  key: string,
  part: keyof Narrative,
  text: string | null,
): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    const all = await readReportTexts(db);
    const edits: ReportTextEdits = { ...all[key] };
    if (text === null) delete edits[part];
    else edits[part] = text;
    await writeMeta(db, { reportTexts: { ...all, [key]: edits } });
  });
}
