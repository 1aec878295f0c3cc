import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A file the front serves itself, e.g. a bundled harness page. */
export interface FrontFile {
  type: string;
  body: string | Buffer;
}

/** Times of one forwarded request, in ms of performance.now(). */
export interface RequestTiming {
  path: string;
  status: number;
  arrived: number;
  bodyIn: number;
  answered: number;
  done: number;
}

/** A same-origin front for a server under test that counts every byte the browser exchanges. */
export interface Front {
  /** The origin the browser opens, e.g. http://127.0.0.1:41234. */
  origin: string;
  /** Bytes read from and written to the browser's sockets so far, HTTP headers included. */
  bytes(): { up: number; down: number; requests: number };
  /** Each forwarded request: when it arrived, when its body was in, when the server answered and finished (ms). */
  log(): RequestTiming[];
  close(): Promise<void>;
}

/**
 * Serves `files` under their paths and forwards every other request to `target`. The page and the
 * server under test then share one origin (no CORS), and the bytes counted on the browser's
 * sockets are the bytes on the phone's link: bodies, headers and all.
 */
export async function startFront(target: string, files: Record<string, FrontFile>): Promise<Front> {
  const upstream = new URL(target);
  const sockets = new Set<Socket>();
  let closedUp = 0;
  let closedDown = 0;
  let requests = 0;
  const log: RequestTiming[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const file = files[path];
    if (file) {
      res.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store' });
      res.end(file.body);
      return;
    }
    requests++;
    const timing: RequestTiming = { path, status: 0, arrived: performance.now(), bodyIn: 0, answered: 0, done: 0 };
    log.push(timing);
    req.on('end', () => {
      timing.bodyIn = performance.now();
    });
    res.on('finish', () => {
      timing.done = performance.now();
    });
    const headers = { ...req.headers, host: upstream.host };
    const forward = httpRequest(
      { hostname: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers },
      (answer) => {
        timing.answered = performance.now();
        timing.status = answer.statusCode ?? 0;
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', (error) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
    req.pipe(forward);
  });
  server.keepAliveTimeout = 60_000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => {
      closedUp += socket.bytesRead;
      closedDown += socket.bytesWritten;
      sockets.delete(socket);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    bytes() {
      let up = closedUp;
      let down = closedDown;
      for (const s of sockets) {
        up += s.bytesRead;
        down += s.bytesWritten;
      }
      return { up, down, requests };
    },
    log: () => log,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The round trips of some forwarded requests: a request that arrived while an earlier one was
 * still being answered travelled beside it, in the same round trip; one that arrived after every
 * earlier one was done waited for them and costs a round trip of its own.
 */
export function roundTripsOf(timings: readonly RequestTiming[]): number {
  let trips = 0;
  let busyUntil = Number.NEGATIVE_INFINITY;
  for (const t of [...timings].sort((a, b) => a.arrived - b.arrived)) {
    if (t.arrived >= busyUntil) trips++;
    // A request never finished keeps the round trip open.
    busyUntil = Math.max(busyUntil, t.done > 0 ? t.done : Number.POSITIVE_INFINITY);
  }
  return trips;
}
