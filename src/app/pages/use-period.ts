import { useState } from 'preact/hooks';
import {
  addDays,
  type DateRange,
  type Period,
  type PeriodBasis,
  type PeriodType,
  periodContaining,
  periodLabel,
  periodRange,
} from '../../shared/period';
import { language } from '../i18n/messages';
import { today } from '../today';

/** The period a screen shows, with the moves of the period switcher. */
export interface PeriodState {
  type: PeriodType;
  basis: PeriodBasis;
  period: Period;
  range: DateRange;
  label: string;
  setType: (type: PeriodType) => void;
  step: (direction: -1 | 1) => void;
  setBasis: (basis: PeriodBasis) => void;
}

// Shared by the screens so that switching from home to the log keeps the period.
let remembered: { type: PeriodType; anchor: string } | null = null;

/** Period state, starting at the current month on the given basis (Decree 09 by default). */
export function usePeriod(basis: PeriodBasis, onBasis: (basis: PeriodBasis) => void): PeriodState {
  const [state, setState] = useState(() => remembered ?? { type: 'month' as PeriodType, anchor: today() });
  remembered = state;
  const period = periodContaining(state.anchor, state.type, basis);
  const range = periodRange(period, basis);
  return {
    type: state.type,
    basis,
    period,
    range,
    label: periodLabel(period, language()),
    setType: (type) => setState({ type, anchor: today() }),
    step: (direction) =>
      setState({ type: state.type, anchor: direction < 0 ? addDays(range.from, -1) : addDays(range.to, 1) }),
    setBasis: onBasis,
  };
}

/** The period switcher's props for a screen's period state. */
export function switcherPropsOf(state: PeriodState) {
  return {
    type: state.type,
    basis: state.basis,
    label: state.label,
    range: state.range,
    onType: state.setType,
    onStep: state.step,
    onBasis: state.setBasis,
  };
}
