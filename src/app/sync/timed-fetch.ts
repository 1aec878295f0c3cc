import { SyncError } from './transport';

/**
 * How long the app waits on a request before giving it up: for the answer to begin, a minute plus
 * its body's time at 2 KB/s (a poor 2G link); then, while the answer comes, a minute without a byte
 * (a slow answer that keeps coming is never cut). A link that drops without a word left a request
 * open for the many minutes of TCP's retries, and the sync's lock with it: no later sync could
 * start and "Đồng bộ ngay" stayed greyed. Given up, it is a network failure like any other
 * (`SyncError('offline', 'timeout')`): the backoff tries again, and a push the server applied
 * meanwhile is answered `duplicate` then, never counted twice.
 */
export const REQUEST_TIMEOUT_MS = 60_000;
const SLOWEST_LINK_BYTES_PER_MS = 2;

function bodyBytes(body: BodyInit | null | undefined): number {
  if (typeof body === 'string') return body.length;
  if (body instanceof Blob) return body.size;
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return body.byteLength;
  return 0;
}

/**
 * Every round trip of the app through `fetchImpl`, given up as above (`waitMs`: tests give a short
 * one). The answer is read whole before it is handed over.
 */
export function withTimeouts(fetchImpl: typeof fetch, waitMs = REQUEST_TIMEOUT_MS): typeof fetch {
  return async (input, init) => {
    const giveUp = new AbortController();
    // Given up by a wait here, or called off by the caller (whose own reason stands).
    let waitedOut = false;
    const wait = (ms: number) =>
      setTimeout(() => {
        waitedOut = true;
        giveUp.abort();
      }, ms);
    init?.signal?.addEventListener('abort', () => giveUp.abort(init.signal?.reason), { once: true });
    const timedOut = () => new SyncError('offline', 'timeout');
    let timer = wait(waitMs + Math.ceil(bodyBytes(init?.body) / SLOWEST_LINK_BYTES_PER_MS));
    let response: Response;
    try {
      response = await fetchImpl(input, { ...init, signal: giveUp.signal });
    } catch (error) {
      throw waitedOut ? timedOut() : error;
    } finally {
      clearTimeout(timer);
    }
    const reader = response.body?.getReader();
    if (!reader) return response;
    // Read whole here, the wait starting again at each part: a failure is the fetch's own, never a
    // later read's (every caller reads its answer whole). A stream that is not the fetch's own (a
    // test's, a service worker's) may not hear the abort, hence the race.
    const aborted = new Promise<never>((_, reject) =>
      giveUp.signal.addEventListener('abort', () => reject(waitedOut ? timedOut() : giveUp.signal.reason), {
        once: true,
      }),
    );
    aborted.catch(() => undefined);
    const parts: Uint8Array[] = [];
    try {
      for (;;) {
        timer = wait(waitMs);
        const part = await Promise.race([reader.read(), aborted]);
        clearTimeout(timer);
        if (part.done) break;
        parts.push(part.value);
      }
    } catch (error) {
      clearTimeout(timer);
      void reader.cancel().catch(() => undefined);
      throw waitedOut ? timedOut() : error;
    }
    return new Response(new Blob(parts as BlobPart[]), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}
