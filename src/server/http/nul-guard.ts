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

// Half of a surrogate pair (text cut inside an emoji): PostgreSQL's jsonb refuses its \u escape.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** True when every string (and key) in a value is well-formed UTF-16: the common case, checked without copying. */
function isWellFormedDeep(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return (value as string & { isWellFormed(): boolean }).isWellFormed();
  if (depth > 64 || value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) return value.every((v) => isWellFormedDeep(v, depth + 1));
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if (!isWellFormedDeep(key) || !isWellFormedDeep((value as Record<string, unknown>)[key], depth + 1)) return false;
  }
  return true;
}

/** A copy of a parsed body whose lone surrogates are U+FFFD, as text columns already store them. */
function withWellFormedText(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.replace(LONE_SURROGATE, '\ufffd');
  if (depth > 64 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => withWellFormedText(v, depth + 1));
  const out: Record<string, unknown> = {};
  // defineProperty: a key named __proto__ stays a plain key instead of replacing the prototype.
  for (const [key, v] of Object.entries(value)) {
    Object.defineProperty(out, withWellFormedText(key) as string, {
      value: withWellFormedText(v, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/**
 * Refuses NUL characters in the query, the path and the body with a 400 before any handler runs.
 * A sync body's mutations are left to the sync, which rejects such a mutation on its own.
 */
export function installNulGuard(app: FastifyInstance): void {
  app.addHook('preHandler', async (request) => {
    // Copying a 500-mutation body on every request cost more than the sync itself under load.
    if (request.body && typeof request.body === 'object' && !isWellFormedDeep(request.body)) {
      request.body = withWellFormedText(request.body);
    }
    const body = request.body as { mutations?: unknown } | null | undefined;
    const isSync = request.url.split('?')[0] === '/api/v1/sync';
    const checkedBody = isSync && body && typeof body === 'object' ? { ...body, mutations: [] } : body;
    if (hasNul(request.query) || hasNul(request.params) || hasNul(checkedBody)) {
      throw new HttpError(400, MESSAGES.nulCharacter, [{ path: '', message: MESSAGES.nulCharacter }]);
    }
  });
}
