import { readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { parseUnitCsv, type UnitCsvEra } from './unit-csv';
import { insertUnits } from './units.repository';

/**
 * Loads a units CSV (`code,name,level,parent_code`, any of the statistics-office lists, the
 * national one included) in one transaction; returns how many units it added.
 */
async function loadUnitsCsv(db: Kysely<Database>, text: string, era: UnitCsvEra): Promise<number> {
  const units = parseUnitCsv(text, era);
  await db.transaction().execute((trx) => insertUnits(trx, units));
  return units.length;
}

/** `loadUnitsCsv` over a file. */
export async function loadUnitsCsvFile(db: Kysely<Database>, file: string, era: UnitCsvEra): Promise<number> {
  return loadUnitsCsv(db, readFileSync(file, 'utf8'), era);
}
