import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../http/context';
import { authenticateSupervisor } from '../auth/auth';
import { HttpError } from '../http/errors';
import { MESSAGES } from '../http/messages';

/** POST /plans/import: a plan document (text or .docx) parsed by the importer, nothing stored. */
export function registerPlanImportRoute(app: FastifyInstance, ctx: AppContext): void {
  app.post('/plans/import', { bodyLimit: ctx.limits.importBodyBytes }, async (request) => {
    await authenticateSupervisor(ctx, request);
    throw new HttpError(501, MESSAGES.importUnavailable);
  });
}
