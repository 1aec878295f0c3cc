import { formatDateTimeVi, formatDateVi, formatNumberVi } from './format';
import type { Report, Totals } from './report';
import { type FigureLine, figureValue, UNIT_COLUMNS } from './report-lines';
import { SIGNOFF_TEXT, type SignoffSummary, type SignoffUnit, statusText, timelinessText } from './signoff';

/**
 * A unit's approved figures beside its current ones, in the words the console's sign-off and the
 * report files (.docx annex, .xlsx sheet) share. Apart from signoff.ts so the phone's first screen,
 * which reads the sign-off's shapes and words, does not carry the figure lines.
 */

/** A figure line whose approved and current values differ. */
export interface FigureChange {
  readonly line: FigureLine;
  readonly approved: number;
  readonly current: number;
}

/** The figure lines (one per unit column) whose approved and current values differ. */
export function changedFigures(approved: Totals, current: Totals): FigureChange[] {
  return UNIT_COLUMNS.map((line) => ({
    line,
    approved: figureValue(approved, line),
    current: figureValue(current, line),
  })).filter((c) => c.approved !== c.current);
}

/** "Buổi PT: 3 → 6": the lines whose approved and current figures differ, else those of the approval. */
export function compareFigures(approved: Totals | null, current: Totals): string {
  const lines = UNIT_COLUMNS.filter(
    (line) => figureValue(current, line) > 0 || (approved && figureValue(approved, line) > 0),
  );
  if (!approved) return lines.map((l) => `${l.short}: ${formatNumberVi(figureValue(current, l))}`).join('; ');
  return lines
    .map((l) => {
      const was = figureValue(approved, l);
      const now = figureValue(current, l);
      return was === now
        ? `${l.short}: ${formatNumberVi(now)}`
        : `${l.short}: ${formatNumberVi(was)} → ${formatNumberVi(now)}`;
    })
    .join('; ');
}

/**
 * The sign-off a report's files carry: a supervisor unit's report over its communes (a commune's
 * own report has only itself to count), null when the report has none.
 */
export function supervisorSignoff(report: Pick<Report, 'unit' | 'signoff'>): SignoffSummary | null {
  const signoff = report.signoff;
  if (!signoff?.units.some((u) => u.unitId !== report.unit.id)) return null;
  return signoff;
}

/**
 * "Hạn gửi: 19/09/2024", a unit's own due date, when the communes' plans set different days (the
 * count line then gives only their span); empty when all are due the same day.
 */
export function ownDueText(
  signoff: Pick<SignoffSummary, 'dueDate' | 'lastDueDate'>,
  unit: Pick<SignoffUnit, 'dueDate'>,
  language: 'vi' | 'en' = 'vi',
): string {
  if (signoff.lastDueDate === signoff.dueDate) return '';
  return SIGNOFF_TEXT.due[language].replace('{date}', formatDateVi(unit.dueDate));
}

/**
 * "Đã duyệt · Đúng hạn (thay đổi sau khi duyệt)": a unit's status in the files' words, with its own
 * due date when the communes' differ ("Trễ hạn · Hạn gửi: 19/09/2024").
 */
export function signoffStatusCell(
  unit: SignoffUnit,
  signoff?: Pick<SignoffSummary, 'dueDate' | 'lastDueDate'>,
): string {
  const parts = [statusText(unit.status)];
  if (unit.status) parts.push(timelinessText(unit.timeliness));
  const status = parts.join(' · ') + (unit.changedAfterApproval ? ` (${SIGNOFF_TEXT.changedAfterApproval.vi})` : '');
  const due = signoff ? ownDueText(signoff, unit) : '';
  return due ? `${status} · ${due}` : status;
}

/** "Đã duyệt 17/10/2024 09:30" or "Bị trả lại 17/10/2024 09:30: thiếu …"; empty while undecided. */
export function signoffDecisionCell(unit: SignoffUnit): string {
  if (!unit.decidedAt || (unit.status !== 'approved' && unit.status !== 'returned')) return '';
  return `${statusText(unit.status)} ${formatDateTimeVi(unit.decidedAt)}${unit.comment ? `: ${unit.comment}` : ''}`;
}
