import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The real documents tests and benches read, all inside the repository so a clone stands alone:
// the five plans (copied from the team's shared folder into the importer's tests) and the unit
// lists the demo loads.

/** Folder of the five real plans as text. */
export const PLANS_DIR = fileURLToPath(new URL('../shared/plan-import/plans/', import.meta.url));

/** The text of one real plan, by file name ("ha-tinh-province-2020.txt"). */
export function readPlan(name: string): string {
  return readFileSync(`${PLANS_DIR}${name}`, 'utf8');
}

const SOURCES = new URL('../../src/server/demo/sources/', import.meta.url);

/** Every commune of Vietnam since 7/2025 (two levels), as CSV. */
export const VN_UNITS_CSV = fileURLToPath(new URL('vn-units-new-2level-20250701.csv', SOURCES));

/** Hà Tĩnh's province and communes since 7/2025, as CSV. */
export const HA_TINH_UNITS_CSV = fileURLToPath(new URL('ha-tinh-new-2level.csv', SOURCES));
