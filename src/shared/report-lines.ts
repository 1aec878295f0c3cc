import type { Totals } from './report';
import type { ActivityKind } from './activity';
import type { Target } from './plan';
import { formatNumberVi } from './format';

/**
 * The figures a period report states, with their Vietnamese labels, in the order the plans'
 * section on reporting lists them; the print view and every exported file show these lines.
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
