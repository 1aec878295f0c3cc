import { useEffect, useState } from 'preact/hooks';
import type { EntryDraft, LocalActivity } from '../db/database';

/** An entry on its way into the local database, shown in the log at once. */
export interface SavingEntry {
  entry: LocalActivity;
  draft: EntryDraft;
  /** Why the save failed (storage full…); null while it is still being written. */
  error: string | null;
  /** Set when its transaction committed: the commit's place in the order of commits and reads. */
  committed?: number;
}

const saving = new Map<string, SavingEntry>();
const listeners = new Set<() => void>();
const notify = () => {
  for (const listener of listeners) listener();
};

/** Shows an entry in the log while its transaction commits. */
export function markSaving(item: SavingEntry): void {
  saving.set(item.entry.id, item);
  notify();
}

// Commits and the log's reads, in order: a read that began after a commit holds its entry.
let clock = 0;
// A committed entry no screen read again (the log is not open) is let go after this long.
const KEEP_COMMITTED_MS = 10_000;

/**
 * The transaction committed. The entry stays shown until the log has read the database again
 * (`shownByRead`): dropped at once, it vanished from the log for the moment between the commit
 * and the live query's new answer.
 */
export function clearSaving(id: string): void {
  const item = saving.get(id);
  if (!item) return;
  saving.set(id, { ...item, error: null, committed: ++clock });
  notify();
  setTimeout(() => {
    if (saving.get(id)?.committed !== undefined) saving.delete(id);
  }, KEEP_COMMITTED_MS);
}

/** Taken as a read of the entries begins: what `shownByRead` compares commits with. */
export function readMark(): number {
  return clock;
}

/** Whether a read that began at `mark` holds the entry (it committed before that read began). */
export function shownByRead(item: SavingEntry, mark: number | undefined): boolean {
  return item.committed !== undefined && mark !== undefined && item.committed <= mark;
}

/** The transaction failed: the entry stays on screen, marked, with the draft kept for a retry. */
export function failSaving(id: string, error: string): void {
  const item = saving.get(id);
  if (!item) return;
  saving.set(id, { ...item, error });
  notify();
}

/** The entries being saved, live. */
export function useSaving(): SavingEntry[] {
  const [, setTick] = useState(0);
  useEffect(() => {
    const listener = () => setTick((n) => n + 1);
    listeners.add(listener);
    // A change between the first render and this subscription would otherwise go unseen.
    listener();
    return () => {
      listeners.delete(listener);
    };
  }, []);
  return [...saving.values()];
}
