/**
 * A plan's schedule, read from its prose (never from its task table): when its units report
 * ("định kỳ quý, 6 tháng, năm tổng hợp báo cáo UBND huyện", "báo cáo hằng tháng trước ngày 15")
 * and the dated deadlines it sets ("xây dựng kế hoạch … gửi về UBND huyện trước ngày 31/01/2021").
 * As everywhere in the importer, "trước ngày 31/01" leaves 30/01 as the last day on time.
 */
import { isRealDate } from '../format';
import { addDays } from '../period';
import type { PlanDeadline, PlanSchedule, ReportSchedule } from '../plan';
import { foldForMatch, squash } from './normalize';

type ReportPeriod = ReportSchedule['periods'][number];

const PERIOD_WORDS: readonly [RegExp, ReportPeriod][] = [
  [/\b(?:hang|moi|dinh ky|bao cao) thang\b/, 'month'],
  [/\bquy\b(?!\s*(?:i|ii|iii|iv|[1-4]|dinh|che|trinh|hoach|mo|chuan|tac|luat|nhan)\b)/, 'quarter'],
  [/\b0?6 thang\b|\bsau thang\b/, 'half'],
  [/\b0?9 thang\b|\bchin thang\b/, 'nine_months'],
  [/\bnam\b(?!\s*\d)/, 'year'],
];
// A report, not a speaker ("báo cáo viên") nor a report already named in the recital.
const REPORT = /\bbao cao\b(?!\s*vien)/;
const RECURRING =
  /\bdinh ky\b|\bhang (?:thang|quy|nam)\b|\(\s*quy|bao cao (?:ket qua )?(?:cchc )?quy|hinh thuc bao cao|thoi gian bao cao/;
const DUE_DAY = /\btruoc ngay (\d{1,2})(?![\d/])/;
const DATED = /\b(truoc|cham nhat|han chot)(?: ngay)? (\d{1,2})\/(\d{1,2})\/(\d{4})\b/;

/** The reporting schedule and the deadlines of a plan's prose; empty lists when it states none. */
export function findSchedule(lines: readonly string[]): PlanSchedule {
  const reports: ReportSchedule[] = [];
  const deadlines: PlanDeadline[] = [];
  for (const raw of lines) {
    // A table row (its cells apart by tabs) is a task's timing, not the plan's schedule.
    if (raw.includes('\t')) continue;
    for (const sentence of squash(raw).split(/(?<=[.;])\s+/u)) {
      const text = sentence.trim();
      if (text.length < 8) continue;
      const folded = foldForMatch(text);
      const dated = DATED.exec(folded);
      if (dated) {
        const iso = `${dated[4]}-${dated[3]!.padStart(2, '0')}-${dated[2]!.padStart(2, '0')}`;
        if (isRealDate(iso)) {
          deadlines.push({ due: dated[1] === 'truoc' ? addDays(iso, -1) : iso, text: text.slice(0, 2000) });
          continue;
        }
      }
      if (!REPORT.test(folded) || !RECURRING.test(folded)) continue;
      const periods = PERIOD_WORDS.filter(([words]) => words.test(folded)).map(([, period]) => period);
      if (periods.length === 0) continue;
      const due = DUE_DAY.exec(folded);
      const dueDay = due ? Number(due[1]) : null;
      reports.push({
        periods,
        dueDay: dueDay !== null && dueDay >= 1 && dueDay <= 31 ? dueDay : null,
        text: text.slice(0, 2000),
      });
    }
  }
  return { reports: reports.slice(0, 50), deadlines: deadlines.slice(0, 50) };
}
