import type { ActivityKind } from './activity';
import { formatDateVi, formatNumberVi } from './format';
import { kindDefinition, REPORT_ORDER } from './kinds';
import type { Report, TaskRow, Totals } from './report';
import { describeTarget } from './target';

/**
 * The words of a period report, written from its figures: what was done against the plan, what fell
 * short, and the officer's proposals. One home for the sentence rules: the phone's report, the
 * console's and every exported file say a result the same way. An officer edits the text before
 * export; these are the drafts.
 */
export interface Narrative {
  /** Results against the plan, one paragraph a line. */
  readonly results: string;
  /** What fell short: tasks behind their target and by how much, indicators not met. */
  readonly shortfalls: string;
  /** Proposals (đề xuất, kiến nghị): the officer's own words; empty in a draft. */
  readonly proposals: string;
}

/** The three parts, in the order a report prints them. */
export const NARRATIVE_PARTS = ['results', 'shortfalls', 'proposals'] as const;

/** The headings of the parts, as the report prints them. */
export const NARRATIVE_HEADINGS: Readonly<Record<keyof Narrative, string>> = {
  results: 'Kết quả thực hiện so với kế hoạch',
  shortfalls: 'Tồn tại, hạn chế',
  proposals: 'Đề xuất, kiến nghị',
};

/** What a report prints where a part was left empty: a dotted line for the clerk to fill in. */
export const EMPTY_PART = '……………………………………………';

/** A count as Vietnamese reports write one: two digits below ten ("03 lớp"), dots from a thousand on. */
export function countText(n: number): string {
  return Number.isInteger(n) && n > 0 && n < 10 ? `0${n}` : formatNumberVi(n);
}

type Figures = Readonly<Record<string, number>>;
const v = (figures: Figures, name: string) => figures[name] ?? 0;
const c = (figures: Figures, name: string) => countText(v(figures, name));
/** " với 105 lượt người tham gia" when any took part. */
const withPeople = (figures: Figures, name: string, words: string) =>
  v(figures, name) > 0 ? ` với ${c(figures, name)} ${words}` : '';

/** What each kind's figures say, after "Đã": every kind has its phrase (the compiler holds it). */
const DONE: Readonly<Record<ActivityKind, (f: Figures) => string>> & Partial<Record<string, (f: Figures) => string>> = {
  training: (f) => `tổ chức ${c(f, 'sessions')} lớp tập huấn${withPeople(f, 'participants', 'lượt người tham gia')}`,
  law_day: (f) =>
    `tổ chức ${c(f, 'sessions')} buổi Ngày Pháp luật, sinh hoạt chuyên đề pháp luật${withPeople(f, 'participants', 'lượt người tham gia')}`,
  article: (f) => `đăng ${c(f, 'items')} tin, bài trên trang, cổng thông tin điện tử`,
  press: (f) => `đăng ${c(f, 'items')} tin, bài trên báo in, báo điện tử`,
  social: (f) => `đăng ${c(f, 'posts')} bài trên mạng xã hội${withPeople(f, 'reach', 'lượt tiếp cận')}`,
  material: (f) =>
    [
      v(f, 'copiesReceived') > 0 ? `tiếp nhận ${c(f, 'copiesReceived')} bản` : '',
      v(f, 'copiesDistributed') > 0 ? `cấp phát ${c(f, 'copiesDistributed')} bản` : '',
    ]
      .filter(Boolean)
      .join(' và ') + ' tài liệu, tờ rơi tuyên truyền',
  radio_tv: (f) =>
    `phát sóng ${c(f, 'programmes')} chương trình, chuyên mục trên đài phát thanh - truyền hình${v(f, 'minutes') > 0 ? ` với thời lượng ${c(f, 'minutes')} phút` : ''}`,
  broadcast: (f) =>
    `phát ${c(f, 'sessions')} buổi tuyên truyền cải cách hành chính trên hệ thống loa truyền thanh cơ sở${v(f, 'minutes') > 0 ? ` với tổng thời lượng ${c(f, 'minutes')} phút` : ''}`,
  visual: (f) => `treo, dựng ${c(f, 'items')} pa nô, áp phích, băng rôn, khẩu hiệu`,
  meeting: (f) =>
    `tổ chức ${c(f, 'sessions')} hội nghị, đối thoại, tọa đàm${withPeople(f, 'participants', 'lượt người tham dự')}`,
  desk_guidance: (f) =>
    `hướng dẫn ${c(f, 'people')} lượt người tại Bộ phận một cửa${v(f, 'online') > 0 ? `, trong đó hỗ trợ ${c(f, 'online')} lượt nộp hồ sơ trực tuyến` : ''}`,
  survey: (f) =>
    `thực hiện ${c(f, 'surveys')} cuộc khảo sát mức độ hài lòng${withPeople(f, 'responses', 'lượt trả lời')}`,
  contest: (f) => `tổ chức ${c(f, 'sessions')} cuộc thi, hội thi${withPeople(f, 'participants', 'lượt người dự thi')}`,
  other: (f) => `thực hiện ${c(f, 'items')} hoạt động tuyên truyền khác`,
};

