import type { IncomingMessage } from 'node:http';
import type { FastifyError, FastifyInstance } from 'fastify';
import type * as z from 'zod/mini';
import type { ErrorBody } from '../../shared/sync';
import { MESSAGES } from './messages';

/** One problem of a request body, where it is and what to do. */
export type Issue = NonNullable<ErrorBody['issues']>[number];

/** An answer other than 200, with the API's error body. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly issues?: Issue[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

/** Issues of a zod error as `{ path, message }`. */
export function issuesOf(error: z.core.$ZodError): Issue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

/** Parses a value or throws the API's 400 with the schema's issues. */
export function parseOr400<T>(schema: z.ZodMiniType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new HttpError(400, MESSAGES.badRequest, issuesOf(result.error));
  return result.data;
}

/** The most of a refused body the server reads and drops, and for how long, before it answers. */
const DRAIN_CAP_BYTES = 32 * 1024 * 1024;
const DRAIN_MS = 10_000;

/**
 * Reads and drops the rest of a body refused before it was read (413 on its Content-Length, or
 * past the limit once decompressed). Answering while the client still sends made Node close the
 * socket under it, and the client read a reset (EPIPE) instead of the 413. True when the body
 * ended within the cap, so the connection can stay open; false past the cap, and the answer
 * then closes the connection after it is flushed.
 */
function drainBody(raw: IncomingMessage): Promise<boolean> {
  if (raw.complete || raw.readableEnded) return Promise.resolve(true);
  // A decompression stream may be reading it: take the body back from it.
  raw.unpipe();
  return new Promise((resolve) => {
    let seen = 0;
    const finish = (ended: boolean) => {
      clearTimeout(timer);
      raw.off('data', onData);
      raw.off('end', onEnd);
      raw.off('error', onStop);
      raw.off('close', onStop);
      resolve(ended);
    };
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > DRAIN_CAP_BYTES) finish(false);
    };
    const onEnd = () => finish(true);
    const onStop = () => finish(raw.complete);
    const timer = setTimeout(() => finish(false), DRAIN_MS);
    raw.on('data', onData);
    raw.once('end', onEnd);
    raw.once('error', onStop);
    raw.once('close', onStop);
    raw.resume();
  });
}

/** Maps every error to the API's body; a client's mistake is never a 500. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    if (error instanceof HttpError) {
      if (error.headers) reply.headers(error.headers);
      return reply
        .status(error.statusCode)
        .send(
          (error.issues
            ? { error: error.message, issues: error.issues }
            : { error: error.message }) satisfies ErrorBody,
        );
    }
    const code = (error as FastifyError).code;
    const status = (error as FastifyError).statusCode ?? 500;
    if (code === 'FST_ERR_CTP_BODY_TOO_LARGE' || status === 413) {
      // Fastify asked to close the connection, as the client may still be sending: drain first,
      // then keep the connection when the body ended.
      return drainBody(request.raw).then((ended) => {
        if (ended) reply.removeHeader('connection');
        else reply.header('connection', 'close');
        return reply.status(413).send({ error: MESSAGES.bodyTooLarge });
      });
    }
    if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || status === 415) {
      return reply.status(415).send({ error: MESSAGES.unsupportedMediaType });
    }
    if (
      code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
      code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
      error instanceof SyntaxError
    ) {
      return reply.status(400).send({ error: MESSAGES.badJson, issues: [] });
    }
    if (code?.startsWith('FST_CP_ERR') || code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH') {
      return reply.status(400).send({ error: MESSAGES.badEncoding, issues: [] });
    }
    if (status >= 400 && status < 500) {
      return reply.status(status).send({ error: status === 408 ? MESSAGES.timeout : MESSAGES.badRequest, issues: [] });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send({ error: MESSAGES.internal });
  });
  app.setNotFoundHandler((_request, reply) => reply.status(404).send({ error: MESSAGES.notFound }));
}
