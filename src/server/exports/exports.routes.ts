import type { FastifyInstance, FastifyReply } from 'fastify';
import { type Narrative, NARRATIVE_PARTS } from '../../shared/report-narrative';
import * as z from 'zod/mini';
import { vietnamDateOf } from '../../shared/format';
import { type DateRange, parsePeriodCode, periodBasisSchema, periodCodeSchema, periodRange } from '../../shared/period';
import { authenticateSupervisor, isInScope } from '../auth/auth';
import type { RoutesOptions } from '../http/context';
import { HttpError, parseOr400 } from '../http/errors';
import { MESSAGES } from '../http/messages';
import { formerPlacesOf, reportPaths } from '../reports/report-successions';
import { buildReport } from '../reports/report.service';
import { findSubtree, findUnitById } from '../units/units.repository';
import { findActivities } from '../activities/activities.repository';
import type { AppContext } from '../http/context';
import { countEvidenceByUnit, countEvidenceOfActivities } from '../files/attachments.repository';
import type { UnitRow } from '../db/schema';
import { renderReportCsv } from './report-csv';
import { type ContentAnnexItem, renderReportDocx } from '../../shared/report-files/report-docx';
import { deliveriesOf, listContentPublishedIn } from '../content/content.repository';
import {
  type EvidenceCounts,
  exportFileName,
  type LateEntry,
  REPORT_FILE_TYPES,
  recipientsFor,
} from '../../shared/report-layout';
import type { Report } from '../../shared/report';

const exportQuerySchema = z.object({
  unitId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  period: periodCodeSchema,
  basis: z.optional(periodBasisSchema),
  format: z.enum(['docx', 'xlsx', 'csv']),
  asOf: z.optional(z.iso.date()),
});

const CONTENT_TYPES = REPORT_FILE_TYPES;

// The officer's words of the report (issue 16), as the console sends them; each part as typed.
const NARRATIVE_PART = z.optional(z.string().check(z.maxLength(20_000)));
const exportBodySchema = z.extend(exportQuerySchema, {
  narrative: z.optional(z.object({ results: NARRATIVE_PART, shortfalls: NARRATIVE_PART, proposals: NARRATIVE_PART })),
});

/**
 * GET /report/export: the period report of a unit as .docx, .xlsx or .csv, for supervisors, its
 * narrative written from the figures; POST /report/export: the same with the officer's narrative.
 */
export async function exportRoutes(app: FastifyInstance, { ctx }: RoutesOptions): Promise<void> {
  app.get('/report/export', async (request, reply) => {
    const caller = await authenticateSupervisor(ctx, request);
    return exportReport(ctx, caller, parseOr400(exportQuerySchema, request.query), reply);
  });
  app.post('/report/export', async (request, reply) => {
    const caller = await authenticateSupervisor(ctx, request);
    return exportReport(ctx, caller, parseOr400(exportBodySchema, request.body), reply);
  });
}

async function exportReport(
  ctx: AppContext,
  caller: Awaited<ReturnType<typeof authenticateSupervisor>>,
  query: z.infer<typeof exportBodySchema>,
  reply: FastifyReply,
) {
  const unitId = query.unitId ?? caller.unitId;
  const unit = await findUnitById(ctx.db, unitId);
  if (!unit) throw new HttpError(404, MESSAGES.unitNotFound);
  if (!isInScope(caller, unit.path)) throw new HttpError(403, MESSAGES.outOfScope);
  const basis = query.basis ?? 'decree09';
  const period = parsePeriodCode(query.period);
  if (!period) throw new HttpError(400, MESSAGES.badPeriod);
  // The document is dated the day its figures stop, today unless asked otherwise.
  const asOf = query.asOf ?? vietnamDateOf(ctx.now());
  const report = await buildReport(ctx.db, { unitId, period, basis, asOf });
  const narrative = query.narrative ? withoutUnset(query.narrative) : undefined;
  const range = periodRange(period, basis);
  const lateEntries = report.late > 0 ? await findLateEntries(ctx, await reportPaths(ctx.db, unit), range) : [];
  const evidence = await countEvidence(ctx, unit, report, range);

  let body: Buffer;
  if (query.format === 'docx') {
    // The report goes up to the parent unit: it heads the "Nơi nhận" list.
    const parent = unit.parent_id ? await findUnitById(ctx.db, unit.parent_id) : undefined;
    const content = await contentOfPeriod(ctx, unit.path, range);
    body = asBuffer(
      await renderReportDocx(report, {
        lateEntries,
        evidence,
        recipients: recipientsFor(parent?.name),
        narrative,
        content,
      }),
    );
  } else if (query.format === 'xlsx') {
    // ExcelJS takes most of a second to load: only a request for a workbook pays it, not every start.
    const { renderReportXlsx } = await import('../../shared/report-files/report-xlsx');
    body = asBuffer(await renderReportXlsx(report, { lateEntries, evidence, narrative }));
  } else body = renderReportCsv(report, { evidence });
  const name = exportFileName(report, query.format);
  return reply
    .header('content-type', CONTENT_TYPES[query.format])
    .header('content-disposition', `attachment; filename="${name}"`)
    .header('cache-control', 'no-store')
    .send(body);
}

