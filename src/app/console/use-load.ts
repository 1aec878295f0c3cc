import { useCallback, useEffect, useState } from 'preact/hooks';

/** A value loaded from the server: the value, the error in words, and a way to load again. */
export interface Loaded<T> {
  value: T | null;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

/** Loads a value whenever `deps` change; keeps the last value while reloading. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<{ value: T | null; error: string | null; loading: boolean }>({
    value: null,
    error: null,
    loading: true,
  });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (value) => live && setState({ value, error: null, loading: false }),
      (error: unknown) =>
        live &&
        setState((s) => ({ ...s, error: error instanceof Error ? error.message : String(error), loading: false })),
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, reload };
}
