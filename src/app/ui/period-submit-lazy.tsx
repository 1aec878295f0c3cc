import { useEffect, useState } from 'preact/hooks';
import type { DueDatePlan, Period, PeriodBasis } from '../../shared/period';
import { afterFirstScreen } from '../first-screen';

// Closing the period loads after home's figures are drawn: its words, schemas and reads stay out of the
// first screen's JavaScript.
type Module = typeof import('./period-submit');
let loaded: Module | null = null;

function usePeriodSubmitModule(): Module | null {
  const [module, setModule] = useState(loaded);
  useEffect(() => {
    if (module) return;
    let live = true;
    afterFirstScreen(
      () =>
        void import('./period-submit').then((m) => {
          loaded = m;
          if (live) setModule(m);
        }),
    );
    return () => {
      live = false;
    };
  }, []);
  return module;
}

/** The supervisors' nudges on home (ui/period-submit.tsx), once loaded. */
export function LazyNudgeBanner() {
  const module = usePeriodSubmitModule();
  return module ? <module.NudgeBanner /> : null;
}

/** "Gửi báo cáo kỳ" on home (ui/period-submit.tsx), once loaded. */
export function LazyPeriodSubmit(props: {
  unitId: string;
  period: Period;
  basis: PeriodBasis;
  plans: readonly DueDatePlan[];
}) {
  const module = usePeriodSubmitModule();
  return module ? <module.PeriodSubmit {...props} /> : null;
}
