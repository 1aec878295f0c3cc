import { formatNumberVi } from './format';
import type { Target } from './plan';
import type { Text } from './text';

// A task's target in words. Apart from plan.ts, whose zod schemas the phone's first screen must
// not load (the bundler keeps every module-level schema of a module it imports a value from).

/** What a target counts per, as the plan editor offers it and a target is read out. */
export const TARGET_PER_LABELS: Record<Target['per'], Text> = {
  week: { vi: 'tuần', en: 'week' },
  month: { vi: 'tháng', en: 'month' },
  quarter: { vi: 'quý', en: 'quarter' },
  year: { vi: 'năm', en: 'year' },
  window: { vi: 'cả thời gian thực hiện', en: 'whole period' },
};

/**
 * A target in words, on the phone, in the console and in the report: "4 lần/tháng",
 * "Tối thiểu 1 lần/năm", "2 lần trong thời gian thực hiện", "1 lần/tháng (tổng 12 lần)" ("at least 1
 * per year" in English).
 */
export function describeTarget(target: Target, language: keyof Text = 'vi'): string {
  const n = formatNumberVi(target.count);
  if (language === 'en') {
    const per = target.per === 'window' ? 'within the period' : `per ${TARGET_PER_LABELS[target.per].en}`;
    const total = target.total === undefined ? '' : ` (${formatNumberVi(target.total)} in all)`;
    return `${target.atLeast ? 'at least ' : ''}${n} ${per}${total}`;
  }
  const per = target.per === 'window' ? ' trong thời gian thực hiện' : `/${TARGET_PER_LABELS[target.per].vi}`;
  const total = target.total === undefined ? '' : ` (tổng ${formatNumberVi(target.total)} lần)`;
  return `${target.atLeast ? 'Tối thiểu ' : ''}${n} lần${per}${total}`;
}
