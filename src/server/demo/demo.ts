import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import type { Assignment, Plan, Task } from '../../shared/plan';
import { importPlanText } from '../../shared/plan-import/import-plan';
import { findSchedule } from '../../shared/plan-import/schedule';
import type { Role } from '../../shared/sync';
import { foldDiacritics } from '../../shared/text';
import { REFORM_DATE, type Unit } from '../../shared/unit';
import { vietnamDateOf } from '../../shared/format';
import { carryPlan } from '../../shared/plan-carry';
import { DEMO_ACTIVE_COMMUNES, loadDemoYear } from './demo-year';
import { insertChanges } from '../sync/change-log.repository';
import type { Database } from '../db/schema';
import { createEnrollmentCode } from '../devices/enrollment';
import { insertPlanVersion } from '../plans/plans.repository';
import { loadSuccessionsFile } from '../units/succession-loader';
import { loadUnitsCsvFile } from '../units/unit-loader';
import { findChildUnits, findUnitById, insertUnits } from '../units/units.repository';

// Not named data/: that is the PGlite folder, which git ignores.
const DATA = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sources');

/** Files the demo is made of (kept beside the code so a fresh clone has them). */
export const DEMO_FILES = {
  oldUnits: path.join(DATA, 'ha-tinh-old-3level.csv'),
  newUnits: path.join(DATA, 'ha-tinh-new-2level.csv'),
  nationalUnits: path.join(DATA, 'vn-units-new-2level-20250701.csv'),
  successions: path.join(DATA, 'ha-tinh-old-to-new-mapping.csv'),
  camXuyenPlan: path.join(DATA, 'cam-xuyen-district-2021.txt'),
};

/** Ids of the demo's main units. Codes were reused after 1/7/2025, so each era has its own prefix. */
export const DEMO_UNITS = {
  province: 'new:42',
  commune: 'new:18673',
  station: 'new:18673:station',
  postOffice: 'new:18673:post-office',
  oldProvince: 'old:42',
  district: 'old:446',
  oldCommune: 'old:18673',
  oldStation: 'old:18673:station',
  oldPostOffice: 'old:18673:post-office',
} as const;

/** One demo role: who it is, for which unit. */
export interface DemoRole {
  label: string;
  unitId: string;
  role: Role;
}

/**
 * The demo's roles: the three reporters of Xã Cẩm Xuyên and the province, this year; and the
 * province before 1/7/2025, whose tree holds the real Cẩm Xuyên 2021 plan.
 */
const DEMO_ROLES: DemoRole[] = [
  { label: 'Cán bộ Xã Cẩm Xuyên (báo cáo)', unitId: DEMO_UNITS.commune, role: 'reporter' },
  { label: 'Trạm truyền thanh cơ sở Xã Cẩm Xuyên (báo cáo)', unitId: DEMO_UNITS.station, role: 'reporter' },
  { label: 'Điểm Bưu điện - Văn hóa Xã Cẩm Xuyên (báo cáo)', unitId: DEMO_UNITS.postOffice, role: 'reporter' },
  { label: 'Tỉnh Hà Tĩnh (giám sát)', unitId: DEMO_UNITS.province, role: 'supervisor' },
  {
    label: 'Tỉnh Hà Tĩnh trước 01/7/2025 (giám sát, xem kế hoạch 2021)',
    unitId: DEMO_UNITS.oldProvince,
    role: 'supervisor',
  },
];

/** The station and the post-office culture point a commune keeps, valid in the commune's era. */
function communeAgencies(commune: Pick<Unit, 'id' | 'name' | 'validFrom' | 'validTo'>): Unit[] {
  const era = { validFrom: commune.validFrom ?? null, validTo: commune.validTo ?? null };
  return [
    {
      id: `${commune.id}:station`,
      code: '',
      name: `Trạm truyền thanh cơ sở ${commune.name}`,
      kind: 'station',
      parentId: commune.id,
      ...era,
    },
    {
      id: `${commune.id}:post-office`,
      code: '',
      name: `Điểm Bưu điện - Văn hóa ${commune.name}`,
      kind: 'post_office',
      parentId: commune.id,
      ...era,
    },
  ];
}

