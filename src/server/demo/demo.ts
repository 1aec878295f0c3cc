import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import type { Assignment, Plan, Task } from '../../shared/plan';
import { importPlanText } from '../../shared/plan-import/import-plan';
import type { Role } from '../../shared/sync';
import { foldDiacritics } from '../../shared/text';
import type { Unit } from '../../shared/unit';
import { insertChanges } from '../sync/change-log.repository';
import type { Database } from '../db/schema';
import { createEnrollmentCode } from '../devices/enrollment';
import { insertPlanVersion } from '../plans/plans.repository';
import { loadUnitsCsvFile } from '../units/unit-loader';
import { findChildUnits, findUnitById, insertUnits } from '../units/units.repository';

// Not named data/: that is the PGlite folder, which git ignores.
const DATA = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sources');

/** Files the demo is made of (kept beside the code so a fresh clone has them). */
export const DEMO_FILES = {
  oldUnits: path.join(DATA, 'ha-tinh-old-3level.csv'),
  newUnits: path.join(DATA, 'ha-tinh-new-2level.csv'),
  nationalUnits: path.join(DATA, 'vn-units-new-2level-20250701.csv'),
  camXuyenPlan: path.join(DATA, 'cam-xuyen-district-2021.txt'),
};

/** Ids of the demo's main units. Codes were reused after 1/7/2025, so each era has its own prefix. */
const DEMO_UNITS = {
  province: 'old:42',
  newProvince: 'new:42',
  district: 'old:446',
  commune: 'old:18673',
  station: 'old:18673:station',
  postOffice: 'old:18673:post-office',
};

/** One demo role: who it is, for which unit. */
export interface DemoRole {
  label: string;
  unitId: string;
  role: Role;
}

/** The demo's roles: three reporters of Thị trấn Cẩm Xuyên and two supervisors. */
const DEMO_ROLES: DemoRole[] = [
  { label: 'Cán bộ Thị trấn Cẩm Xuyên (báo cáo)', unitId: DEMO_UNITS.commune, role: 'reporter' },
  { label: 'Trạm truyền thanh Thị trấn Cẩm Xuyên (báo cáo)', unitId: DEMO_UNITS.station, role: 'reporter' },
  { label: 'Điểm Bưu điện - Văn hóa Thị trấn Cẩm Xuyên (báo cáo)', unitId: DEMO_UNITS.postOffice, role: 'reporter' },
  { label: 'Huyện Cẩm Xuyên (giám sát)', unitId: DEMO_UNITS.district, role: 'supervisor' },
  { label: 'Tỉnh Hà Tĩnh (giám sát)', unitId: DEMO_UNITS.province, role: 'supervisor' },
];

/**
 * Loads the demo into an empty database: Hà Tĩnh before 1/7/2025 (province, districts, communes)
 * and after (province, communes) side by side, a loudspeaker station and a post-office culture
 * point under each old commune of Cẩm Xuyên, and the Cẩm Xuyên 2021 plan, published and assigned.
 */
export async function loadDemo(db: Kysely<Database>, now = new Date()): Promise<{ units: number; planId: string }> {
  let units = await loadUnitsCsvFile(db, DEMO_FILES.oldUnits, { idPrefix: 'old:', validTo: '2025-06-30' });
  units += await loadUnitsCsvFile(db, DEMO_FILES.newUnits, { idPrefix: 'new:', validFrom: '2025-07-01' });
  const communes = await findChildUnits(db, DEMO_UNITS.district, 'commune');
  const children: Unit[] = communes.flatMap((c) => {
    const place = c.name;
    return [
      {
        id: `${c.id}:station`,
        code: '',
        name: `Trạm truyền thanh cơ sở ${place}`,
        kind: 'station' as const,
        parentId: c.id,
        validTo: '2025-06-30',
      },
      {
        id: `${c.id}:post-office`,
        code: '',
        name: `Điểm Bưu điện - Văn hóa ${place}`,
        kind: 'post_office' as const,
        parentId: c.id,
        validTo: '2025-06-30',
      },
    ];
  });
  await db.transaction().execute((trx) => insertUnits(trx, children));
  units += children.length;
  const planId = await publishCamXuyenPlan(db, now);
  return { units, planId };
}

/** The Cẩm Xuyên 2021 plan, read by the importer, with each task assigned by what it is about. */
async function publishCamXuyenPlan(db: Kysely<Database>, now: Date): Promise<string> {
  const imported = importPlanText(readFileSync(DEMO_FILES.camXuyenPlan, 'utf8'));
  const tasks: Task[] = imported.tasks.map((t) => ({ ...t, id: randomUUID() }));
  const assignments: Assignment[] = tasks.map((task) => {
    const title = foldDiacritics(task.title);
    const unitKind = title.includes('tram truyen thanh co so')
      ? 'station'
      : title.includes('diem buu dien van hoa xa')
        ? 'post_office'
        : 'commune';
    return { taskId: task.id, unitId: DEMO_UNITS.district, unitKind };
  });
  const plan: Plan = {
    id: randomUUID(),
    unitId: DEMO_UNITS.district,
    number: imported.number,
    title: imported.title,
    issuer: imported.issuer,
    year: imported.year,
    issuedOn: imported.issuedOn,
    version: 1,
    status: 'published',
    publishedAt: now.toISOString(),
    tasks,
    assignments,
  };
  const owner = await findUnitById(db, plan.unitId);
  await db.transaction().execute(async (trx) => {
    await insertPlanVersion(trx, plan, now.toISOString());
    await insertChanges(trx, [{ entity: 'plan', entityId: plan.id, path: owner!.path }]);
  });
  return plan.id;
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
