import { createHash } from 'node:crypto';
import type { AttachmentInput } from '../../../src/shared/attachment';

/**
 * A stand-in for the server's attachment routes (POST /api/v1/attachments, PUT and GET status of
 * /api/v1/files/:sha256, POST …/lost), written from the contract while the real routes are built
 * beside this branch. It holds files in memory, checks every Content-Range against what it holds
 * (409 with `received` otherwise) and the SHA-256 of a finished file.
 */
export function attachmentStandIn(options: { knownEntries?: () => Set<string> | null } = {}) {
  const files = new Map<string, { total: number; bytes: Buffer; complete: boolean }>();
  const attachments = new Map<string, AttachmentInput & { lost: boolean }>();
  const log: { method: string; path: string; range?: string; start?: number; at: number }[] = [];
  /** Per request, in order: 'drop' applies it and loses the answer; 'offline' never reaches us; 'hang' never answers. */
  const faults: ('none' | 'drop' | 'offline' | 'hang')[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let clock = 0;

  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

  const answer = async (method: string, path: string, headers: Record<string, string>, body: unknown) => {
    if (method === 'POST' && path === '/api/v1/attachments') {
      const input = JSON.parse(String(body)) as AttachmentInput;
      const known = options.knownEntries?.();
      if (known && !known.has(input.activityId)) return json(404, { error: 'Chưa có mục này trên máy chủ.' });
      const stored = attachments.get(input.id) ?? { ...input, lost: false };
      attachments.set(input.id, stored);
      const file = files.get(input.sha256);
      return json(200, {
        attachment: {
          ...stored,
          unitId: 'u',
          deviceId: 'd',
          receivedAt: new Date().toISOString(),
          received: file?.bytes.length ?? 0,
          complete: file?.complete ?? false,
          lost: stored.lost,
        },
      });
    }
    const lost = /^\/api\/v1\/attachments\/([^/]+)\/lost$/.exec(path);
    if (method === 'POST' && lost) {
      const stored = attachments.get(lost[1]!);
      if (!stored) return json(404, { error: 'không có' });
      stored.lost = true;
      return json(200, { attachment: stored });
    }
    const status = /^\/api\/v1\/files\/([0-9a-f]{64})\/status$/.exec(path);
    if (method === 'GET' && status) {
      const file = files.get(status[1]!);
      return json(200, {
        received: file?.bytes.length ?? 0,
        size: file?.total ?? 0,
        complete: file?.complete ?? false,
      });
    }
    const put = /^\/api\/v1\/files\/([0-9a-f]{64})$/.exec(path);
    if (method === 'PUT' && put) {
      const sha = put[1]!;
      const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(headers['content-range'] ?? '');
      if (!range) return json(400, { error: 'Content-Range' });
      const [start, end, total] = [Number(range[1]), Number(range[2]), Number(range[3])];
      const chunk = Buffer.from(body as ArrayBuffer);
      if (chunk.length !== end - start + 1 || chunk.length > 64 * 1024) return json(400, { error: 'chunk' });
      const file = files.get(sha) ?? { total, bytes: Buffer.alloc(0), complete: false };
      files.set(sha, file);
      if (file.complete) return json(200, { received: file.total, complete: true });
      if (start !== file.bytes.length) return json(409, { received: file.bytes.length });
      file.bytes = Buffer.concat([file.bytes, chunk]);
      if (file.bytes.length === total) {
        if (createHash('sha256').update(file.bytes).digest('hex') !== sha) return json(400, { error: 'sha256' });
        file.complete = true;
      }
      return json(200, { received: file.bytes.length, complete: file.complete });
    }
    return null;
  };

  /** Answers the attachment routes; null for any other path (the caller sends it on). */
  const handle = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response | null> => {
    const path = String(input);
    if (!path.startsWith('/api/v1/attachments') && !path.startsWith('/api/v1/files')) return null;
    const method = init?.method ?? 'GET';
    const headers = (init?.headers ?? {}) as Record<string, string>;
    const range = headers['content-range'];
    log.push({
      method,
      path,
      ...(range ? { range, start: Number(/bytes (\d+)/.exec(range)?.[1]) } : {}),
      at: clock++,
    });
    const fault = faults.shift() ?? 'none';
    if (fault === 'offline') throw new TypeError('Failed to fetch');
    if (fault === 'hang') return new Promise<Response>(() => undefined);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      await new Promise((resolve) => setTimeout(resolve, 1));
      const response = await answer(method, path, headers, init?.body);
      if (fault === 'drop') throw new TypeError('Failed to fetch');
      return response;
    } finally {
      inFlight--;
    }
  };

  return {
    handle,
    files,
    attachments,
    log,
    faults,
    maxInFlight: () => maxInFlight,
    /** A fetch with only these routes. */
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) =>
      (await handle(input, init)) ?? new Response('{"error":"not found"}', { status: 404 })) as typeof fetch,
  };
}
