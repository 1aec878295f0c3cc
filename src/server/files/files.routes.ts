import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as z from 'zod/mini';
import {
  type Attachment,
  attachmentInputSchema,
  MAX_ATTACHMENTS_PER_ENTRY,
  MAX_FILE_BYTES,
  UPLOAD_CHUNK_BYTES,
} from '../../shared/attachment';
import { authenticate, type Caller, isInScope, isInScopeOrMerged } from '../auth/auth';
import { findPredecessorPaths } from '../units/successions.repository';
import type { AppContext, RoutesOptions } from '../http/context';
import { HttpError, parseOr400 } from '../http/errors';
import { MESSAGES } from '../http/messages';
import { parsePeriodCode, periodBasisSchema, periodCodeSchema, periodRange } from '../../shared/period';
import { findSubtree, findUnitById } from '../units/units.repository';
import { evidenceArchive, evidenceArchiveName } from './evidence-export';
import { MAX_ZIP_BYTES } from './zip-writer';
import {
  countAttachmentsOfActivity,
  findActivityOwner,
  findAttachment,
  findAttachmentsOfActivities,
  findEvidenceOfPeriod,
  findFileClaims,
  insertAttachment,
  markAttachmentLost,
  sumUnitEvidenceBytes,
} from './attachments.repository';
import { contentDisposition, servedName } from './file-names';
import { checkFile, isImageMime, labelOf, MAX_IMAGE_PIXELS } from './file-check';
import { installUploadSweep } from './upload-sweep';
import { AUDIO_TYPES_IN_WORDS, CONTENT_AUDIO_MIMES } from '../../shared/content';
import { findContentFileClaims } from '../content/content.repository';

const evidenceQuerySchema = z.object({
  unitId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  period: periodCodeSchema,
  basis: z.optional(periodBasisSchema),
});

const shaParams = z.object({ sha256: attachmentInputSchema.shape.sha256 });
const idParams = z.object({ id: z.uuid(MESSAGES.attachmentNotFound) });

/** A parsed `Content-Range: bytes <start>-<end>/<total>` (end inclusive). */
interface ContentRange {
  start: number;
  end: number;
  total: number;
}

function parseContentRange(header: string | undefined): ContentRange | null {
  const match = header ? /^bytes (\d{1,12})-(\d{1,12})\/(\d{1,12})$/.exec(header.trim()) : null;
  if (!match) return null;
  const [start, end, total] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (end < start || end >= total) return null;
  return { start, end, total };
}

/**
 * Refuses a chunk by its headers, before its body is read: a file over the limit (from the
 * range's total), a chunk over UPLOAD_CHUNK_BYTES, or no usable range.
 */
async function refuseByHeaders(request: FastifyRequest): Promise<void> {
  // The body is left unread: the answer closes the connection rather than wait for it.
  const close = { connection: 'close' };
  const range = parseContentRange(request.headers['content-range']);
  if (range && range.total > MAX_FILE_BYTES) throw new HttpError(413, MESSAGES.fileTooLarge, undefined, close);
  const length = Number(request.headers['content-length'] ?? 0);
  if ((range && range.end - range.start + 1 > UPLOAD_CHUNK_BYTES) || length > UPLOAD_CHUNK_BYTES) {
    throw new HttpError(413, MESSAGES.chunkTooLarge(UPLOAD_CHUNK_BYTES / 1024), undefined, close);
  }
  if (!range) throw new HttpError(400, MESSAGES.badContentRange, [], close);
}

/**
 * What the caller's scope registered of a file, or, failing that, an old unit merged into it (a
 * phone moved by the 2025 reform still sends its old entries' photos).
 */
async function claimsInScope(ctx: AppContext, caller: Caller, sha256: string) {
  const claims = await findFileClaims(ctx.db, sha256, caller.scopePath);
  if (claims) return claims;
  for (const path of await findPredecessorPaths(ctx.db, caller.scopePath)) {
    const former = await findFileClaims(ctx.db, sha256, path);
    if (former) return former;
  }
  return undefined;
}

