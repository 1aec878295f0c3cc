/**
 * The timing column of a plan: when a task runs (window), when it must be finished (deadline) and
 * how often (target). Windows are calendar periods because the plan's words are calendar words;
 * the Decree 09 cut-off on the 14th applies to reporting, not to when a task is to be done.
 */
import type { DateWindow, Target } from '../plan';
import { addDays, periodRange } from '../period';
import { isRealDate } from '../format';
import { foldForMatch } from './normalize';

/** What a timing phrase says; `isRecognised` is false when nothing in it could be read. */
export interface TimingReading {
  readonly window: DateWindow | null;
  readonly deadline: string | null;
  readonly target: Target | null;
  readonly isRecognised: boolean;
}

type Per = Exclude<Target['per'], 'window'>;

const PERIOD_WORDS: Record<string, Per> = { tuan: 'week', thang: 'month', quy: 'quarter', nam: 'year' };
const PER_YEAR: Record<Per, number> = { week: 52, month: 12, quarter: 4, year: 1 };

// Units a count is written in: programmes (CT), issues (số), times, sessions, classes, items...
// A unit may hold a comma ("04 tin, bài/tháng"): the longer forms come first.
const UNIT =
  '(?:tin\\s*,\\s*bai|tin bai|lan|so|ct|chuong trinh|buoi|lop|bai|tin|muc|chuyen muc|cuoc|hoi nghi|dot|ky|to|pano|phong su|an pham|video|clip|tieu pham|hoat dong)';
const RATE = new RegExp(
  `(?<![\\d/.,])(\\d{1,6})\\s*${UNIT}?\\s*(?:/|\\btren\\s+|\\bmoi\\s+|\\bmot\\s+)\\s*(\\d{1,2})?\\s*(tuan|thang|quy|nam)\\b`,
);
const RATE_EACH_FIRST = new RegExp(`\\b(?:moi|hang)\\s+(tuan|thang|quy|nam)\\s*:?\\s*(\\d{1,6})\\s*${UNIT}\\b`);
// "Hằng năm" says the task recurs, not how often within the year, so it sets no target.
const EVERY = /\b(?:hang|moi|dinh ky hang|dinh ky)\s+(tuan|thang|quy)\b/;
const TOTAL = new RegExp(`(?<![\\d/.,])(\\d{1,6})\\s*${UNIT}(?![a-z])`);
const AT_LEAST = /\b(?:toi thieu|it nhat|khong it hon|tro len)\b/;

/**
 * A count per period written in a phrase: "01CT/tháng" → 1 per month; null when there is none.
 * A whole written beside the rate is kept: "12CT; 01CT/tháng" → 1 per month, 12 in all.
 */
export function parseFrequency(text: string): Target | null {
  const folded = foldForMatch(text);
  const atLeast = AT_LEAST.test(folded);
  const rate = RATE.exec(folded);
  if (rate) {
    const target = targetFromRate(Number(rate[1]), Number(rate[2] ?? 1), PERIOD_WORDS[rate[3]!]!, atLeast);
    if (target) return withTotal(target, folded.replace(rate[0], ' '));
  }
  const eachFirst = RATE_EACH_FIRST.exec(folded);
  if (eachFirst) {
    const target = targetFromRate(Number(eachFirst[2]), 1, PERIOD_WORDS[eachFirst[1]!]!, atLeast);
    if (target) return withTotal(target, folded.replace(eachFirst[0], ' '));
  }
  const every = EVERY.exec(folded);
  if (every) return { count: 1, per: PERIOD_WORDS[every[1]!]!, atLeast };
  const total = TOTAL.exec(folded);
  const count = Number(total?.[1] ?? 0);
  return count >= 1 && count <= 100_000 ? { count, per: 'window', atLeast } : null;
}

// The whole a phrase states besides its rate ("12CT" of "12CT; 01CT/tháng"), when it is more than
// one period's count.
function withTotal(target: Target, rest: string): Target {
  const total = TOTAL.exec(rest);
  const count = Number(total?.[1] ?? 0);
  return count > target.count && count <= 1_000_000 ? { ...target, total: count } : target;
}

