import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import * as z from 'zod/mini';
import type { AppContext } from '../http/context';
import { HttpError } from '../http/errors';
import { MESSAGES } from '../http/messages';
import { runAdminCommand } from './admin-commands';

const runBody = z.object({ argv: z.array(z.string().check(z.maxLength(4096))).check(z.maxLength(32)) });

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * POST /admin/run: runs an admin command for `npm run admin` while this server holds the PGlite
 * folder. Registered only when the server made an admin secret; answers only on loopback, to the
 * bearer of that secret, whatever proxy headers say.
 */
export async function adminRoutes(
  app: FastifyInstance,
  opts: { ctx: AppContext; token: string; port: string },
): Promise<void> {
  app.post('/admin/run', async (request) => {
    if (!LOOPBACK.has(request.socket.remoteAddress ?? '')) throw new HttpError(403, MESSAGES.adminLoopbackOnly);
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
    if (!sameSecret(bearer, opts.token)) throw new HttpError(401, MESSAGES.adminBadSecret);
    const body = runBody.safeParse(request.body);
    if (!body.success) throw new HttpError(400, MESSAGES.badRequest);
    const lines: { stream: 'out' | 'err'; text: string }[] = [];
    const code = await runAdminCommand(
      opts.ctx.db,
      body.data.argv,
      { out: (text) => lines.push({ stream: 'out', text }), err: (text) => lines.push({ stream: 'err', text }) },
      { port: opts.port },
    );
    return { code, lines };
  });
}
