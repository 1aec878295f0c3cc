import { statSync } from 'node:fs';
import path from 'node:path';
import compress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { activitiesRoutes } from './activities/activities.routes';
import { adminRoutes } from './admin/admin.routes';
import { bootstrapRoutes } from './bootstrap/bootstrap.routes';
import { contentRoutes } from './content/content.routes';
import type { Database } from './db/schema';
import { devicesRoutes } from './devices/devices.routes';
import { exportRoutes } from './exports/exports.routes';
import { filesRoutes } from './files/files.routes';
import { createContext, type Limits } from './http/context';
import { HttpError, installErrorHandling } from './http/errors';
import { MESSAGES } from './http/messages';
import { installNulGuard } from './http/nul-guard';
import { installSecurityHeaders } from './http/security-headers';
import { plansRoutes } from './plans/plans.routes';
import { reportsRoutes } from './reports/reports.routes';
import { signoffRoutes } from './signoff/signoff.routes';
import { syncRoutes } from './sync/sync.routes';
import { unitsRoutes } from './units/units.routes';

export type { Limits } from './http/context';

/** The listen backlog: connections waiting for accept() (the kernel caps it at net.core.somaxconn). */
export const LISTEN_BACKLOG = 4096;

/** What the app is built from; nothing here listens on a port. */
export interface AppDeps {
  db: Kysely<Database>;
  now?: () => Date;
  /** The built PWA to serve (SPA fallback to index.html); null or absent serves the API only. */
  staticDir?: string | null;
  logger?: boolean | object;
  limits?: Partial<Limits>;
  /**
   * Proxies whose X-Forwarded-For to believe (Fastify's trustProxy). Off by default: believing any
   * client's header would let a code guesser pick a new address per try.
   */
  trustProxy?: boolean | string;
  /** The secret of `npm run admin` through this server (see admin/admin-handle.ts); absent, no admin route. */
  admin?: { token: string; port: string };
}

/** Builds the HTTP app: plugins, the API routes under /api/v1 and, optionally, the PWA. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const ctx = createContext(deps.db, deps.now ?? (() => new Date()), deps.limits);
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: ctx.limits.bodyBytes,
    requestTimeout: ctx.limits.requestTimeoutMs,
    trustProxy: deps.trustProxy ?? false,
  });
  installErrorHandling(app);
  installSecurityHeaders(app);
  installNulGuard(app);
  await app.register(compress, {
    global: true,
    threshold: 1024,
    encodings: ['gzip', 'deflate'],
    requestEncodings: ['gzip', 'deflate'],
    onUnsupportedRequestEncoding: () => new HttpError(415, MESSAGES.badEncoding),
    onInvalidRequestPayload: () => new HttpError(400, MESSAGES.badEncoding, []),
  });

  // API routes: one line per feature, all under /api/v1.
  const api = { prefix: '/api/v1', ctx };
  await app.register(devicesRoutes, api);
  await app.register(bootstrapRoutes, api);
  await app.register(syncRoutes, api);
  await app.register(reportsRoutes, api);
  await app.register(unitsRoutes, api);
  await app.register(plansRoutes, api);
  await app.register(activitiesRoutes, api);
  await app.register(exportRoutes, api);
  await app.register(filesRoutes, api);
  await app.register(contentRoutes, api);
  await app.register(signoffRoutes, api);
  if (deps.admin) await app.register(adminRoutes, { ...api, ...deps.admin });

  if (deps.staticDir) await registerPwa(app, deps.staticDir);
  return app;
}

// The built PWA: hashed assets cache forever; the service worker and the page must be revalidated
// or phones keep running an old version.
async function registerPwa(app: FastifyInstance, staticDir: string): Promise<void> {
  const root = path.resolve(staticDir);
  await app.register(fastifyStatic, {
    root,
    wildcard: false,
    index: ['index.html'],
    setHeaders(reply, filePath) {
      const name = path.basename(filePath);
      if (name === 'sw.js' || name.endsWith('.html') || name === 'manifest.webmanifest' || name === 'registerSW.js') {
        reply.header('cache-control', 'no-cache');
      } else if (filePath.includes(`${path.sep}assets${path.sep}`)) {
        reply.header('cache-control', 'public, max-age=31536000, immutable');
      }
    },
  });
  app.get('/*', async (request, reply) => {
    const url = request.url.split('?')[0]!;
    if (url.startsWith('/api/')) throw new HttpError(404, MESSAGES.notFound);
    const file = path.join(root, decodeURIComponent(url));
    if (file.startsWith(root + path.sep) && isFile(file)) {
      return reply.sendFile(path.relative(root, file));
    }
    reply.header('cache-control', 'no-cache');
    return reply.sendFile('index.html');
  });
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