// "1 số/3 tháng" is a quarterly rate; other multiples become a yearly count when it is whole.
function targetFromRate(count: number, every: number, per: Per, atLeast: boolean): Target | null {
  if (count < 1 || count > 100_000 || every < 1) return null;
  if (every === 1) return { count, per, atLeast };
  if (per === 'month' && every === 3) return { count, per: 'quarter', atLeast };
  if (per === 'month' && every === 12) return { count, per: 'year', atLeast };
  if (per === 'quarter' && every === 4) return { count, per: 'year', atLeast };
  const perYear = (count * PER_YEAR[per]) / every;
  return Number.isInteger(perYear) && perYear >= 1 ? { count: perYear, per: 'year', atLeast } : null;
}

const ROMAN: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4, '1': 1, '2': 2, '3': 3, '4': 4 };
const QUARTER_NUMBER = '(?:iv|iii|ii|i|[1-4])(?![a-z0-9])';
const QUARTERS = new RegExp(
  `(\\btu\\s+)?\\bquy\\s+(${QUARTER_NUMBER})((?:\\s*(?:,|va|-|den|&)\\s*(?:quy\\s+)?${QUARTER_NUMBER})*)\\s*(?:(?:/|-|nam)\\s*(\\d{4}))?`,
  'g',
);
const QUARTER_IN_LIST = new RegExp(`(${QUARTER_NUMBER})`, 'g');
const MONTHS =
  /(\btu\s+)?\bthang\s+(\d{1,2})((?:\s*(?:,|va|-|den)\s*(?:thang\s+)?\d{1,2}(?!\d))*)\s*(?:(?:\/|nam)\s*(\d{4}))?/g;
const HALF = /\b6 thang (dau|cuoi) nam(?:\s*(\d{4}))?/g;
const DATE = /(?<![\d/])(\d{1,2})\/(\d{1,2})(?:\/(\d{4}))?(?![\d/])/g;
const MONTH_YEAR = /(?<![\d/])(\d{1,2})\/(20\d{2})(?![\d/])/g;
const DATE_RANGE =
  /(?:\btu\s+)?(?:ngay\s+)?(\d{1,2})\/(\d{1,2})(?:\/(\d{4}))?\s*(?:-|den)\s*(?:ngay\s+)?(\d{1,2})\/(\d{1,2})(?:\/(\d{4}))?/;
const DEADLINE_WORDS = /\b(truoc|cham nhat|han chot|hoan thanh|xong)\b/;
const ONGOING =
  /\b(thuong xuyen|lien tuc|ca nam|trong nam|quanh nam|suot nam|hang nam|hang ngay|hang thang|hang quy|hang tuan)\b/;
const YEAR = /\b(?:nam\s+|\/)(20\d{2})\b/;

/**
 * Reads a timing phrase for a plan year: "Quý III/2021" is a window, "Hoàn thành chậm nhất trước
 * 15/12/2023" a deadline, "12CT; 01CT/tháng" a target; "Thường xuyên trong năm 2021" is
 * recognised with no window (the task runs all the plan year).
 */
export function parseTiming(text: string, planYear: number): TimingReading {
  const folded = foldForMatch(text);
  const target = parseFrequency(text);
  const deadlineAt = DEADLINE_WORDS.exec(folded);
  let deadline: string | null = null;
  let windowText = folded;
  if (deadlineAt) {
    const tail = folded.slice(deadlineAt.index);
    deadline = readDeadline(tail, planYear);
    if (deadline) windowText = folded.slice(0, deadlineAt.index);
  }
  const window = readWindow(windowText, planYear);
  const isRecognised =
    window !== null || deadline !== null || target !== null || ONGOING.test(folded) || YEAR.test(folded);
  return { window, deadline, target, isRecognised };
}

