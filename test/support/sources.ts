import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The real documents tests and benches read, all inside the repository so a clone stands alone:
// the five plans (copied from the team's shared folder into the importer's tests) and the unit
// lists the demo loads. Vitest gives __dirname (its DOM environment has no file URL in
// import.meta.url); under tsx (benches) the module's file URL gives the folder.
const HERE = typeof __dirname === 'string' ? __dirname : path.dirname(fileURLToPath(import.meta.url));

/** Folder of the five real plans as text. */
export const PLANS_DIR = path.resolve(HERE, '../shared/plan-import/plans');

/** The text of one real plan, by file name ("ha-tinh-province-2020.txt"). */
export function readPlan(name: string): string {
  return readFileSync(path.join(PLANS_DIR, name), 'utf8');
}

const SOURCES = path.resolve(HERE, '../../src/server/demo/sources');

/** Every commune of Vietnam since 7/2025 (two levels), as CSV. */
export const VN_UNITS_CSV = path.join(SOURCES, 'vn-units-new-2level-20250701.csv');

/** Hà Tĩnh's province and communes since 7/2025, as CSV. */
export const HA_TINH_UNITS_CSV = path.join(SOURCES, 'ha-tinh-new-2level.csv');
