/**
 * A plan's indicators ("Chỉ tiêu cụ thể"): each "N% <units> <do something>" clause becomes a
 * definition — the share N of the units of a kind that log an activity of a kind (with a figure of
 * at least n when a rate is written) in each month or quarter, or that hold a kind they keep a
 * stock of ("có tài liệu") at the end of the period. A clause that names no kind of unit
 * ("100% hồ sơ đã tiếp nhận") is kept as written, with no unit kind, for a person to define.
 */
import { KIND_DEFINITIONS, kindDefinition } from '../kinds';
import type { Indicator } from '../plan';
import { proposeKinds } from './kinds';
import { foldForMatch, squash } from './normalize';
import { parseFrequency } from './timing';
import { kindsNamedIn } from './unit-kinds';

const HEADING = /^(?:[IVXLC]+\.|(?:\d{1,2}\.\d{1,2}(?:\.\d{1,2})*\.?|\d{1,2}\.)(?=\s)|[a-zđ]\))\s*(\S.*)$/u;
const SHARE = /(\d{1,3}(?:[.,]\d+)?)\s*%\s*/gu;

/** The indicators of a plan's "Chỉ tiêu cụ thể" section; empty when it has none. */
export function findIndicators(lines: readonly string[]): Indicator[] {
  const items: string[] = [];
  let inside = false;
  for (const raw of lines) {
    if (raw.includes('\t')) continue;
    const line = squash(raw);
    if (line === '') continue;
    const heading = HEADING.exec(line);
    if (heading && !/^[-+•]/u.test(line)) {
      inside = /^chi tieu\b/.test(foldForMatch(heading[1]!));
      continue;
    }
    // "Chỉ tiêu cụ thể:" written without a number opens the section too.
    if (/^chi tieu[^.;]{0,40}:$/.test(foldForMatch(line))) {
      inside = true;
      continue;
    }
    if (/^[IVXLC]+\.\s/u.test(line)) inside = false;
    if (inside) items.push(line.replace(/^[-+•]\s*/u, ''));
  }
  const indicators: Indicator[] = [];
  for (const item of items) {
    for (const clause of item.split(/\s*;\s*/)) {
      const matches = [...clause.matchAll(SHARE)];
      for (const [index, match] of matches.entries()) {
        const next = matches[index + 1];
        const after = clause.slice(match.index! + match[0].length, next ? next.index : undefined);
        const indicator = readIndicator(clause, Number(match[1]!.replace(',', '.')), after, indicators.length + 1);
        if (indicator) indicators.push(indicator);
      }
    }
  }
  return indicators.slice(0, 50);
}

// Verbs that end the units' name: "trạm truyền thanh cơ sở | có chuyên mục…".
const VERB = /\s(?:có|mở|thực hiện|tổ chức|đăng tải|được|thường xuyên|phát|cập nhật|duy trì)\s/u;

function readIndicator(clause: string, percent: number, after: string, n: number): Indicator | null {
  if (percent <= 0 || percent > 100) return null;
  const text = squash(clause)
    .replace(/[.;,]+$/u, '')
    .slice(0, 1000);
  const verb = VERB.exec(` ${after} `);
  const subject = verb ? ` ${after} `.slice(0, verb.index) : after.split(' ').slice(0, 6).join(' ');
  const unitKind = kindsNamedIn(subject)[0] ?? null;
  const doing = verb ? ` ${after} `.slice(verb.index) : after;
  let activityKind: Indicator['activityKind'] = null;
  const named = proposeKinds(doing).filter((kind) => kind !== 'other');
  if (named.length > 0) activityKind = named[0]!;
  // "100% trạm truyền thanh cơ sở có chuyên mục": what a station or a post-office point logs; a
  // commune logs many kinds, so "100% các xã tổ chức tuyên truyền" counts any of them.
  else if (unitKind === 'station' || unitKind === 'post_office')
    activityKind = KIND_DEFINITIONS.find((kind) => kind.usualFor[0] === unitKind)?.id ?? null;
  const rate = parseFrequency(doing);
  const perRate = rate && (rate.per === 'month' || rate.per === 'quarter') ? rate : null;
  const countBy = activityKind ? KIND_DEFINITIONS.find((kind) => kind.id === activityKind)?.countBy : null;
  const figure = perRate && countBy ? { name: countBy, atLeast: perRate.count } : null;
  const every: Indicator['every'] =
    perRate?.per === 'month' || perRate?.per === 'quarter'
      ? perRate.per
      : /\bquy\b/.test(foldForMatch(doing))
        ? 'quarter'
        : monthlyOrQuarterly(activityKind);
  const indicator: Indicator = {
    id: `chi-tieu-${n}`,
    text,
    unitKind,
    activityKind,
    figure,
    every,
    share: percent / 100,
  };
  return isHeld(doing, activityKind) ? { ...indicator, measure: 'held' } : indicator;
}

/**
 * "điểm BĐVHX có tài liệu": the units hold the kind (a kind they keep a stock of, named right after
 * "có"), rather than did something ("có tổ chức phát tài liệu" is done, not held).
 */
function isHeld(doing: string, kind: Indicator['activityKind']): boolean {
  const definition = kind === null ? undefined : kindDefinition(kind);
  if (!definition?.stock || !definition.words) return false;
  const held = /^\s*(?:luôn\s+)?có\s+(?:đủ\s+|sẵn\s+)?(.*)$/u.exec(doing.toLowerCase());
  return held ? definition.words.exec(held[1]!)?.index === 0 : false;
}

// A broadcast column runs every month; holding material or a web column is judged each quarter.
function monthlyOrQuarterly(kind: Indicator['activityKind']): Indicator['every'] {
  return kind === 'broadcast' || kind === 'radio_tv' ? 'month' : 'quarter';
}
