// What the screens and the scheduler need of syncing before any round trip: how the server is
// reached, the error kinds, and the waits. Small on purpose: the first screen loads it, and the
// round trips (sync-client.ts) only when a sync or an enrollment starts.

/** How the client reaches the server: a fetch and the origin of the API. */
export interface Transport {
  fetch: typeof fetch;
  baseUrl: string;
}

/**
 * The browser's own network, to the API of the origin the app was served from, every request
 * given up when it hangs (timed-fetch.ts, loaded with the first request: no first-screen weight).
 */
export function sameOriginTransport(): Transport {
  let timed: Promise<typeof fetch> | null = null;
  return {
    fetch: async (input, init) => {
      timed ??= import('./timed-fetch').then((m) => m.withTimeouts((i, o) => fetch(i, o)));
      return (await timed)(input, init);
    },
    baseUrl: '',
  };
}

/** Why a sync failed: `retryable` errors are tried again on the backoff timer. */
export class SyncError extends Error {
  constructor(
    readonly kind: 'offline' | 'retryable' | 'auth' | 'fatal',
    message: string,
    readonly retryAfterMs?: number,
    /** The HTTP status, when the server (or a proxy) answered. */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'SyncError';
  }
}

/** What one sync run did. */
export interface SyncOutcome {
  pushed: number;
  pulled: number;
  rounds: number;
}

/**
 * The wait after a 429: Retry-After, plus a random part of the second after it. The server books
 * each phone it turns away a second to come back in; phones told the same second together came
 * back in the same instant (they were turned away in the same instant), more than it could take at
 * once, and it stood idle for the rest of that second.
 */
export function retryAfterDelay(retryAfterMs: number, random: () => number = Math.random): number {
  return retryAfterMs + Math.floor(random() * 1_000);
}

/** Full-jitter exponential backoff (step 7): a random wait up to min(5 min, 2 s × 2^attempt). */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const cap = Math.min(300_000, 2_000 * 2 ** Math.min(attempt, 20));
  return Math.max(1_000, Math.round(random() * cap));
}
