import { formatNumberVi } from '../../shared/format';
import { stockOf } from '../../shared/kinds';
import { materialStock } from '../../shared/report';
import { foldDiacritics } from '../../shared/text';
import { useLiveQuery } from '../db/live';
import { materialEntries, type Scope } from '../db/queries';
import { t } from '../i18n/messages';
import { kindLabel } from '../ui/kind-text';
import { useServices } from '../services';
import { localFacts } from './home-page';

const MATERIAL_STOCK = stockOf('material')!;

/** Copies held per material (received minus handed out), for a post-office culture point. */
export function StockPage(props: { scope: Scope }) {
  const { db } = useServices();
  const entries = useLiveQuery(() => materialEntries(db), [], []);
  const mine = entries.filter((e) => e.unitId === props.scope.meta.unitId);
  const groups = new Map<string, { title: string; entries: typeof mine }>();
  for (const entry of mine) {
    // "Tờ gấp DVC" and "tờ gấp dvc " are the same material.
    const key = foldDiacritics(entry.title).toLowerCase().replace(/\s+/g, ' ').trim();
    const group = groups.get(key) ?? { title: entry.title, entries: [] };
    group.entries.push(entry);
    groups.set(key, group);
  }
  const rows = [...groups.values()].map((g) => {
    const facts = localFacts(g.entries);
    const received = facts.reduce((s, f) => s + (f.figures[MATERIAL_STOCK.in] ?? 0), 0);
    const distributed = facts.reduce((s, f) => s + (f.figures[MATERIAL_STOCK.out] ?? 0), 0);
    return { title: g.title, held: materialStock(facts), received, distributed };
  });
  const total = rows.reduce((s, r) => s + r.held, 0);
  return (
    <div class="page stock">
      <h1>{t('stock.title')}</h1>
      {rows.length === 0 ? (
        <p class="empty">{t('stock.empty')}</p>
      ) : (
        <>
          <p class="stock-total" data-testid="stock-total">
            {t('stock.total', { n: formatNumberVi(total) })}
          </p>
          <ul class="stock-list">
            {rows.map((row) => (
              <li key={row.title}>
                <strong>{row.title}</strong>
                <span class="held">
                  {t('stock.held')}: <b>{formatNumberVi(row.held)}</b>
                </span>
                <small>
                  {t('stock.received')} {formatNumberVi(row.received)} · {t('stock.distributed')}{' '}
                  {formatNumberVi(row.distributed)}
                </small>
              </li>
            ))}
          </ul>
        </>
      )}
      <p>
        <a class="button primary" href="#/new/material">
          + {kindLabel('material')}
        </a>
      </p>
    </div>
  );
}