/** The parts given (a part left out follows the figures). */
function withoutUnset(narrative: Partial<Record<keyof Narrative, string | undefined>>): Partial<Narrative> {
  const parts: Partial<Record<keyof Narrative, string>> = {};
  for (const part of NARRATIVE_PARTS) {
    const text = narrative[part];
    if (typeof text === 'string') parts[part] = text;
  }
  return parts;
}

/** The renderers' bytes (shared with the phone, which has no Buffer) as a Buffer for the reply, not copied. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * The content the unit's subtree sent down that concerns the period (received or due in it), each
 * with its deliveries within the subtree.
 */
async function contentOfPeriod(ctx: AppContext, path: string, range: DateRange): Promise<ContentAnnexItem[]> {
  const items = await listContentPublishedIn(ctx.db, path);
  const inPeriod = items.filter((item) => {
    const received = vietnamDateOf(item.receivedAt);
    const inRange = (d: string | null | undefined) => !!d && d >= range.from && d <= range.to;
    return inRange(received) || inRange(item.due);
  });
  const out: ContentAnnexItem[] = [];
  for (const item of inPeriod)
    out.push({ title: item.title, due: item.due, deliveries: await deliveriesOf(ctx.db, item.id) });
  return out;
}

// A document lists late entries by name; the totals already count them all.
const LATE_LIST_LIMIT = 500;

async function findLateEntries(ctx: AppContext, paths: readonly string[], range: DateRange): Promise<LateEntry[]> {
  const items: Awaited<ReturnType<typeof findActivities>>['items'] = [];
  const names = new Map<string, string>();
  // The report's subtree, then the old units it counts (the 2025 reform), under their own names.
  for (const path of paths) {
    if (items.length >= LATE_LIST_LIMIT) break;
    const found = await findActivities(ctx.db, {
      scopePath: path,
      from: range.from,
      to: range.to,
      receivedAfterDate: range.to,
      limit: LATE_LIST_LIMIT - items.length,
      offset: 0,
    });
    if (found.items.length === 0) continue;
    items.push(...found.items);
    for (const u of await findSubtree(ctx.db, path)) names.set(u.id, u.name);
  }
  const evidence = await countEvidenceOfActivities(
    ctx.db,
    items.map((a) => a.id),
  );
  return items
    .map((a) => ({
      unitName: names.get(a.unitId) ?? a.unitId,
      date: a.date,
      kind: a.kind,
      title: a.title,
      receivedAt: a.receivedAt,
      evidence: evidence.get(a.id) ?? 0,
    }))
    .sort((a, b) => a.date.localeCompare(b.date));
}

/**
 * Complete attachments per row of the report's by-unit table: a child's row counts its whole
 * subtree, the unit's own row only its own entries, as the figures of those rows do.
 */
async function countEvidence(
  ctx: AppContext,
  unit: UnitRow,
  report: Report,
  range: DateRange,
): Promise<EvidenceCounts> {
  const byEntryUnit = await countEvidenceByUnit(ctx.db, unit.path, range);
  const subtree = await findSubtree(ctx.db, unit.path);
  const paths = new Map(subtree.map((u) => [u.id, u.path]));
  // The old units the report counts (the 2025 reform), placed as its figures place them.
  const places = await formerPlacesOf(ctx.db, unit, subtree);
  if (places) {
    const rows = new Set(report.byUnit.map((row) => row.unitId));
    for (const { predecessor, members } of places.shared)
      if (rows.has(predecessor.unit.id)) for (const member of members) paths.set(member.id, member.path);
    for (const [unitId, n] of await countEvidenceByUnit(ctx.db, places.readPath, range)) {
      const as = places.wholeInto.get(unitId) ?? (paths.has(unitId) ? unitId : undefined);
      if (as !== undefined) byEntryUnit.set(as, (byEntryUnit.get(as) ?? 0) + n);
    }
  }
  const byUnit = new Map<string, number>();
  for (const row of report.byUnit) {
    const rowPath = paths.get(row.unitId) ?? '';
    const inRow = (unitId: string) =>
      row.unitId === unit.id ? unitId === unit.id : (paths.get(unitId) ?? '').startsWith(rowPath);
    let count = 0;
    for (const [unitId, n] of byEntryUnit) if (inRow(unitId)) count += n;
    byUnit.set(row.unitId, count);
  }
  return { byUnit, total: [...byEntryUnit.values()].reduce((a, b) => a + b, 0) };
}
