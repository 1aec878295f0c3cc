import type { FastifyInstance } from 'fastify';
import { HttpError } from './errors';
import { MESSAGES } from './messages';

/** True when a value holds a NUL character anywhere: PostgreSQL text and jsonb cannot store it. */
export function hasNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 64 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((v) => hasNul(v, depth + 1));
  for (const [key, v] of Object.entries(value)) if (key.includes('\u0000') || hasNul(v, depth + 1)) return true;
  return false;
}

/**
 * Refuses NUL characters in the query, the path and the body with a 400 before any handler runs.
 * A sync body's mutations are left to the sync, which rejects such a mutation on its own.
 */
export function installNulGuard(app: FastifyInstance): void {
  app.addHook('preHandler', async (request) => {
    const body = request.body as { mutations?: unknown } | null | undefined;
    const isSync = request.url.split('?')[0] === '/api/v1/sync';
    const checkedBody = isSync && body && typeof body === 'object' ? { ...body, mutations: [] } : body;
    if (hasNul(request.query) || hasNul(request.params) || hasNul(checkedBody)) {
      throw new HttpError(400, MESSAGES.nulCharacter, [{ path: '', message: MESSAGES.nulCharacter }]);
    }
  });
}