async function entryInScope(
  ctx: AppContext,
  caller: Caller,
  activityId: string,
  lock?: Parameters<typeof findActivityOwner>[0],
) {
  const owner = await findActivityOwner(lock ?? ctx.db, activityId, lock !== undefined);
  if (!owner) throw new HttpError(404, MESSAGES.entryNotOnServer);
  // A phone moved by a merge still sends the photos of its old unit's entries (the 2025 reform).
  if (!(await isInScopeOrMerged(lock ?? ctx.db, caller, owner.path))) throw new HttpError(403, MESSAGES.otherUnit);
  return owner;
}

// The words of a refused file: its type, an image's declared size, a .docx's declared unpacking.
function refusalOf(
  verdict: Exclude<ReturnType<typeof checkFile>, { ok: true }>,
  allowed: readonly string[],
): HttpError {
  if (verdict.reason === 'pixels') return new HttpError(413, MESSAGES.imageTooManyPixels(MAX_IMAGE_PIXELS / 1_000_000));
  if (verdict.reason === 'bomb') return new HttpError(413, MESSAGES.docxBomb);
  if (verdict.reason === 'unreadable')
    return new HttpError(415, MESSAGES.unreadableImage(labelOf(verdict.detected ?? '')));
  const detected = verdict.detected ? labelOf(verdict.detected) : null;
  if (allowed.every((mime) => (CONTENT_AUDIO_MIMES as readonly string[]).includes(mime)))
    return new HttpError(415, MESSAGES.wrongFileType('âm thanh', detected, AUDIO_TYPES_IN_WORDS));
  const expected = allowed.length === 1 ? labelOf(allowed[0]!) : 'ảnh';
  return new HttpError(415, MESSAGES.wrongFileType(expected, detected));
}