/** The few words a kind's result takes in a short summary ("24 buổi phát thanh"). */
const SHORT: Readonly<Record<ActivityKind, (f: Figures) => string>> & Partial<Record<string, (f: Figures) => string>> =
  {
    broadcast: (f) => `${c(f, 'sessions')} buổi phát thanh`,
    training: (f) => `${c(f, 'sessions')} lớp tập huấn`,
    law_day: (f) => `${c(f, 'sessions')} buổi Ngày Pháp luật`,
    meeting: (f) => `${c(f, 'sessions')} hội nghị, đối thoại`,
    desk_guidance: (f) => `${c(f, 'people')} lượt người được hướng dẫn tại một cửa`,
    social: (f) => `${c(f, 'posts')} bài trên mạng xã hội`,
    article: (f) => `${c(f, 'items')} tin, bài trên cổng thông tin`,
    press: (f) => `${c(f, 'items')} tin, bài trên báo`,
    material: (f) =>
      v(f, 'copiesDistributed') > 0
        ? `${c(f, 'copiesDistributed')} bản tài liệu cấp phát`
        : `${c(f, 'copiesReceived')} bản tài liệu nhận về`,
    radio_tv: (f) => `${c(f, 'programmes')} chương trình phát thanh - truyền hình`,
    visual: (f) => `${c(f, 'items')} pa nô, băng rôn`,
    survey: (f) => `${c(f, 'surveys')} cuộc khảo sát`,
    contest: (f) => `${c(f, 'sessions')} cuộc thi`,
    other: (f) => `${c(f, 'items')} hoạt động khác`,
  };

/** The order of a short summary: what a commune does most first. */
const SUMMARY_ORDER = Object.keys(SHORT) as ActivityKind[];

/**
 * A kind without words of its own here (added to the definition since, or synced from a newer
 * release) is said from its definition: "thực hiện tập podcast tuyên truyền CCHC: 02 tập".
 */
function doneWords(kind: ActivityKind, figures: Figures, short: boolean): string {
  const words = (short ? SHORT : DONE)[kind];
  if (words) return words(figures);
  const definition = kindDefinition(kind);
  const sums = (definition?.sums ?? []).filter((sum) => !sum.money && !sum.part && v(figures, sum.name) > 0);
  const counts = sums.map((sum) => `${c(figures, sum.name)} ${sum.unit.vi}`);
  const name = (definition?.name.vi ?? kind).toLocaleLowerCase('vi');
  return short ? `${counts[0] ?? ''} ${name}`.trim() : `thực hiện ${name}: ${counts.join(', ')}`;
}

function kindsDone(totals: Totals, known: readonly ActivityKind[]): ActivityKind[] {
  const order = [...known, ...(Object.keys(totals) as ActivityKind[]).filter((kind) => !known.includes(kind))];
  return order.filter((kind) => {
    const figures = totals[kind];
    // Money alone says nothing done: it is reported against the budget, not here.
    return figures !== undefined && Object.entries(figures).some(([name, value]) => name !== 'spentVnd' && value > 0);
  });
}

/** Rounded down, so that a task one short of its target never reads 100%. */
function percent(actual: number, total: number): number {
  return Math.floor((actual * 100) / total + 1e-9);
}

/** The tasks a kind's result is measured against: those asking for that kind alone, with a target in the period. */
function tasksOfKind(report: Report, kind: ActivityKind): TaskRow[] {
  return report.byTask.filter((row) => row.total > 0 && row.kinds?.length === 1 && row.kinds[0] === kind);
}

/** "Đã tổ chức 03 lớp tập huấn với 105 lượt người tham gia, đạt 100% chỉ tiêu." */
export function kindResultSentence(report: Report, kind: ActivityKind): string {
  const tasks = tasksOfKind(report, kind);
  const total = tasks.reduce((sum, row) => sum + row.total, 0);
  const actual = tasks.reduce((sum, row) => sum + row.actual, 0);
  const target = total > 0 ? `, đạt ${percent(actual, total)}% chỉ tiêu` : '';
  return `Đã ${doneWords(kind, report.totals[kind] ?? {}, false)}${target}.`;
}

/** Tasks that have something asked or done in the period. */
function activeTasks(report: Report): TaskRow[] {
  return report.byTask.filter((row) => row.total > 0 || row.actual > 0 || row.status !== 'not_due');
}

