import { formatDateVi } from '../../shared/format';
import {
  type DateRange,
  PERIOD_BASES,
  PERIOD_BASIS_LABELS,
  PERIOD_TYPE_LABELS,
  type PeriodBasis,
  type PeriodType,
} from '../../shared/period';
import { t, tx } from '../i18n/messages';

const TYPES = Object.keys(PERIOD_TYPE_LABELS) as PeriodType[];

/** Period picker: kind of period, previous/next, Decree 09 or calendar basis. */
export function PeriodSwitcher(props: {
  type: PeriodType;
  basis: PeriodBasis;
  label: string;
  range: DateRange;
  onType: (type: PeriodType) => void;
  onStep: (direction: -1 | 1) => void;
  onBasis: (basis: PeriodBasis) => void;
  /** Hides the basis choice (screens below home follow the basis chosen there). */
  compact?: boolean;
}) {
  return (
    <section class="period" aria-label={props.label}>
      <div class="segmented" role="tablist">
        {TYPES.map((type) => (
          <button
            type="button"
            role="tab"
            key={type}
            aria-selected={props.type === type}
            class={props.type === type ? 'on' : ''}
            onClick={() => props.onType(type)}
          >
            {tx(PERIOD_TYPE_LABELS[type])}
          </button>
        ))}
      </div>
      <div class="period-row">
        <button type="button" class="icon" aria-label={t('period.prev')} onClick={() => props.onStep(-1)}>
          ‹
        </button>
        <div class="period-label">
          <strong>{props.label}</strong>
          <small>{t('period.range', { from: formatDateVi(props.range.from), to: formatDateVi(props.range.to) })}</small>
        </div>
        <button type="button" class="icon" aria-label={t('period.next')} onClick={() => props.onStep(1)}>
          ›
        </button>
      </div>
      {!props.compact && (
        <label class="basis">
          <select
            aria-label={t('period.basis')}
            value={props.basis}
            onChange={(e) => props.onBasis((e.target as HTMLSelectElement).value as PeriodBasis)}
          >
            {PERIOD_BASES.map((basis) => (
              <option key={basis} value={basis}>
                {tx(PERIOD_BASIS_LABELS[basis])}
              </option>
            ))}
          </select>
        </label>
      )}
    </section>
  );
}
