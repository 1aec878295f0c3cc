import { useEffect, useState } from 'preact/hooks';
import { formatDateTimeVi } from '../../shared/format';
import { describeHistory, HISTORY_TEXT, type HistoryItem } from '../../shared/history';
import type { HeldHistory } from '../db/histories';
import { fill } from '../i18n/messages';

type Language = 'vi' | 'en';

/** A failure to reach the server at all (the sync client's `offline` kind, the console's status 0). */
function isUnreachable(error: unknown): boolean {
  const e = error as { kind?: unknown; status?: unknown } | null;
  return e?.kind === 'offline' || e?.status === 0;
}

/**
 * An entry's changes as the server keeps them: each one's action, time in Vietnam, device and
 * what it changed in words. Loaded when shown and online, and once the connection is back. On the
 * phone (`held`), its own changes not yet sent follow the server's, marked so; offline, it shows
 * what the phone holds (the list as last loaded, or the creation the last sync brought) and says
 * what more needs a connection. Without anything held it says that it needs a connection.
 */
export function EntryHistory(props: {
  load: () => Promise<HistoryItem[]>;
  online: boolean;
  language: Language;
  held?: HeldHistory | null;
}) {
  const { language } = props;
  const [state, setState] = useState<{ items: HistoryItem[] | null; error: unknown }>({
    items: null,
    error: null,
  });
  useEffect(() => {
    if (!props.online || state.items) return;
    let live = true;
    props.load().then(
      (items) => live && setState({ items, error: null }),
      (error: unknown) => live && setState({ items: null, error }),
    );
    return () => {
      live = false;
    };
    // Loaded once per entry shown: the caller's `load` may be a new function on every render.
  }, [props.online]);

  const list = (items: HistoryItem[]) =>
    items.length === 0 ? (
      <p>{HISTORY_TEXT.none[language]}</p>
    ) : (
      <ol class="history-list">
        {describeHistory(items, language).map(({ item, action, changes }) => (
          <li
            key={`${item.version}-${item.action}-${item.receivedAt}`}
            class={`history-${item.action}${item.unsent ? ' unsent' : ''}`}
          >
            <strong>{action}</strong> · <time dateTime={item.receivedAt}>{formatDateTimeVi(item.receivedAt)}</time>
            {item.unsent && ` (${HISTORY_TEXT.unsentMark[language]})`} ·{' '}
            {item.deviceName
              ? `${HISTORY_TEXT.device[language]} ${item.deviceName}`
              : HISTORY_TEXT.unknownDevice[language]}
            {changes.length > 0 && (
              <ul>
                {changes.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
    );
  const held = props.held;
  const unsent = held?.unsent ?? [];
  let body: preact.ComponentChild;
  if (state.items) {
    body = list([...state.items, ...unsent]);
  } else if ((!props.online || isUnreachable(state.error)) && held && held.known.length + unsent.length > 0) {
    // Offline: what the phone holds, and what more needs a connection.
    const note = held.fetchedAt
      ? fill(HISTORY_TEXT.heldAsOf[language], { time: formatDateTimeVi(held.fetchedAt) })
      : HISTORY_TEXT.heldOnly[language];
    body = (
      <>
        <p class="form-message" data-testid="history-held">
          {note}
          {held.knownThrough > 0 && held.heldVersion > held.knownThrough && (
            <> {fill(HISTORY_TEXT.newerVersion[language], { n: held.heldVersion, k: held.knownThrough })}</>
          )}
        </p>
        {list([...held.known, ...unsent])}
      </>
    );
  } else if (!props.online || isUnreachable(state.error)) {
    body = <p class="form-message">{HISTORY_TEXT.offline[language]}</p>;
  } else if (state.error) {
    const reason = state.error instanceof Error ? state.error.message : String(state.error);
    body = <p class="form-message">{fill(HISTORY_TEXT.failed[language], { reason })}</p>;
  } else body = <p>{HISTORY_TEXT.loading[language]}</p>;
  return (
    <section class="history" aria-label={HISTORY_TEXT.heading[language]}>
      <h3>{HISTORY_TEXT.heading[language]}</h3>
      {body}
    </section>
  );
}
