import { ACTIVITY_KIND_LABELS_VI, type ActivityKind } from './activity';
import { formatDateVi, formatNumberVi } from './format';
import { TASK_STATUS_LABELS, type TaskStatus } from './progress';
import type { PlanHeading, Report } from './report';

/**
 * What every export format prints, laid out once: the report's figures as labelled rows, so
 * that the .docx, the .xlsx and the .csv can never disagree on a number or a label.
 */

/** Vietnamese name of a task status. */
export function statusLabel(status: TaskStatus): string {
  return TASK_STATUS_LABELS[status].vi;
}

/** "Từ ngày 15/06/2024 đến ngày 14/09/2024 (theo Nghị định 09/2019/NĐ-CP)". */
export function describeRange(report: Report): string {
  const basis = report.period.basis === 'decree09' ? 'theo Nghị định số 09/2019/NĐ-CP' : 'theo tháng dương lịch';
  return `Từ ngày ${formatDateVi(report.period.from)} đến ngày ${formatDateVi(report.period.to)} (${basis})`;
}

/** An entry that reached the server after its period closed, as the report lists it. */
export interface LateEntry {
  readonly unitName: string;
  readonly date: string;
  readonly kind: ActivityKind;
  readonly title: string;
  readonly receivedAt: string;
  /** Its attachments the server holds complete (the report's "Minh chứng"), when known. */
  readonly evidence?: number;
}

/** Complete attachments on a report's entries: per row of its by-unit table, and in all. */
export interface EvidenceCounts {
  readonly byUnit: ReadonlyMap<string, number>;
  readonly total: number;
}

/** The national title and motto every administrative document carries (Decree 30/2020/NĐ-CP). */
export const NATIONAL_TITLE = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
/** The motto under the national title. */
export const NATIONAL_MOTTO = 'Độc lập - Tự do - Hạnh phúc';
/** The kind of document, above its title. */
export const DOCUMENT_KIND = 'BÁO CÁO';

/** Who signs: "TM. ỦY BAN NHÂN DÂN" / "CHỦ TỊCH" and, when known, the name under the signature. */
export interface Signer {
  readonly capacity: string;
  readonly title: string;
  readonly name?: string;
}

/** The signer of a People's Committee's report unless told otherwise. */
export const DEFAULT_SIGNER: Signer = { capacity: 'TM. ỦY BAN NHÂN DÂN', title: 'CHỦ TỊCH' };

/**
 * The "Nơi nhận" lines without their dash: the recipients, or a dotted line the clerk fills in,
 * then the archive copy ("Lưu: VT"), which is always there.
 */
export function recipientLines(recipients: readonly string[] = []): string[] {
  return [...(recipients.length > 0 ? recipients : ['……………………']), 'Lưu: VT'];
}

/** What the issuer block of the document says; defaults fit the unit the report is about. */
export interface ReportHeading {
  /** "ỦY BAN NHÂN DÂN HUYỆN CẨM XUYÊN". */
  readonly issuer: string;
  /** "Số: …/BC-UBND" with the number left blank for the clerk. */
  readonly number: string;
  /** "Cẩm Xuyên". */
  readonly place: string;
  /** Local date the document is dated. */
  readonly date: string;
}

/** The place a document of a unit is dated at: its name without the type word ("Xã Cẩm Xuyên" → "Cẩm Xuyên"). */
export function placeOf(unitName: string): string {
  return unitName.trim().replace(/^(tỉnh|thành phố|huyện|thị xã|quận|xã|phường|thị trấn|đặc khu)\s+/iu, '');
}

/** Issuer, number, place and date derived from the unit ("Huyện Cẩm Xuyên" → "ỦY BAN NHÂN DÂN HUYỆN CẨM XUYÊN"). */
export function defaultHeading(report: Report, date: string): ReportHeading {
  const name = report.unit.name.trim();
  const place = placeOf(name);
  return {
    issuer: `ỦY BAN NHÂN DÂN ${name.toLocaleUpperCase('vi')}`,
    number: 'Số:        /BC-UBND',
    place,
    date,
  };
}

/** The issuer's name on its two lines: "ỦY BAN NHÂN DÂN" above the place ("HUYỆN CẨM XUYÊN"). */
export function issuerLines(heading: Pick<ReportHeading, 'issuer'>): string[] {
  const words = heading.issuer.split(' ');
  return [words.slice(0, 4).join(' '), words.slice(4).join(' ')].filter(Boolean);
}

/**
 * "Cẩm Xuyên, ngày 16 tháng 9 năm 2024"; Decree 30/2020/NĐ-CP writes days below 10 and the months
 * 1 and 2 with a leading zero ("ngày 05 tháng 02") so nobody can add a digit after signing.
 */