/** Evidence: attachments registered on entries, their files uploaded in chunks and served back. */
export async function filesRoutes(app: FastifyInstance, { ctx }: RoutesOptions): Promise<void> {
  installUploadSweep(app, ctx.files, ctx.now);

  // Chunks arrive as raw bytes; this parser lives only in this plugin.
  app.addContentTypeParser(
    'application/octet-stream',
    { parseAs: 'buffer', bodyLimit: UPLOAD_CHUNK_BYTES },
    (_request, body, done) => done(null, body),
  );

  app.post('/attachments', async (request) => {
    const caller = await authenticate(ctx, request);
    const input = parseOr400(attachmentInputSchema, request.body);
    // A registration sent again (its answer lost) answers the same.
    const existing = await findAttachment(ctx.db, input.id);
    if (existing) return { attachment: sameOrConflict(existing, input.activityId, input.sha256) };
    await ctx.db.transaction().execute(async (trx) => {
      // The entry's row lock queues registrations on one entry, so the count below holds.
      const owner = await entryInScope(ctx, caller, input.activityId, trx);
      if ((await countAttachmentsOfActivity(trx, input.activityId)) >= MAX_ATTACHMENTS_PER_ENTRY) {
        throw new HttpError(400, MESSAGES.tooManyAttachments(MAX_ATTACHMENTS_PER_ENTRY), [
          { path: 'activityId', message: MESSAGES.tooManyAttachments(MAX_ATTACHMENTS_PER_ENTRY) },
        ]);
      }
      const used = await sumUnitEvidenceBytes(trx, owner.unitId);
      if (used + input.size + (input.thumb?.size ?? 0) > ctx.limits.unitEvidenceBytes) {
        const gb = (ctx.limits.unitEvidenceBytes / 1024 ** 3).toLocaleString('vi-VN', { maximumFractionDigits: 2 });
        throw new HttpError(413, MESSAGES.quotaExceeded(gb));
      }
      await insertAttachment(trx, input, {
        unitId: owner.unitId,
        deviceId: caller.deviceId,
        receivedAt: ctx.now().toISOString(),
      });
    });
    const attachment = (await findAttachment(ctx.db, input.id))!;
    return { attachment: sameOrConflict(attachment, input.activityId, input.sha256) };
  });

  app.post('/attachments/:id/lost', async (request) => {
    const caller = await authenticate(ctx, request);
    const { id } = parseOr400(idParams, request.params);
    const attachment = await findAttachment(ctx.db, id);
    if (!attachment) throw new HttpError(404, MESSAGES.attachmentNotFound);
    const unit = await findUnitById(ctx.db, attachment.unitId);
    if (!unit || !(await isInScopeOrMerged(ctx.db, caller, unit.path))) throw new HttpError(403, MESSAGES.otherUnit);
    await markAttachmentLost(ctx.db, id);
    return { attachment: (await findAttachment(ctx.db, id))! };
  });

  app.get('/activities/:id/attachments', async (request) => {
    const caller = await authenticate(ctx, request);
    const { id } = parseOr400(z.object({ id: z.uuid(MESSAGES.entryNotOnServer) }), request.params);
    await entryInScope(ctx, caller, id);
    const byActivity = await findAttachmentsOfActivities(ctx.db, [id]);
    return { attachments: byActivity.get(id) ?? [] };
  });

  app.put('/files/:sha256', { onRequest: refuseByHeaders }, async (request, reply) => {
    const caller = await authenticate(ctx, request);
    const { sha256 } = parseOr400(shaParams, request.params);
    const range = parseContentRange(request.headers['content-range'])!;
    const claims =
      (await claimsInScope(ctx, caller, sha256)) ??
      (await findContentFileClaims(ctx.db, sha256, caller.scopePath, 'upload'));
    if (!claims) throw new HttpError(403, MESSAGES.fileNotRegistered);
    if (range.total !== claims.size) throw new HttpError(400, MESSAGES.sizeMismatch);
    const chunk = request.body;
    if (!Buffer.isBuffer(chunk) || chunk.length !== range.end - range.start + 1) {
      throw new HttpError(400, MESSAGES.badContentRange);
    }
    if (await ctx.files.has(sha256)) return { received: claims.size, complete: true };

    const { appended, received } = await ctx.files.append(sha256, range.total, range.start, chunk);
    if (!appended) return reply.status(409).send({ error: MESSAGES.chunkOutOfOrder, received });
    if (received < range.total) return { received, complete: false };

    // The last byte arrived: the whole must be what was registered, by its hash and its bytes.
    const whole = await ctx.files.partial(sha256);
    if (createHash('sha256').update(whole).digest('hex') !== sha256 || whole.length !== range.total) {
      await ctx.files.discard(sha256);
      throw new HttpError(422, MESSAGES.hashMismatch);
    }
    const verdict = checkFile(whole, claims.mimes);
    if (!verdict.ok) {
      await ctx.files.discard(sha256);
      throw refusalOf(verdict, claims.mimes);
    }
    await ctx.files.finish(sha256, verdict.mime, whole);
    return { received: range.total, complete: true };
  });

  app.get('/evidence/export', async (request, reply) => {
    const caller = await authenticate(ctx, request);
    const query = parseOr400(evidenceQuerySchema, request.query);
    const unit = await findUnitById(ctx.db, query.unitId ?? caller.unitId);
    if (!unit) throw new HttpError(404, MESSAGES.unitNotFound);
    if (!isInScope(caller, unit.path)) throw new HttpError(403, MESSAGES.outOfScope);
    const period = parsePeriodCode(query.period);
    if (!period) throw new HttpError(400, MESSAGES.badPeriod);
    const items = await findEvidenceOfPeriod(ctx.db, unit.path, periodRange(period, query.basis ?? 'decree09'));
    // A ZIP without ZIP64 holds 4 GiB: a bigger one is asked for a smaller unit or period.
    const bytes = items.reduce((sum, i) => sum + (i.complete ? i.size + 200 : 0), 0);
    if (bytes > MAX_ZIP_BYTES - 64 * 1024 * 1024) throw new HttpError(413, MESSAGES.evidenceTooLarge);
    const unitNames = new Map((await findSubtree(ctx.db, unit.path)).map((u) => [u.id, u.name]));
    const vietnamNow = new Date(ctx.now().getTime() + 7 * 3600_000);
    return reply
      .header('content-type', 'application/zip')
      .header('content-disposition', `attachment; filename="${evidenceArchiveName(unit, query.period)}"`)
      .header('cache-control', 'no-store')
      .send(Readable.from(evidenceArchive(items, ctx.files, { unitNames, vietnamNow })));
  });

  app.get('/files/:sha256/status', async (request) => {
    const caller = await authenticate(ctx, request);
    const { sha256 } = parseOr400(shaParams, request.params);
    const claims =
      (await claimsInScope(ctx, caller, sha256)) ??
      (await findContentFileClaims(ctx.db, sha256, caller.scopePath, 'read'));
    if (!claims) throw new HttpError(403, MESSAGES.fileNotRegistered);
    const status = await ctx.files.status(sha256);
    return { received: status.received, size: status.size ?? claims.size, complete: status.complete };
  });

  // Never compressed: a Range is of the file's own bytes (content relay resumes downloads).
  app.get('/files/:sha256', { compress: false }, async (request, reply) => {
    const caller = await authenticate(ctx, request);
    const { sha256 } = parseOr400(shaParams, request.params);
    // Out of scope answers as unknown: a hash must not tell whether another unit holds a file.
    const claims =
      (await claimsInScope(ctx, caller, sha256)) ??
      (await findContentFileClaims(ctx.db, sha256, caller.scopePath, 'read'));
    const file = claims ? await ctx.files.read(sha256) : undefined;
    if (!claims || !file) throw new HttpError(404, MESSAGES.fileNotFound);
    return sendFile(reply, file, claims.name, request.headers.range);
  });
}

