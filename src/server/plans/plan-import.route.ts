import type { FastifyInstance } from 'fastify';
import * as z from 'zod/mini';
import { importPlanText } from '../../shared/plan-import/import-plan';
import { authenticateSupervisor } from '../auth/auth';
import type { AppContext } from '../http/context';
import { HttpError, parseOr400 } from '../http/errors';
import { MESSAGES } from '../http/messages';
import { importPlanDocx } from './plan-docx';
import { PlanFileError } from './plan-file-error';

const importRequestSchema = z.union([
  z.object({ text: z.string().check(z.minLength(1, 'Hãy dán nội dung kế hoạch.'), z.maxLength(2_000_000)) }),
  z.object({ docxBase64: z.string().check(z.minLength(1), z.maxLength(20_000_000)) }),
  z.object({ pdfBase64: z.string().check(z.minLength(1), z.maxLength(20_000_000)) }),
]);

/** POST /plans/import: a plan document (text, .docx or PDF) read by the importer; nothing is stored. */
export function registerPlanImportRoute(app: FastifyInstance, ctx: AppContext): void {
  app.post('/plans/import', { bodyLimit: ctx.limits.importBodyBytes }, async (request) => {
    await authenticateSupervisor(ctx, request);
    const body = parseOr400(importRequestSchema, request.body);
    if ('text' in body) return importPlanText(body.text);
    if ('pdfBase64' in body) {
      try {
        // PDF.js takes about a second to load: only a PDF pays it, not every start of the server.
        const { importPlanPdf } = await import('./plan-pdf');
        return await importPlanPdf(Buffer.from(body.pdfBase64, 'base64'));
      } catch (error) {
        // A scan or a locked file is refused in words that say what to do.
        const message = error instanceof PlanFileError ? error.message : MESSAGES.importFailed;
        request.log.warn({ err: error }, 'pdf import failed');
        throw new HttpError(400, message, [{ path: 'pdfBase64', message }]);
      }
    }
    const bytes = Buffer.from(body.docxBase64, 'base64');
    try {
      return await importPlanDocx(bytes);
    } catch (error) {
      request.log.warn({ err: error }, 'docx import failed');
      throw new HttpError(400, MESSAGES.importFailed, [{ path: 'docxBase64', message: MESSAGES.importFailed }]);
    }
  });
}
