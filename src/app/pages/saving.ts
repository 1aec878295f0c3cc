import { useEffect, useState } from 'preact/hooks';
import type { EntryDraft, LocalActivity } from '../db/database';

/** An entry on its way into the local database, shown in the log at once. */
export interface SavingEntry {
  entry: LocalActivity;
  draft: EntryDraft;
  /** Why the save failed (storage full…); null while it is still being written. */
  error: string | null;
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

/** The transaction committed: the log now reads the entry from the database. */
export function clearSaving(id: string): void {
  if (saving.delete(id)) notify();
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
