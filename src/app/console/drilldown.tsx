import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { formatDateTimeVi, formatDateVi, formatNumberVi, vietnamDateOf } from '../../shared/format';
import { HISTORY_TEXT } from '../../shared/history';
import type { Unit } from '../../shared/unit';
import type { ActivityQuery, ConsoleApi } from '../sync/console-api';
import { EntryHistory } from '../ui/entry-history';
import { EvidenceThumbs } from './evidence-thumbs';
import { describeFigures, kindLabel } from '../ui/kind-text';
import { LocationLine } from '../ui/location-line';
import { useOnline } from '../use-online';
import { consoleLanguage, ct } from './messages';
import { useLoad } from './use-load';

/** What a drill-down shows: the filter and a heading naming the figure. */
export interface DrillTarget extends ActivityQuery {
  readonly heading: string;
  /** Last day of the period: an entry received later is marked late. */
  readonly closesOn: string;
}

/** A button that looks like a number and opens the entries behind it. */
export function Figure(props: { value: number; onOpen?: () => void; children?: ComponentChildren }) {
  const text = formatNumberVi(props.value);
  if (!props.onOpen) return <span class="num">{text}</span>;
  return (
    <button type="button" class="num figure" onClick={props.onOpen} title={ct('drill.hint')}>
      {text}
      {props.children}
    </button>
  );
}

/** The entries behind a figure, in a dialog over the screen. */
export function DrillDown(props: {
  api: ConsoleApi;
  target: DrillTarget;
  units: readonly Unit[];
  onClose: () => void;
}) {
  const page = useLoad(() => props.api.listActivities(props.target), [props.api, props.target]);
  const nameOf = new Map(props.units.map((u) => [u.id, u.name]));
  const [historyOf, setHistoryOf] = useState<string | null>(null);
  const online = useOnline();
  const language = consoleLanguage();
  return (
    <div class="drill-backdrop">
      <section
        class="drill"
        role="dialog"
        aria-modal="true"
        aria-label={props.target.heading}
        onKeyDown={(e) => e.key === 'Escape' && props.onClose()}
      >
        <header>
          <h2>
            {ct('drill.title')}: {props.target.heading}
          </h2>
          <button type="button" onClick={props.onClose}>
            {ct('close')}
          </button>
        </header>
        {page.loading && !page.value && <p>{ct('loading')}</p>}
        {page.error && <p class="console-error">{ct('error', { reason: page.error })}</p>}
        {page.value && page.value.items.length === 0 && <p>{ct('drill.none')}</p>}
        {page.value && page.value.items.length > 0 && (
          <div class="table-wrap">
            <table class="data">
              <thead>
                <tr>
                  <th>{ct('drill.date')}</th>
                  <th>{ct('dash.unit')}</th>
                  <th>{ct('drill.kind')}</th>
                  <th>{ct('drill.content')}</th>
                  <th>{ct('drill.figures')}</th>
                  <th>{ct('drill.received')}</th>
                </tr>
              </thead>
              <tbody>
                {page.value.items.map((a) => {
                  const isLate = vietnamDateOf(a.receivedAt) > props.target.closesOn;
                  const isOpen = historyOf === a.id;
                  return [
                    <tr key={a.id} class={isLate ? 'late' : a.voided ? 'voided' : ''}>
                      <td>{formatDateVi(a.date)}</td>
                      <td>{nameOf.get(a.unitId) ?? a.unitId}</td>
                      <td>{kindLabel(a.kind)}</td>
                      <td>
                        {a.title}
                        {a.note && <small>{a.note}</small>}
                        {a.location && <LocationLine point={a.location} language={language} />}
                        {a.attachments && a.attachments.length > 0 && (
                          <EvidenceThumbs api={props.api} attachments={a.attachments} />
                        )}
                      </td>
                      <td>{describeFigures(a)}</td>
                      <td>
                        {formatDateTimeVi(a.receivedAt)}
                        {isLate && <span class="tag late-tag"> {ct('drill.late')}</span>}
                        {a.voided && <span class="tag"> {ct('drill.voided')}</span>}{' '}
                        <button
                          type="button"
                          class="link"
                          aria-expanded={isOpen}
                          onClick={() => setHistoryOf(isOpen ? null : a.id)}
                        >
                          {isOpen ? HISTORY_TEXT.hide[language] : HISTORY_TEXT.show[language]}
                        </button>
                      </td>
                    </tr>,
                    isOpen && (
                      <tr key={`${a.id}-history`} class="history-row">
                        <td colSpan={6}>
                          <EntryHistory load={() => props.api.listHistory(a.id)} online={online} language={language} />
                        </td>
                      </tr>
                    ),
                  ];
                })}
              </tbody>
            </table>
            {page.value.total > page.value.items.length && <p>{ct('drill.more')}</p>}
          </div>
        )}
      </section>
    </div>
  );
}
