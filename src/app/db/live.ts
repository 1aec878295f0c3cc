import { liveQuery } from 'dexie';
import { useEffect, useState } from 'preact/hooks';

/**
 * Runs a database query and re-runs it whenever a table it read changes (in this tab or another),
 * so a saved entry shows up on every screen without wiring.
 */
export function useLiveQuery<T>(query: () => Promise<T>, deps: unknown[], initial: T): T {
  const [value, setValue] = useState<T>(initial);
  useEffect(() => {
    const subscription = liveQuery(query).subscribe({
      next: (result) => setValue(() => result),
      error: (error) => console.error(error),
    });
    return () => subscription.unsubscribe();
  }, deps);
  return value;
}
