import { UPLOAD_CHUNK_BYTES } from '../../shared/attachment';
import type { ErrorBody } from '../../shared/index';
import { SyncError, type Transport } from './transport';

// The one home of sending a file to the content-addressed store (`PUT /api/v1/files/:sha256` in
// chunks with Content-Range, resumed from `GET /files/:sha256/status`): the phone's evidence queue
// (uploads.ts, steps U4–U5) and the console's content relay (console-api.ts) both send through it.

/** Thrown when the person's pause stopped a file between two chunks. */
export class Paused extends Error {}

export type Answer = { status: number; body: unknown };

/** One request of the upload routes: a network error, 429/5xx and 401/403 throw a SyncError. */
export async function call(
  transport: Transport,
  token: string,
  path: string,
  init: { method: string; json?: unknown; bytes?: Blob; headers?: Record<string, string> },
): Promise<Answer> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...init.headers };
  let body: BodyInit | undefined;
  if (init.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.json);
  } else if (init.bytes) {
    headers['content-type'] = 'application/octet-stream';
    body = await init.bytes.arrayBuffer();
  }
  let response: Response;
  try {
    response = await transport.fetch(`${transport.baseUrl}${path}`, { method: init.method, headers, body });
  } catch (error) {
    throw error instanceof SyncError ? error : new SyncError('offline', 'network');
  }
  let parsed: unknown = null;
  try {
    parsed = await response.json();
  } catch {
    // A proxy's error page is not JSON; the status says enough.
  }
  if (response.status === 429 || response.status >= 500)
    throw new SyncError('retryable', `HTTP ${response.status}`, undefined, response.status);
  if (response.status === 401 || response.status === 403)
    throw new SyncError('auth', `HTTP ${response.status}`, undefined, response.status);
  return { status: response.status, body: parsed };
}

/** The server's words of a refusal, or its status. */
export const errorOf = (answer: Answer) => (answer.body as Partial<ErrorBody> | null)?.error || `HTTP ${answer.status}`;

/**
 * Sends a file's bytes from `from` (what this side last heard the server hold) in chunks of
 * UPLOAD_CHUNK_BYTES. `resuming`: the link may have dropped before, so the server is asked first
 * where it stands (it may hold more than this side heard of, even all of it). A 409 gives the
 * length the server holds: it goes on from there, never from zero. `onAck` hears each chunk the
 * server acknowledged (the bytes it now holds, and the bytes of that chunk). Returns once the
 * server holds the file whole; throws a SyncError when the link failed (what was acknowledged
 * stays: the next call resumes there), a `fatal` one with the server's words when it refused it.
 */
export async function sendFile(
  transport: Transport,
  token: string,
  sha256: string,
  blob: Blob,
  from: number,
  options: {
    resuming: boolean;
    onAck?: (received: number, sent: number) => Promise<void> | void;
    isPaused?: () => Promise<boolean>;
  },
): Promise<void> {
  let offset = from;
  if (options.resuming || offset > 0) {
    const status = await call(transport, token, `/api/v1/files/${sha256}/status`, { method: 'GET' });
    if (status.status === 200) {
      const held = status.body as { received: number; complete: boolean };
      if (held.complete) return;
      offset = held.received;
    }
  }
  let refusedInARow = 0;
  while (offset < blob.size) {
    if (await options.isPaused?.()) throw new Paused();
    const end = Math.min(blob.size, offset + UPLOAD_CHUNK_BYTES);
    const answer = await call(transport, token, `/api/v1/files/${sha256}`, {
      method: 'PUT',
      bytes: blob.slice(offset, end),
      headers: { 'content-range': `bytes ${offset}-${end - 1}/${blob.size}` },
    });
    if (answer.status === 409) {
      // The server holds a different length: resume from it, never from zero.
      const received = (answer.body as { received?: number } | null)?.received;
      if (typeof received !== 'number' || ++refusedInARow > 3) throw new SyncError('retryable', 'range');
      offset = received;
      continue;
    }
    if (answer.status !== 200) throw new SyncError('fatal', errorOf(answer), undefined, answer.status);
    refusedInARow = 0;
    const held = answer.body as { received: number; complete: boolean };
    const sent = end - offset;
    offset = held.received;
    await options.onAck?.(held.received, sent);
    if (held.complete) return;
  }
}

/** The lower-case hex SHA-256 a file is known by (content-addressed: the server files it under it). */
export async function sha256Hex(data: Blob | ArrayBuffer): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', data instanceof Blob ? await data.arrayBuffer() : data);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
