import type { Kysely } from 'kysely';
import type { Period, PeriodBasis } from '../../shared/period';
import { periodRange } from '../../shared/period';
import { computeReport, type Report, type SyncStatus } from '../../shared/report';
import type { Database } from '../db/schema';
import { findSyncStatusInSubtree } from '../devices/devices.repository';
import { findPublishedPlans } from '../plans/plans.repository';
import { findAncestors, findSubtree, findUnitById, unitOf } from '../units/units.repository';
import { factOfRow } from './facts';
import { findFactRows } from './reports.repository';

/** What a report is asked for. */
export interface ReportQuery {
  unitId: string;
  period: Period;
  basis: PeriodBasis;
  /** The local date the report is made on. */
  asOf: string;
}

/** Raised when the report's unit does not exist. */
export class UnitNotFoundError extends Error {}

/**
 * The period report of a unit and its subtree: the shared report code fed with the daily
 * roll-up, so a report reads summed rows, never the entries themselves.
 */
export async function buildReport(db: Kysely<Database>, query: ReportQuery): Promise<Report> {
  const unit = await findUnitById(db, query.unitId);
  if (!unit) throw new UnitNotFoundError(query.unitId);
  const range = periodRange(query.period, query.basis);
  const [ancestors, subtree, factRows, plans, status] = await Promise.all([
    findAncestors(db, unit),
    findSubtree(db, unit.path),
    findFactRows(db, unit.path, range.to),
    findPublishedPlans(db),
    findSyncStatusInSubtree(db, unit.path),
  ]);
  const syncStatus = new Map<string, SyncStatus>(
    status.map((s) => [s.unit_id, { lastSyncAt: s.last_sync_at ?? null, pending: Number(s.pending ?? 0) }]),
  );
  return computeReport({
    unitId: unit.id,
    units: [...ancestors, ...subtree].map(unitOf),
    facts: factRows.map(factOfRow),
    plans,
    period: query.period,
    basis: query.basis,
    asOf: query.asOf,
    syncStatus,
  });
}
