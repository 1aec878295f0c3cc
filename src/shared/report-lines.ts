import type { Totals } from './report';
import type { ActivityKind } from './activity';
import { kindDefinition, REPORT_ORDER } from './kinds';
import type { Target } from './plan';
import { describeTarget } from './target';

/** One figure line of the totals table, in the order plans list what a report must state. */
export interface FigureLine {
  readonly kind: ActivityKind;
  readonly figure: string;
  readonly label: string;
  readonly unitLabel: string;
  /** The by-unit tables' column heading. */
  readonly short: string;
  /** A "— trong đó" line: part of the line above, no number of its own. */
  readonly part: boolean;
  /** Its number in the totals table ("1", "2"…); '' for a part. */
  readonly ordinal: string;
}

/**
 * The figures a report states, with their Vietnamese labels, in the order the plans' section on
 * reporting lists them (classes, items, leaflets, broadcasts…): every sum of every kind but money. The
 * print view and every exported file show these lines.
 */
export const FIGURE_LINES: readonly FigureLine[] = /* @__PURE__ */ (() => {
  let ordinal = 0;
  return REPORT_ORDER.flatMap((kind) =>
    kindDefinition(kind)!
      .sums.filter((sum) => !sum.money)
      .map((sum) => ({
        kind,
        figure: sum.name,
        label: sum.label.vi,
        unitLabel: sum.unit.vi,
        short: sum.short.vi,
        part: sum.part === true,
        ordinal: sum.part ? '' : String(++ordinal),
      })),
  );
})();

/** The value of one figure in a totals object; 0 when nothing was logged. */
export function figureValue(totals: Totals, line: Pick<FigureLine, 'kind' | 'figure'>): number {
  return totals[line.kind]?.[line.figure] ?? 0;
}

/** A task's target in a report cell; "—" without one. */
export function targetCell(target: Target | null): string {
  return target ? describeTarget(target) : '—';
}

/** Columns of the by-unit tables: one per figure line that is not a part of the line above. */
export const UNIT_COLUMNS: readonly FigureLine[] = /* @__PURE__ */ (() => FIGURE_LINES.filter((line) => !line.part))();

/**
 * The by-unit columns a printed report shows: those of the kinds some entry of the report has
 * (fourteen kinds side by side do not fit an A4 page, and a column of zeros says nothing).
 */
export function unitColumnsOf(totals: Totals): readonly FigureLine[] {
  return UNIT_COLUMNS.filter((line) => totals[line.kind] !== undefined);
}