// "trước" is strictly before: "trước 15/12/2023" leaves 14/12/2023 as the last day on time, and a
// deadline is the last day on time. "chậm nhất ngày 15/12" without "trước" keeps the 15th.
function readDeadline(tail: string, planYear: number): string | null {
  const isBefore = /\btruoc\b/.test(tail);
  DATE.lastIndex = 0;
  const date = DATE.exec(tail);
  if (date) {
    const iso = isoOf(Number(date[3] ?? planYear), Number(date[2]), Number(date[1]));
    if (iso) return isBefore ? addDays(iso, -1) : iso;
  }
  const window = readWindow(tail, planYear);
  if (!window) return null;
  return isBefore ? addDays(window.from, -1) : window.to;
}

function readWindow(folded: string, planYear: number): DateWindow | null {
  const found: DateWindow[] = [];
  let rest = folded;
  const range = DATE_RANGE.exec(rest);
  if (range) {
    const toYear = Number(range[6] ?? range[3] ?? planYear);
    const from = isoOf(Number(range[3] ?? toYear), Number(range[2]), Number(range[1]));
    const to = isoOf(toYear, Number(range[5]), Number(range[4]));
    if (from && to && from <= to) found.push({ from, to });
    rest = rest.replace(range[0], ' ');
  }
  for (const match of rest.matchAll(QUARTERS)) {
    const year = Number(match[4] ?? planYear);
    const quarters = [ROMAN[match[2]!]!, ...[...match[3]!.matchAll(QUARTER_IN_LIST)].map((m) => ROMAN[m[1]!]!)];
    found.push(spanOf('quarter', year, quarters, Boolean(match[1]), planYear));
  }
  rest = rest.replace(QUARTERS, ' ');
  for (const match of rest.matchAll(HALF)) {
    const range = periodRange(
      { type: 'half', year: Number(match[2] ?? planYear), index: match[1] === 'dau' ? 1 : 2 },
      'calendar',
    );
    found.push(range);
  }
  rest = rest.replace(HALF, ' ');
  for (const match of rest.matchAll(MONTHS)) {
    const months = [Number(match[2]), ...[...match[3]!.matchAll(/\d{1,2}/g)].map((m) => Number(m[0]))];
    if (months.some((month) => month < 1 || month > 12)) continue;
    found.push(spanOf('month', Number(match[4] ?? planYear), months, Boolean(match[1]), planYear));
  }
  rest = rest.replace(MONTHS, ' ');
  for (const match of rest.matchAll(MONTH_YEAR)) {
    const month = Number(match[1]);
    if (month >= 1 && month <= 12)
      found.push(periodRange({ type: 'month', year: Number(match[2]), index: month }, 'calendar'));
  }
  rest = rest.replace(MONTH_YEAR, ' ');
  if (found.length === 0) {
    for (const match of rest.matchAll(DATE)) {
      const iso = isoOf(Number(match[3] ?? planYear), Number(match[2]), Number(match[1]));
      if (iso) found.push({ from: iso, to: iso });
    }
  }
  if (found.length === 0) {
    const year = YEAR.exec(rest);
    if (year && Number(year[1]) !== planYear)
      return periodRange({ type: 'year', year: Number(year[1]), index: 0 }, 'calendar');
    return null;
  }
  const from = found.reduce((min, w) => (w.from < min ? w.from : min), found[0]!.from);
  const to = found.reduce((max, w) => (w.to > max ? w.to : max), found[0]!.to);
  return { from, to };
}

// A list "Quý I, II" spans its first to its last; "Từ Quý I/2020" runs to the end of the plan year.
function spanOf(
  type: 'month' | 'quarter',
  year: number,
  indexes: number[],
  isFrom: boolean,
  planYear: number,
): DateWindow {
  const first = Math.min(...indexes);
  const last = Math.max(...indexes);
  const from = periodRange({ type, year, index: first }, 'calendar').from;
  if (isFrom && indexes.length === 1) {
    const endYear = Math.max(year, planYear);
    return { from, to: periodRange({ type: 'year', year: endYear, index: 0 }, 'calendar').to };
  }
  return { from, to: periodRange({ type, year, index: last }, 'calendar').to };
}

function isoOf(year: number, month: number, day: number): string | null {
  if (year < 1900 || year > 2999) return null;
  const iso = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return isRealDate(iso) ? iso : null;
}
