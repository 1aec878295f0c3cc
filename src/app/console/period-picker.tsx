import { useState } from 'preact/hooks';
import { formatDateVi } from '../../shared/format';
import {
  addDays,
  formatPeriodCode,
  PERIOD_BASES,
  PERIOD_BASIS_LABELS,
  PERIOD_TYPE_LABELS,
  type Period,
  type PeriodBasis,
  type PeriodType,
  parsePeriodCode,
  periodContaining,
  periodLabel,
  periodRange,
} from '../../shared/period';
import { tx } from '../i18n/messages';
import { consoleLanguage, ct } from './messages';

/** The period a console screen shows: its code and basis. */
export interface PeriodChoice {
  readonly code: string;
  readonly basis: PeriodBasis;
}

// Reports are due in the days after a cutoff: during them the quarter just closed is what
// officers open (on 16/9 that is Quý III, which closed on 14/9), not the one that just began.
const REPORTING_DAYS = 10;

/** The Decree 09 quarter an officer most likely wants today: the one just closed in reporting week, else the current one. */
export function defaultPeriod(today: string): PeriodChoice {
  const current = periodContaining(today, 'quarter', 'decree09');
  const started = periodRange(current, 'decree09').from;
  const period = today <= addDays(started, REPORTING_DAYS - 1) ? stepPeriod(current, -1, 'decree09') : current;
  return { code: formatPeriodCode(period), basis: 'decree09' };
}

/** The period after or before a period of the same type. */
export function stepPeriod(period: Period, direction: -1 | 1, basis: PeriodBasis): Period {
  const range = periodRange(period, basis);
  if (period.type === 'nine_months') return { ...period, year: period.year + direction };
  const edge = direction === 1 ? addDays(range.to, 1) : addDays(range.from, -1);
  return periodContaining(edge, period.type, basis);
}

/** Period picker: type, previous/next, any period code typed in, Decree 09 or calendar. */
export function PeriodPicker(props: { value: PeriodChoice; onChange: (next: PeriodChoice) => void }) {
  const period = parsePeriodCode(props.value.code)!;
  const range = periodRange(period, props.value.basis);
  const [typed, setTyped] = useState(props.value.code);
  const set = (next: Period) => {
    const code = formatPeriodCode(next);
    setTyped(code);
    props.onChange({ ...props.value, code });
  };
  return (
    <div class="period-picker no-print">
      <select
        aria-label={ct('period.type')}
        value={period.type}
        onChange={(e) => {
          const type = (e.target as HTMLSelectElement).value as PeriodType;
          set(periodContaining(range.to, type, props.value.basis));
        }}
      >
        {(Object.keys(PERIOD_TYPE_LABELS) as PeriodType[]).map((type) => (
          <option key={type} value={type}>
            {tx(PERIOD_TYPE_LABELS[type])}
          </option>
        ))}
      </select>
      <button
        type="button"
        aria-label={ct('period.prev')}
        onClick={() => set(stepPeriod(period, -1, props.value.basis))}
      >
        ‹
      </button>
      <strong class="period-name">
        {periodLabel(period, consoleLanguage())}
        <small>
          {formatDateVi(range.from)} – {formatDateVi(range.to)}
        </small>
      </strong>
      <button
        type="button"
        aria-label={ct('period.next')}
        onClick={() => set(stepPeriod(period, 1, props.value.basis))}
      >
        ›
      </button>
      <label>
        {ct('report.period')}{' '}
        <input
          size={8}
          value={typed}
          onInput={(e) => setTyped((e.target as HTMLInputElement).value)}
          onChange={() => {
            const parsed = parsePeriodCode(typed);
            if (parsed) set(parsed);
            else setTyped(props.value.code);
          }}
        />
      </label>
      <label>
        {ct('report.basis')}{' '}
        <select
          value={props.value.basis}
          onChange={(e) =>
            props.onChange({ ...props.value, basis: (e.target as HTMLSelectElement).value as PeriodBasis })
          }
        >
          {PERIOD_BASES.map((basis) => (
            <option key={basis} value={basis}>
              {tx(PERIOD_BASIS_LABELS[basis])}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
