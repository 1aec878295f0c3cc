import { liveQuery } from 'dexie';
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