const STATUS_WORDS = [
  ['done', 'đã hoàn thành'],
  ['on_track', 'đúng tiến độ'],
  ['behind', 'chậm tiến độ'],
  ['overdue', 'quá hạn'],
] as const;

/** "Trong kỳ có 05 nhiệm vụ theo kế hoạch: 03 đã hoàn thành, 01 đúng tiến độ, 01 chậm tiến độ." */
function tasksSentence(report: Report): string | null {
  const tasks = activeTasks(report);
  if (tasks.length === 0) return null;
  const parts = STATUS_WORDS.map(([status, words]) => {
    const n = tasks.filter((row) => row.status === status).length;
    return n > 0 ? `${countText(n)} ${words}` : '';
  }).filter(Boolean);
  return `Trong kỳ có ${countText(tasks.length)} nhiệm vụ theo kế hoạch${parts.length > 0 ? `: ${parts.join(', ')}` : ''}.`;
}

/** The results part: one sentence per kind done, in the report's order, then the tasks' standing. */
export function resultsText(report: Report): string {
  const lines = kindsDone(report.totals, REPORT_ORDER).map((kind) => kindResultSentence(report, kind));
  if (lines.length === 0) lines.push('Trong kỳ chưa ghi nhận hoạt động tuyên truyền cải cách hành chính nào.');
  const tasks = tasksSentence(report);
  if (tasks) lines.push(tasks);
  return lines.join('\n');
}

/**
 * How far a task is behind: against what is due by the report's date while the period runs, against
 * the whole period once it has closed. Null when it is not behind.
 */
export function shortfallSentence(row: TaskRow, asOf: string): string | null {
  if (row.status !== 'behind' && row.status !== 'overdue') return null;
  const target = row.target ? ` (chỉ tiêu ${describeTarget(row.target).toLocaleLowerCase('vi')})` : '';
  const head = `Nhiệm vụ "${row.title}"${target}`;
  if (row.due < row.total) {
    return `${head}: đến ngày ${formatDateVi(asOf)} mới thực hiện ${countText(row.actual)}/${countText(row.due)} lần phải đạt, còn thiếu ${countText(row.due - row.actual)} lần.`;
  }
  const pct = row.total > 0 ? `, đạt ${percent(row.actual, row.total)}% chỉ tiêu` : '';
  return `${head}: mới thực hiện ${countText(row.actual)}/${countText(row.total)} lần${pct}, còn thiếu ${countText(Math.max(0, row.total - row.actual))} lần.`;
}

/** The shortfalls part: tasks behind, by how much, then coverage indicators not met. */
export function shortfallsText(report: Report): string {
  const lines: string[] = [];
  for (const row of report.byTask) {
    const sentence = shortfallSentence(row, report.asOf);
    if (sentence) lines.push(sentence);
  }
  for (const indicator of report.coverage) {
    if (indicator.eligible === 0 || indicator.uncovered.length === 0) continue;
    lines.push(
      `Chỉ tiêu "${indicator.label}" chưa đạt ở ${countText(indicator.uncovered.length)}/${countText(indicator.eligible)} đơn vị: ${indicator.uncovered.map((u) => u.name).join(', ')}.`,
    );
  }
  if (lines.length === 0) lines.push('Các nhiệm vụ được giao trong kỳ đều đạt tiến độ đề ra.');
  return lines.join('\n');
}

/** The narrative written from a report's figures, before the officer edits it. */
export function draftNarrative(report: Report): Narrative {
  return { results: resultsText(report), shortfalls: shortfallsText(report), proposals: '' };
}

/** A draft with the officer's edits laid over it: a part edited is kept as typed, the others follow the figures. */
export function narrativeWith(report: Report, edits: Partial<Narrative> | undefined): Narrative {
  return { ...draftNarrative(report), ...edits };
}

/** The paragraphs of a part; a part left empty prints the dotted line. */
export function paragraphsOf(text: string): string[] {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  return lines.length > 0 ? lines : [EMPTY_PART];
}

/**
 * The short text shared with the report to a Zalo group: "Xã Cẩm Thạch, Quý III/2026: 24 buổi
 * phát thanh, 03 lớp tập huấn; 04/05 nhiệm vụ đã hoàn thành."
 */
export function shareSummary(report: Report): string {
  const done = kindsDone(report.totals, SUMMARY_ORDER).map((kind) => doneWords(kind, report.totals[kind] ?? {}, true));
  const head = `${report.unit.name}, ${report.period.label}`;
  const tasks = activeTasks(report);
  const finished = tasks.filter((row) => row.status === 'done').length;
  const taskPart = tasks.length > 0 ? `; ${countText(finished)}/${countText(tasks.length)} nhiệm vụ đã hoàn thành` : '';
  const body = done.length > 0 ? done.join(', ') : 'chưa ghi nhận hoạt động nào';
  return `${head}: ${body}${taskPart}.`;
}
