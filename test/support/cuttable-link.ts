import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

// The phone's link to the server as a forwarding proxy in front of it, for the tests and the bench
// of evidence uploads (issue 14): the phone opens the proxy's origin, every request goes through,
// and the proxy counts what crossed it, logs each chunk PUT the server answered, and can cut the
// link (every connection dropped, new ones refused) and restore it.

/** One `PUT /api/v1/files/:sha256` the server answered. */
export interface ChunkPut {
  sha256: string;
  /** The Content-Range's first byte. */
  start: number;
  end: number;
  total: number;
  status: number;
  /** The server's answer: bytes it holds, and whether the file is whole. */
  received: number | null;
  complete: boolean;
  /** ms of performance.now() when the server's answer was in. */
  at: number;
  /** True when the link was cut before the phone heard the answer. */
  answerLost: boolean;
}

/** One request the server answered, any path. */
export interface Forwarded {
  method: string;
  path: string;
  status: number;
  at: number;
}

export interface CuttableLink {
  /** The origin the phone opens, e.g. http://127.0.0.1:41234. */
  origin: string;
  /** Bytes of HTTP the phone sent (request lines, headers and bodies) and received, so far. */
  bytes(): { up: number; down: number };
  chunks(): ChunkPut[];
  forwarded(): Forwarded[];
  /** Drops every connection and refuses new ones until `restore`. */
  cut(): void;
  restore(): void;
  readonly isCut: boolean;
  /**
   * Cuts the link at the moment the server's answer to a chunk PUT arrives, when `when` says so:
   * that chunk is stored on the server but the phone never hears it was.
   */
  cutOnChunk(when: ((put: ChunkPut) => boolean) | null): void;
  close(): Promise<void>;
}

/** Chunk PUTs sent again after the server had accepted the same range of the same file. */
export function resentAcceptedChunks(chunks: readonly ChunkPut[]): ChunkPut[] {
  const accepted = new Set<string>();
  const resent: ChunkPut[] = [];
  for (const put of [...chunks].sort((a, b) => a.at - b.at)) {
    const key = `${put.sha256}@${put.start}`;
    if (accepted.has(key)) resent.push(put);
    if (put.status === 200 && put.received !== null && put.received > put.start) accepted.add(key);
  }
  return resent;
}

function requestHeadBytes(req: IncomingMessage): number {
  let bytes = `${req.method} ${req.url} HTTP/${req.httpVersion}\r\n\r\n`.length;
  for (let i = 0; i < req.rawHeaders.length; i += 2)
    bytes += `${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}\r\n`.length;
  return bytes;
}

/** Starts a link to `target` (e.g. the server's http://localhost:PORT) on a free port of localhost. */
export async function startCuttableLink(target: string): Promise<CuttableLink> {
  const upstream = new URL(target);
  const sockets = new Set<Socket>();
  const chunkLog: ChunkPut[] = [];
  const forwardedLog: Forwarded[] = [];
  let up = 0;
  let down = 0;
  let isCut = false;
  let cutWhen: ((put: ChunkPut) => boolean) | null = null;

  const cut = () => {
    isCut = true;
    for (const socket of sockets) socket.destroy();
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0]!;
    up += requestHeadBytes(req);
    req.on('data', (chunk: Buffer) => {
      up += chunk.length;
    });
    const bodyParts: Buffer[] = [];
    const headers = { ...req.headers, host: upstream.host };
    const forward = httpRequest(
      { hostname: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers },
      (answer) => {
        const status = answer.statusCode ?? 502;
        const isChunk = req.method === 'PUT' && path.startsWith('/api/v1/files/');
        if (!isChunk) {
          forwardedLog.push({ method: req.method ?? '', path, status, at: performance.now() });
          res.writeHead(status, answer.headers);
          answer.on('data', (part: Buffer) => {
            down += part.length;
          });
          answer.pipe(res);
          return;
        }
        // A chunk's answer is read whole first: the link may be cut before the phone hears it.
        answer.on('data', (part: Buffer) => bodyParts.push(part));
        answer.on('end', () => {
          const body = Buffer.concat(bodyParts);
          let parsed: { received?: number; complete?: boolean } = {};
          try {
            parsed = JSON.parse(body.toString('utf8'));
          } catch {
            // Not JSON: status alone.
          }
          const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(String(req.headers['content-range'] ?? ''));
          const put: ChunkPut = {
            sha256: path.slice('/api/v1/files/'.length),
            start: Number(range?.[1] ?? -1),
            end: Number(range?.[2] ?? -1),
            total: Number(range?.[3] ?? -1),
            status,
            received: typeof parsed.received === 'number' ? parsed.received : null,
            complete: parsed.complete === true,
            at: performance.now(),
            answerLost: false,
          };
          chunkLog.push(put);
          forwardedLog.push({ method: 'PUT', path, status, at: put.at });
          if (isCut || cutWhen?.(put)) {
            put.answerLost = true;
            cutWhen = null;
            cut();
            return;
          }
          res.writeHead(status, answer.headers);
          down += body.length;
          res.end(body);
        });
      },
    );
    forward.on('error', () => {
      // The server went away: the phone sees its link drop.
      req.socket.destroy();
    });
    req.on('aborted', () => forward.destroy());
    req.pipe(forward);
  });
  server.keepAliveTimeout = 60_000;
  server.on('connection', (socket) => {
    if (isCut) {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    bytes: () => ({ up, down }),
    chunks: () => chunkLog,
    forwarded: () => forwardedLog,
    cut,
    restore() {
      isCut = false;
    },
    get isCut() {
      return isCut;
    },
    cutOnChunk(when) {
      cutWhen = when;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
