import { useEffect, useRef, useState } from 'preact/hooks';
import type { Report } from '../../shared/report';
import { type Narrative, NARRATIVE_HEADINGS, NARRATIVE_PARTS, narrativeWith } from '../../shared/report-narrative';
import type { AppDatabase } from '../db/database';
import { useLiveQuery } from '../db/live';
import { tr } from '../i18n/report-messages';
import { readReportTexts, saveReportText } from '../db/report-texts';

/** A report's narrative with the officer's edits, and the moves of its text boxes. */
export interface NarrativeEdits {
  /** The parts edited, as typed (kept on the device under `key`). */
  readonly edits: Partial<Narrative>;
  readonly type: (part: keyof Narrative, text: string) => void;
  /** Writes a part now (the text box lost focus). */
  readonly flush: (part: keyof Narrative, text: string) => void;
  /** Forgets a part's edit: it follows the figures again. */
  readonly redo: (part: keyof Narrative) => void;
}

/**
 * The officer's edits of one report's narrative, kept in the device's database (survive a reload),
 * written a moment after the typing stops. The phone and the console keep them the same way.
 */
export function useNarrativeEdits(db: AppDatabase | null, key: string): NarrativeEdits {
  // Without a database (a console screen under test), the edits live as long as the screen.
  const stored = useLiveQuery<Record<string, Partial<Narrative>>>(
    () => (db ? readReportTexts(db) : Promise.resolve({})),
    [db !== null],
    {},
  );
  const [typing, setTyping] = useState<Partial<Narrative>>({});
  const timers = useRef(new Map<keyof Narrative, ReturnType<typeof setTimeout>>());
  useEffect(() => setTyping({}), [key]);
  const save = (part: keyof Narrative, text: string | null) => {
    const timer = timers.current.get(part);
    if (timer) clearTimeout(timer);
    timers.current.delete(part);
    if (db) void saveReportText(db, key, part, text);
  };
  return {
    edits: { ...stored[key], ...typing },
    type: (part, text) => {
      setTyping((all) => ({ ...all, [part]: text }));
      const timer = timers.current.get(part);
      if (timer) clearTimeout(timer);
      timers.current.set(
        part,
        setTimeout(() => save(part, text), 400),
      );
    },
    flush: (part, text) => {
      if (timers.current.has(part)) save(part, text);
    },
    redo: (part) => {
      setTyping(({ [part]: _, ...rest }) => rest);
      save(part, null);
    },
  };
}

/** The three parts of a report's narrative as text boxes, written from the figures until edited. */
export function NarrativeFields(props: { report: Report; state: NarrativeEdits }) {
  const { edits, type, flush, redo } = props.state;
  const narrative = narrativeWith(props.report, edits);
  return (
    <>
      {NARRATIVE_PARTS.map((part) => (
        <section class="card narrative" key={part} data-part={part}>
          <label class="field">
            <span>
              {NARRATIVE_HEADINGS[part]}
              {edits[part] !== undefined && <em class="badge"> {tr('edited')}</em>}
            </span>
            <textarea
              name={part}
              rows={part === 'proposals' ? 3 : 6}
              placeholder={part === 'proposals' ? tr('proposalsHint') : undefined}
              value={narrative[part]}
              onInput={(e) => type(part, (e.target as HTMLTextAreaElement).value)}
              onBlur={(e) => flush(part, (e.target as HTMLTextAreaElement).value)}
            />
          </label>
          {edits[part] !== undefined && part !== 'proposals' && (
            <button type="button" class="secondary" onClick={() => redo(part)}>
              {tr('redo')}
            </button>
          )}
        </section>
      ))}
    </>
  );
}
