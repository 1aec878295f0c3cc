import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authenticate } from '../auth/auth';
import type { Turn } from '../http/admission';
import type { RoutesOptions } from '../http/context';
import { HttpError } from '../http/errors';
import { MESSAGES } from '../http/messages';
import { handleSync } from './sync.service';

/** POST /sync: the phone's push-then-pull round trip. */
export async function syncRoutes(app: FastifyInstance, { ctx }: RoutesOptions): Promise<void> {
  // 0. A request takes its place at the gate as it arrives, before its body is read: past the
  // places a full server has, it is turned away at once, instead of after its body was unzipped
  // and parsed (a herd's first seconds went on parsing thousands of bodies it then refused).
  const turns = new WeakMap<FastifyRequest, Turn>();
  const enter = async (request: FastifyRequest, reply: FastifyReply) => {
    const turn = ctx.syncGate.enter();
    if (!turn) {
      reply.header('retry-after', String(ctx.syncGate.retryAfterSeconds()));
      return reply.code(429).send({ error: MESSAGES.busy });
    }
    turns.set(request, turn);
    // Given back when the answer is sent, or the connection is gone, whatever happened between.
    reply.raw.once('close', turn.leave);
  };
  app.post('/sync', { onRequest: enter }, async (request) => {
    await turns.get(request)!.ready;
    // 1. Who is calling; 2. how often.
    const caller = await authenticate(ctx, request);
    const wait = ctx.syncLimiter.hit(caller.deviceId);
    if (wait > 0) throw new HttpError(429, MESSAGES.tooFast, undefined, { 'retry-after': String(wait) });
    return handleSync(ctx, caller, request.body);
  });
}
