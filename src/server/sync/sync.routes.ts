import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authenticate } from '../auth/auth';
import type { RoutesOptions } from '../http/context';
import { HttpError } from '../http/errors';
import { MESSAGES } from '../http/messages';
import { handleSync } from './sync.service';

/** POST /sync: the phone's push-then-pull round trip. */
export async function syncRoutes(app: FastifyInstance, { ctx }: RoutesOptions): Promise<void> {
  // 0. A full server refuses before it reads (and unzips and parses) the body.
  const refuseWhenFull = async (_request: FastifyRequest, reply: FastifyReply) => {
    if (!ctx.syncGate.isFull()) return;
    reply.header('retry-after', String(ctx.syncGate.retryAfterSeconds()));
    return reply.code(429).send({ error: MESSAGES.busy });
  };
  app.post('/sync', { onRequest: refuseWhenFull }, async (request) => {
    // 0. A full server turns the request away before it costs a database query.
    const done = await ctx.syncGate.run(async () => {
      // 1. Who is calling; 2. how often.
      const caller = await authenticate(ctx, request);
      const wait = ctx.syncLimiter.hit(caller.deviceId);
      if (wait > 0) throw new HttpError(429, MESSAGES.tooFast, undefined, { 'retry-after': String(wait) });
      return handleSync(ctx, caller, request.body);
    });
    if (!done) {
      throw new HttpError(429, MESSAGES.busy, undefined, { 'retry-after': String(ctx.syncGate.retryAfterSeconds()) });
    }
    return done.value;
  });
}