/**
 * Loads the demo into an empty database, telling the product's story in the current year:
 * - Hà Tĩnh before 1/7/2025 (province, districts, communes) and after (province, communes) side
 *   by side, joined by which old commune went into which new one, a loudspeaker station and a post-office culture point under each commune of
 *   Cẩm Xuyên before, and under every commune of the province now;
 * - the real Cẩm Xuyên 2021 plan, published in its year: a past plan;
 * - that plan carried into this year by the province (districts are gone), with the targets and
 *   budgets an officer would give it, published in January;
 * - a dozen communes' phones logging against it since January (see demo-year.ts).
 */
export async function loadDemo(
  db: Kysely<Database>,
  now = new Date(),
): Promise<{ units: number; planId: string; pastPlanId: string; entries: number }> {
  let units = await loadUnitsCsvFile(db, DEMO_FILES.oldUnits, { idPrefix: 'old:', validTo: '2025-06-30' });
  units += await loadUnitsCsvFile(db, DEMO_FILES.newUnits, { idPrefix: 'new:', validFrom: REFORM_DATE });
  // Which old commune went into which new one: what joins the two trees in a report across 1/7/2025.
  await loadSuccessionsFile(db, DEMO_FILES.successions, {
    oldPrefix: 'old:',
    newPrefix: 'new:',
    effectiveOn: REFORM_DATE,
  });
  const oldCommunes = await findChildUnits(db, DEMO_UNITS.district, 'commune');
  const newCommunes = await findChildUnits(db, DEMO_UNITS.province, 'commune');
  const children = [...oldCommunes, ...newCommunes].flatMap((c) =>
    communeAgencies({ id: c.id, name: c.name, validFrom: c.valid_from, validTo: c.valid_to }),
  );
  const inserted = await db.transaction().execute((trx) => insertUnits(trx, children));
  units += children.length;
  const rowOf = new Map([...newCommunes, ...inserted].map((row) => [row.id, row] as const));

  const past = await publish(db, camXuyen2021(), new Date('2021-01-25T02:00:00Z'));
  const year = Number(vietnamDateOf(now).slice(0, 4));
  const current = withDemoTargets(
    carryPlan(past, {
      year,
      ownerId: DEMO_UNITS.province,
      exists: (unitId) => unitId.startsWith('new:'),
      newId: randomUUID,
    }),
  );
  const publishedAt = new Date(Math.min(now.getTime(), Date.parse(`${year}-01-15T02:00:00Z`)));
  const plan = await publish(
    db,
    {
      ...current,
      id: randomUUID(),
      number: '09/KH-UBND',
      title: `Kế hoạch tuyên truyền cải cách hành chính tỉnh Hà Tĩnh năm ${year}`,
      issuer: 'UBND tỉnh Hà Tĩnh',
      issuedOn: vietnamDateOf(publishedAt),
      // The 2021 text reports "theo báo cáo kết quả CCHC" with no day: the province's plan says one,
      // as a phone reads it for its due dates and reminders (Decree 09's own days, by the 15th).
      schedule: DEMO_SCHEDULE,
    },
    publishedAt,
  );

  // The communes of the demo's year: Xã Cẩm Xuyên first, then its neighbours and a few wards.
  const byName = [...newCommunes].sort(
    (a, b) => Number(b.name.startsWith('Xã Cẩm')) - Number(a.name.startsWith('Xã Cẩm')),
  );
  const active = [
    newCommunes.find((c) => c.id === DEMO_UNITS.commune)!,
    ...byName.filter((c) => c.id !== DEMO_UNITS.commune),
  ].slice(0, DEMO_ACTIVE_COMMUNES);
  const demoUnit = (id: string) => {
    const row = rowOf.get(id)!;
    return { id, path: row.path, name: row.name };
  };
  const entries = await loadDemoYear(db, {
    plan,
    communes: active.map((c) => ({
      commune: demoUnit(c.id),
      station: demoUnit(`${c.id}:station`),
      postOffice: demoUnit(`${c.id}:post-office`),
    })),
    from: `${year}-01-01`,
    now,
  });
  return { units, planId: plan.id, pastPlanId: past.id, entries };
}

