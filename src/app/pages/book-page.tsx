import { formatDateVi, formatNumberVi } from '../../shared/format';
import { placeAndDate, placeOf } from '../../shared/report-layout';
import { today } from '../today';
import { writeMeta } from '../db/database';
import { useLiveQuery } from '../db/live';
import { entriesOfKind, type Scope } from '../db/queries';
import { t } from '../i18n/messages';
import { useServices } from '../services';
import { choiceLabel } from '../ui/kind-text';
import { PeriodSwitcher } from '../ui/period-switcher';
import { usePeriod, switcherPropsOf } from './use-period';

/** The station's broadcast log book (nhật ký), laid out like the paper book and printable. */
export function BookPage(props: { scope: Scope }) {
  const { db } = useServices();
  const periodState = usePeriod(props.scope.meta.basis, (basis) => void writeMeta(db, { basis }));
  const { range } = periodState;
  const entries = useLiveQuery(() => entriesOfKind(db, 'broadcast', range.from, range.to), [range.from, range.to], []);
  const rows = entries
    .filter((e) => !e.voided)
    .sort((a, b) => a.date.localeCompare(b.date) || a.createdAt.localeCompare(b.createdAt));
  const unit = props.scope.units.find((u) => u.id === props.scope.meta.unitId);
  // The book is signed where the commune is: a station's is its commune's.
  const commune = unit?.kind === 'commune' ? unit : props.scope.units.find((u) => u.id === unit?.parentId);
  const hasNotes = rows.some((e) => e.note);
  const minutes = rows.reduce((sum, e) => sum + (typeof e.figures.minutes === 'number' ? e.figures.minutes : 0), 0);
  const sessions = rows.reduce((sum, e) => sum + (typeof e.figures.sessions === 'number' ? e.figures.sessions : 1), 0);
  return (
    <div class="page book">
      <div class="no-print">
        <PeriodSwitcher {...switcherPropsOf(periodState)} compact />
        <button type="button" class="primary" onClick={() => print()}>
          {t('book.print')}
        </button>
      </div>
      <article class="paper">
        <header>
          <p class="unit">{unit?.name}</p>
          <h1>{t('book.title')}</h1>
          <p>
            {periodState.label} ({formatDateVi(range.from)} – {formatDateVi(range.to)})
          </p>
        </header>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>TT</th>
                <th>{t('book.date')}</th>
                <th>{t('book.time')}</th>
                <th>{t('book.content')}</th>
                <th>
                  <span class="print-only">{t('book.minutes')}</span>
                  <span class="screen-only">{t('book.minutesShort')}</span>
                </th>
                <th>{t('book.source')}</th>
                <th class={hasNotes ? undefined : 'print-only'}>{t('book.note')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((e, i) => (
                <tr key={e.id}>
                  <td>{i + 1}</td>
                  <td>
                    {/* The year is in the heading: the phone's narrow screen shows the day and month. */}
                    <span class="print-only">{formatDateVi(e.date)}</span>
                    <span class="screen-only">{formatDateVi(e.date).slice(0, 5)}</span>
                  </td>
                  <td>
                    {e.figures.timeOfDay === undefined
                      ? ''
                      : choiceLabel('broadcast', 'timeOfDay', e.figures.timeOfDay)}
                  </td>
                  <td>{e.title}</td>
                  <td class="num">{typeof e.figures.minutes === 'number' ? formatNumberVi(e.figures.minutes) : ''}</td>
                  <td>{choiceLabel('broadcast', 'source', e.figures.source)}</td>
                  <td class={hasNotes ? undefined : 'print-only'}>{e.note ?? ''}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <td colSpan={7}>
                  {t('book.total', { sessions: formatNumberVi(sessions), minutes: formatNumberVi(minutes) })}
                </td>
              </tr>
            </tfoot>
          </table>
        </div>
        <p class="dated">{placeAndDate({ place: placeOf(commune?.name ?? ''), date: today() })}</p>
        <footer class="signatures">
          <div>
            <strong>{t('book.chairman')}</strong>
            <small>{t('book.sign')}</small>
          </div>
          <div>
            <strong>{t('book.preparer')}</strong>
            <small>{t('book.sign')}</small>
          </div>
        </footer>
      </article>
    </div>
  );
}