export function placeAndDate(heading: Pick<ReportHeading, 'place' | 'date'>): string {
  const [y, m, d] = heading.date.split('-').map(Number) as [number, number, number];
  const day = d < 10 ? `0${d}` : String(d);
  const month = m < 3 ? `0${m}` : String(m);
  return `${heading.place}, ngày ${day} tháng ${month} năm ${y}`;
}

/** "16/9/2024": the short date a cross-reference to the document uses ("Báo cáo số … ngày 16/9/2024"). */
export function shortDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  return `${d}/${m}/${y}`;
}

const UNIT_TYPE = /^(Tỉnh|Thành phố|Huyện|Thị xã|Quận|Xã|Phường|Thị trấn)(?=\s)/u;

/** A unit's name inside a sentence: "Huyện Cẩm Xuyên" → "huyện Cẩm Xuyên" (proper names keep their capitals). */
export function nameInSentence(name: string): string {
  return name.trim().replace(UNIT_TYPE, (type) => type.toLocaleLowerCase('vi'));
}

/** The document title: "Kết quả công tác tuyên truyền cải cách hành chính Quý III/2024". */
export function reportSubtitle(report: Report): string {
  return `Kết quả công tác tuyên truyền cải cách hành chính ${report.period.label}`;
}

/** Kind name for a late-entry row. */
export function kindLabel(kind: ActivityKind): string {
  return ACTIVITY_KIND_LABELS_VI[kind];
}

/** "33,3%" or "—" when no unit is eligible. */
export function formatShare(share: number | null): string {
  if (share === null) return '—';
  return `${formatNumberVi(Math.round(share * 1000) / 10)}%`;
}

/** The media types of the report's files, as a download or a share names them. */
export const REPORT_FILE_TYPES = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
} as const;

/** Safe file name part: "bao-cao-cchc-2024-Q3-decree09". */
export function exportFileName(report: Report, extension: string): string {
  return `bao-cao-cchc-${report.period.code}-${report.period.basis}.${extension}`;
}

/** "Nơi nhận" of a report sent up: the parent unit's People's Committee, "UBND tỉnh Hà Tĩnh (để báo cáo)". */
export function recipientsFor(parentName: string | null | undefined): string[] {
  return parentName ? [`UBND ${nameInSentence(parentName)} (để báo cáo)`] : [];
}

/** How many assignees stand where, "16 đã thực hiện; 5 quá hạn"; empty for a task of one unit. */
export function statusBreakdown(task: Report['byTask'][number]): string {
  if (task.assignees <= 1) return '';
  const parts = (['done', 'on_track', 'behind', 'overdue', 'not_due'] as const)
    .filter((s) => task.assigneesByStatus[s] > 0)
    .map((s) => `${formatNumberVi(task.assigneesByStatus[s])} ${statusLabel(s).toLocaleLowerCase('vi')}`);
  if (parts.length <= 1) return `${formatNumberVi(task.assignees)}/${formatNumberVi(task.assignees)} đơn vị`;
  return parts.join('; ');
}

/** Vietnam wall-clock time of an instant as a Date whose UTC fields read it, for spreadsheet cells. */
export function vietnamWallClock(instant: string): Date {
  return new Date(Date.parse(instant) + 7 * 60 * 60 * 1000);
}

/**
 * The heading a report prints above a plan's tasks: "Kế hoạch số 152/KH-UBND ngày 20/01/2021:
 * Tuyên truyền cải cách hành chính huyện Cẩm Xuyên năm 2021"; a plan not yet numbered is named by
 * its title alone.
 */
export function planHeadingText(plan: Pick<PlanHeading, 'number' | 'issuedOn' | 'title'>): string {
  const title = plan.title.trim();
  if (!plan.number && !plan.issuedOn) return title;
  const subject = title.replace(/^kế hoạch\s+/iu, '');
  const named = `Kế hoạch${plan.number ? ` số ${plan.number}` : ''}${plan.issuedOn ? ` ngày ${formatDateVi(plan.issuedOn)}` : ''}`;
  return `${named}: ${subject.charAt(0).toLocaleUpperCase('vi')}${subject.slice(1)}`;
}

/** A task row's place under its plan: the rows of `byTask` grouped by `plans`, in order. */
export function tasksByPlan<T extends { readonly planId: string }>(
  plans: readonly PlanHeading[],
  rows: readonly T[],
): { plan: PlanHeading; rows: T[] }[] {
  return plans.map((plan) => ({ plan, rows: rows.filter((row) => row.planId === plan.id) }));
}