/** Answers a file's bytes so that no browser runs them: its detected type, sandboxed, never sniffed. */
export function sendFile(reply: FastifyReply, file: { bytes: Buffer; mime: string }, name: string, range?: string) {
  const size = file.bytes.length;
  const part = range === undefined ? undefined : parseRange(range, size);
  if (part === null)
    throw new HttpError(416, MESSAGES.badRange(size), undefined, { 'content-range': `bytes */${size}` });
  reply
    .header('content-type', file.mime)
    .header(
      'content-disposition',
      contentDisposition(isImageMime(file.mime) ? 'inline' : 'attachment', servedName(name, file.mime)),
    )
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cache-control', 'private, max-age=31536000, immutable')
    .header('accept-ranges', 'bytes');
  if (!part) return reply.send(file.bytes);
  return reply
    .status(206)
    .header('content-range', `bytes ${part.start}-${part.end}/${size}`)
    .send(file.bytes.subarray(part.start, part.end + 1));
}

/** One `Range: bytes=a-b`, `bytes=a-` or `bytes=-n` within `size`; null when it asks for none of it. */
export function parseRange(header: string, size: number): { start: number; end: number } | null {
  const match = /^bytes=(\d{0,15})-(\d{0,15})$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return null;
  let start: number;
  let end: number;
  if (match[1] === '') {
    start = Math.max(0, size - Number(match[2]));
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  return start <= end && start < size ? { start, end } : null;
}

function sameOrConflict(attachment: Attachment, activityId: string, sha256: string): Attachment {
  if (attachment.activityId !== activityId || attachment.sha256 !== sha256) {
    throw new HttpError(409, MESSAGES.attachmentIdTaken);
  }
  return attachment;
}