/** The reporting schedule of the province's plan of the demo's year, read by the importer. */
const DEMO_SCHEDULE = findSchedule([
  'UBND các xã, phường báo cáo kết quả tuyên truyền CCHC định kỳ quý, 6 tháng, 9 tháng và năm về UBND tỉnh (qua Sở Nội vụ) trước ngày 16 của tháng cuối kỳ báo cáo.',
]);

/** The Cẩm Xuyên 2021 plan, read by the importer, with each task assigned by what it is about. */
function camXuyen2021(): Plan {
  const imported = importPlanText(readFileSync(DEMO_FILES.camXuyenPlan, 'utf8'));
  const tasks: Task[] = imported.tasks.map(({ source: _words, ...t }) => ({ ...t, id: randomUUID() }));
  const assignments: Assignment[] = tasks.map((task) => {
    const title = foldDiacritics(task.title);
    const unitKind = title.includes('tram truyen thanh co so')
      ? 'station'
      : title.includes('diem buu dien van hoa xa')
        ? 'post_office'
        : 'commune';
    return { taskId: task.id, unitId: DEMO_UNITS.district, unitKind };
  });
  return {
    id: randomUUID(),
    unitId: DEMO_UNITS.district,
    number: imported.number,
    title: imported.title,
    issuer: imported.issuer,
    year: imported.year,
    issuedOn: imported.issuedOn,
    version: 1,
    status: 'published',
    publishedAt: null,
    tasks,
    assignments,
  };
}

// What the province officer gave the carried plan: targets where the 2021 text had none, and
// budgets, by task ordinal.
const DEMO_TARGETS: Readonly<Record<string, Pick<Task, 'target' | 'budgetVnd'>>> = {
  '1': { target: { count: 1, per: 'quarter', atLeast: true }, budgetVnd: null },
  '2': { target: { count: 1, per: 'month', atLeast: false }, budgetVnd: 24_000_000 },
  '3': { target: { count: 2, per: 'month', atLeast: true }, budgetVnd: null },
  '4': { target: { count: 1, per: 'month', atLeast: true }, budgetVnd: 12_000_000 },
  '5': { target: { count: 8, per: 'month', atLeast: true }, budgetVnd: 36_000_000 },
  '6': { target: { count: 1, per: 'month', atLeast: true }, budgetVnd: null },
  '7': { target: { count: 1, per: 'quarter', atLeast: true }, budgetVnd: 30_000_000 },
  '8': { target: null, budgetVnd: 10_000_000 },
  '10': { target: null, budgetVnd: 5_000_000 },
};

function withDemoTargets(plan: Plan): Plan {
  // Task 2, the district's radio and television programme, is the province's own now.
  const ownTask = plan.tasks.find((t) => t.ordinal === '2')?.id;
  return {
    ...plan,
    tasks: plan.tasks.map((t) => ({ ...t, ...DEMO_TARGETS[t.ordinal] })),
    assignments: plan.assignments.map((a) =>
      a.taskId === ownTask ? { taskId: a.taskId, unitId: DEMO_UNITS.province, unitKind: null } : a,
    ),
  };
}

/** Publishes a plan as version 1 at `at`, and tells the phones of its scope. */
async function publish(db: Kysely<Database>, plan: Plan, at: Date): Promise<Plan> {
  const published: Plan = { ...plan, version: 1, status: 'published', publishedAt: at.toISOString() };
  const owner = await findUnitById(db, published.unitId);
  await db.transaction().execute(async (trx) => {
    await insertPlanVersion(trx, published, at.toISOString());
    await insertChanges(trx, [{ entity: 'plan', entityId: published.id, path: owner!.path }]);
  });
  return published;
}

/** One fresh enrollment code per demo role. */
export async function createDemoCodes(db: Kysely<Database>, now = new Date()) {
  const codes: (DemoRole & { code: string; expiresAt: string })[] = [];
  for (const role of DEMO_ROLES) {
    const { code, expiresAt } = await createEnrollmentCode(db, { unitId: role.unitId, role: role.role, now });
    codes.push({ ...role, code, expiresAt });
  }
  return codes;
}
