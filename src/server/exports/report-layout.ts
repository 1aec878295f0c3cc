import { ACTIVITY_KIND_LABELS_VI, type ActivityKind } from '../../shared/activity';
import { formatDateVi, formatNumberVi } from '../../shared/format';
import type { Target } from '../../shared/plan';
import { TASK_STATUS_LABELS_VI } from '../../shared/progress';
import type { Report, Totals } from '../../shared/report';

/**
 * What every export format prints, laid out once: the report's figures as labelled rows, so
 * that the .docx, the .xlsx and the .csv can never disagree on a number or a label.
 */

/** One figure line of the totals table, in the order plans list what a report must state. */
export interface FigureLine {
  readonly kind: ActivityKind;
  readonly figure: string;
  readonly label: string;
  readonly unitLabel: string;
}

/** The figures a report states (plans, section IV: classes, articles, leaflets, broadcasts…). */
export const FIGURE_LINES: readonly FigureLine[] = [
  { kind: 'training', figure: 'sessions', label: 'Lớp tập huấn, bồi dưỡng', unitLabel: 'lớp' },
  { kind: 'training', figure: 'participants', label: 'Người tham dự tập huấn', unitLabel: 'lượt người' },
  { kind: 'article', figure: 'items', label: 'Tin, bài tuyên truyền', unitLabel: 'tin, bài' },
  { kind: 'material', figure: 'copiesReceived', label: 'Tài liệu, tờ rơi nhận về', unitLabel: 'bản' },
  { kind: 'material', figure: 'copiesDistributed', label: 'Tài liệu, tờ rơi cấp phát', unitLabel: 'bản' },
  { kind: 'broadcast', figure: 'sessions', label: 'Buổi phát thanh CCHC', unitLabel: 'buổi' },
  { kind: 'broadcast', figure: 'ownSessions', label: '— trong đó tự sản xuất', unitLabel: 'buổi' },
  { kind: 'broadcast', figure: 'relaySessions', label: '— trong đó tiếp sóng', unitLabel: 'buổi' },
  { kind: 'broadcast', figure: 'minutes', label: 'Thời lượng phát thanh', unitLabel: 'phút' },
  { kind: 'visual', figure: 'items', label: 'Pa nô, áp phích, băng rôn, khẩu hiệu', unitLabel: 'cái' },
  { kind: 'meeting', figure: 'sessions', label: 'Hội nghị, đối thoại, tọa đàm', unitLabel: 'cuộc' },
  { kind: 'meeting', figure: 'participants', label: 'Người tham dự hội nghị', unitLabel: 'lượt người' },
  { kind: 'contest', figure: 'sessions', label: 'Cuộc thi, hội thi', unitLabel: 'cuộc' },
  { kind: 'contest', figure: 'participants', label: 'Người dự thi', unitLabel: 'lượt người' },
  { kind: 'other', figure: 'items', label: 'Hoạt động khác', unitLabel: 'hoạt động' },
];

/** The value of one figure in a totals object; 0 when nothing was logged. */
export function figureValue(totals: Totals, line: Pick<FigureLine, 'kind' | 'figure'>): number {
  return totals[line.kind]?.[line.figure] ?? 0;
}

const SHORT: Record<string, string> = {
  'training.sessions': 'Lớp TH',
  'training.participants': 'Người dự TH',
  'article.items': 'Tin, bài',
  'material.copiesReceived': 'TL nhận',
  'material.copiesDistributed': 'TL phát',
  'broadcast.sessions': 'Buổi PT',
  'broadcast.minutes': 'Phút PT',
  'visual.items': 'Pa nô, áp phích',
  'meeting.sessions': 'Hội nghị',
  'meeting.participants': 'Người dự HN',
  'contest.sessions': 'Cuộc thi',
  'contest.participants': 'Người dự thi',
  'other.items': 'Khác',
};

/** Short column headings for the by-unit table, one per figure line (no sub-lines). */
export const UNIT_COLUMNS: readonly (FigureLine & { short: string })[] = FIGURE_LINES.filter(
  (line) => !line.label.startsWith('—'),
).map((line) => ({ ...line, short: SHORT[`${line.kind}.${line.figure}`] ?? line.label }));

/** "12 lần/tháng", "tối thiểu 1 lần/năm", "4 lần trong kỳ thực hiện"; "—" without a target. */
export function describeTarget(target: Target | null): string {
  if (!target) return '—';
  const per = {
    week: '/tuần',
    month: '/tháng',
    quarter: '/quý',
    year: '/năm',
    window: ' trong thời gian thực hiện',
  }[target.per];
  return `${target.atLeast ? 'Tối thiểu ' : ''}${formatNumberVi(target.count)} lần${per}`;
}

/** Vietnamese name of a task status. */
export function statusLabel(status: keyof typeof TASK_STATUS_LABELS_VI): string {
  return TASK_STATUS_LABELS_VI[status];
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

/** Issuer, number, place and date derived from the unit ("Huyện Cẩm Xuyên" → "ỦY BAN NHÂN DÂN HUYỆN CẨM XUYÊN"). */
export function defaultHeading(report: Report, date: string): ReportHeading {
  const name = report.unit.name.trim();
  const place = name.replace(/^(tỉnh|thành phố|huyện|thị xã|quận|xã|phường|thị trấn)\s+/iu, '');
  return {
    issuer: `ỦY BAN NHÂN DÂN ${name.toLocaleUpperCase('vi')}`,
    number: 'Số:        /BC-UBND',
    place,
    date,
  };
}

/** "Cẩm Xuyên, ngày 16 tháng 9 năm 2024". */
export function placeAndDate(heading: ReportHeading): string {
  const [y, m, d] = heading.date.split('-').map(Number);
  return `${heading.place}, ngày ${d} tháng ${m} năm ${y}`;
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

/** Safe file name part: "bao-cao-cchc-2024-Q3-decree09". */
export function exportFileName(report: Report, extension: string): string {
  return `bao-cao-cchc-${report.period.code}-${report.period.basis}.${extension}`;
}
