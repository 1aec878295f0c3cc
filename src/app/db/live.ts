import Dexie, { liveQuery } from 'dexie';
import { useEffect, useState } from 'preact/hooks';

/** A live query's latest answer, and whether that answer is for the current arguments. */
export interface LiveResult<T> {
  value: T;
  /** False from an argument change until the query answers for the new arguments. */
  current: boolean;
}

/**
 * Runs a database query and re-runs it whenever a table it read changes (in this tab or another).
 * Until the query answers for new arguments it keeps the previous answer, marked as not current,
 * so a screen can say it is loading instead of showing old figures as the new ones.
 */
export function useLiveResult<T>(query: () => Promise<T>, deps: unknown[], initial: T): LiveResult<T> {
  const key = JSON.stringify(deps);
  const [state, setState] = useState<{ value: T; key: string | null }>({ value: initial, key: null });
  useEffect(() => {
    const subscription = liveQuery(query).subscribe({
      next: (result) => setState({ value: result, key }),
      error: (error) => console.error(error),
    });
    return () => subscription.unsubscribe();
  }, [key]);
  return { value: state.value, current: state.key === key };
}

/**
 * Runs a database query and re-runs it whenever a table it read changes (in this tab or another),
 * so a saved entry shows up on every screen without wiring.
 */
export function useLiveQuery<T>(query: () => Promise<T>, deps: unknown[], initial: T): T {
  return useLiveResult(query, deps, initial).value;
}

// Committed writes per table, from Dexie's own change signal (the one live queries use; its parts
// are named idb://<database>/<table>/<index>): an answer read before the latest write to a table it
// reads may be out of date. Writes elsewhere (the sync's bookkeeping in meta) leave it standing.
const writes = new Map<string, number>();
let everything = 0;
let counting = false;
const generationOf = (tables: readonly string[]) =>
  tables.reduce((n, table) => n + (writes.get(table) ?? 0), everything);
const answers = new WeakMap<object, Map<string, { value: unknown; generation: number }>>();
const KEPT_ANSWERS = 6;

/**
 * `useLiveResult` that also remembers its last answers per arguments, so a screen opened again, or
 * switched back to arguments it showed, shows them at once, as current, when nothing was written
 * since they were read to the `tables` the query reads (the query still runs and keeps them live).
 * `owner` (the database) scopes the answers.
 */
export function useRememberedLiveResult<T>(
  owner: object,
  tables: readonly string[],
  query: () => Promise<T>,
  deps: unknown[],
  initial: T,
): LiveResult<T> {
  if (!counting) {
    counting = true;
    Dexie.on('storagemutated', (parts) => {
      if ((parts as { all?: unknown }).all) everything++;
      for (const part of Object.keys(parts)) {
        const table = part.split('/')[3];
        if (table) writes.set(table, (writes.get(table) ?? 0) + 1);
      }
    });
  }
  const key = JSON.stringify(deps);
  const kept = answers.get(owner) ?? new Map<string, { value: unknown; generation: number }>();
  answers.set(owner, kept);
  const remembered = () => {
    const answer = kept.get(key);
    return answer && answer.generation === generationOf(tables) ? (answer.value as T) : undefined;
  };
  const [state, setState] = useState<{ value: T; key: string | null }>(() => {
    const value = remembered();
    return value === undefined ? { value: initial, key: null } : { value, key };
  });
  useEffect(() => {
    const subscription = liveQuery(async () => {
      // Taken before reading: a write that lands while the query reads makes the answer stale.
      const readAt = generationOf(tables);
      return { value: await query(), readAt };
    }).subscribe({
      next: ({ value, readAt }) => {
        kept.delete(key);
        kept.set(key, { value, generation: readAt });
        if (kept.size > KEPT_ANSWERS) kept.delete(kept.keys().next().value!);
        setState({ value, key });
      },
      error: (error) => console.error(error),
    });
    return () => subscription.unsubscribe();
  }, [key]);
  if (state.key !== key) {
    const value = remembered();
    if (value !== undefined) return { value, current: true };
  }
  return { value: state.value, current: state.key === key };
}
