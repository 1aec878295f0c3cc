import type { FastifyInstance } from 'fastify';
import { createEnrollmentCode } from '../../../src/server/devices/enrollment';
import type { Transport } from '../../../src/app/sync/sync-client';
import type { Role } from '../../../src/shared/sync';
import { openTestServer, seedTree } from '../../support/test-server';

/** The real server over in-memory PGlite (the one test fixture), with a movable clock. */
export async function startTestServer() {
  const server = await openTestServer('pglite');
  return { ...server, setNow: (iso: string) => server.clock.set(iso) };
}

/** A commune with its station and post office under a district, ids prefixed so tests never meet. */
export async function seedCommune(server: Awaited<ReturnType<typeof startTestServer>>) {
  return seedTree(server.db);
}

/** A one-time enrollment code for a unit and role. */
export async function makeCode(
  server: Awaited<ReturnType<typeof startTestServer>>,
  unitId: string,
  role: Role = 'reporter',
): Promise<string> {
  return (await createEnrollmentCode(server.db, { unitId, role, now: new Date('2021-07-20T03:00:00Z') })).code;
}

/** How a fake network treats one request. */
/**
 * `hang`: the request never reaches the server and no answer ever comes (a link dropped without a
 * word); `stall-answer`: the server commits and its answer stops after a few bytes.
 */
export type NetworkFault = 'none' | 'offline' | 'drop-response' | 'http-503' | 'hang' | 'stall-answer';

/**
 * A fetch that calls the app in process. `faults` decides per request (in order) whether the
 * request never leaves the phone, reaches the server but loses its answer, or gets a 503.
 */
export function transportFor(app: FastifyInstance, faults: NetworkFault[] = []) {
  const log: { path: string; status: number; encoding: string | null }[] = [];
  // Work to do while a request is in flight (the person saving during a sync).
  const duringRequest: (() => Promise<unknown>)[] = [];
  const fetchImpl = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const fault = faults.shift() ?? 'none';
    await duringRequest.shift()?.();
    if (fault === 'offline') throw new TypeError('Failed to fetch');
    if (fault === 'hang')
      return new Promise<Response>((_, reject) =>
        init?.signal?.addEventListener('abort', () =>
          reject(new DOMException('The operation was aborted.', 'AbortError')),
        ),
      );
    const url = String(input);
    const headers = (init?.headers ?? {}) as Record<string, string>;
    const body = init?.body;
    let payload: Buffer | string | undefined;
    if (body instanceof ArrayBuffer) payload = Buffer.from(body);
    else if (typeof body === 'string') payload = body;
    if (fault === 'http-503') {
      log.push({ path: url, status: 503, encoding: headers['content-encoding'] ?? null });
      return new Response('{"error":"busy"}', { status: 503 });
    }
    const res = await app.inject({
      method: (init?.method ?? 'GET') as 'GET' | 'POST',
      url,
      headers,
      ...(payload !== undefined ? { payload } : {}),
    });
    log.push({ path: url, status: res.statusCode, encoding: headers['content-encoding'] ?? null });
    // The server committed; the phone never hears back.
    if (fault === 'drop-response') throw new TypeError('Failed to fetch');
    if (fault === 'stall-answer') {
      const head = new Uint8Array(res.rawPayload).subarray(0, 8);
      return new Response(new ReadableStream({ start: (controller) => controller.enqueue(head) }), {
        status: res.statusCode,
        headers: { 'content-type': 'application/json' },
      });
    }
    // The bytes as sent (a photo is not text), under the server's own type.
    return new Response(new Uint8Array(res.rawPayload), {
      status: res.statusCode,
      headers: {
        'content-type': String(res.headers['content-type'] ?? 'application/json'),
        ...(res.headers['retry-after'] ? { 'retry-after': String(res.headers['retry-after']) } : {}),
      },
    });
  };
  const transport: Transport = { fetch: fetchImpl as typeof fetch, baseUrl: '' };
  return { transport, faults, log, duringRequest };
}
