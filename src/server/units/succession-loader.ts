import { readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import { nameKey, toNfc } from '../../shared/text';
import type { MergeKind } from '../../shared/unit';
import type { Database } from '../db/schema';
import { type Succession, upsertSuccessions } from './successions.repository';
import { splitCsvLine } from './unit-csv';
import { findUnitsByIds } from './units.repository';

/** How the codes of a mapping file name units: each tree's id prefix, and the day the new tree began. */
export interface SuccessionEra {
  oldPrefix: string;
  newPrefix: string;
  /** Local date the new units took over (2025-07-01). */
  effectiveOn: string;
}

const HEADER = 'old_code,old_name,new_code,new_name,new_province_code,merge_type';
/** At most this many faulty rows are named in the refusal; the count says how many there were. */
const SHOWN_ERRORS = 10;

/** A mapping file refused: every line says which row and what to fix. Nothing was stored. */
export class SuccessionFileError extends Error {}

/**
 * Reads a mapping of old units to new (`old_code,old_name,new_code,new_name,new_province_code,
 * merge_type`, one row per new unit of a partial merge) against the units stored, and stores it in
 * one transaction; returns how many rows. A row naming a code the database does not hold, a name
 * that is not that code's, an unknown merge type or an old unit both merged whole and shared
 * refuses the whole file, in words, before anything is written.
 */
export async function loadSuccessions(db: Kysely<Database>, text: string, era: SuccessionEra): Promise<number> {
  const lines = toNfc(text.replace(/^\uFEFF/, '')).split(/\r?\n/);
  const header = lines
    .shift()
    ?.split(',')
    .map((h) => h.trim())
    .join(',');
  if (header !== HEADER) throw new SuccessionFileError(`Tệp sáp nhập phải có dòng tiêu đề "${HEADER}".`);
  const rows: { line: number; oldCode: string; oldName: string; newCode: string; newName: string; merge: string }[] =
    [];
  for (const [index, raw] of lines.entries()) {
    if (raw.trim().length === 0) continue;
    const [oldCode = '', oldName = '', newCode = '', newName = '', , merge = ''] = splitCsvLine(raw).map((c) =>
      c.trim(),
    );
    rows.push({ line: index + 2, oldCode, oldName, newCode, newName, merge });
  }
  if (rows.length === 0) throw new SuccessionFileError('Tệp sáp nhập không có dòng nào.');
  const ids = rows.flatMap((r) => [era.oldPrefix + r.oldCode, era.newPrefix + r.newCode]);
  const units = new Map((await findUnitsByIds(db, ids)).map((u) => [u.id, u] as const));
  const errors: string[] = [];
  const mergeOf = new Map<string, { merge: string; line: number }>();
  const successions: Succession[] = [];
  for (const row of rows) {
    const problems: string[] = [];
    const check = (code: string, name: string, prefix: string, which: string) => {
      if (!code) {
        problems.push(`thiếu mã đơn vị ${which}`);
        return;
      }
      const unit = units.get(prefix + code);
      if (!unit) problems.push(`không có đơn vị ${which} mã ${code} (${prefix}${code})`);
      else if (name && nameKey(name) !== nameKey(unit.name))
        problems.push(`đơn vị ${which} mã ${code} là "${unit.name}", không phải "${name}"`);
    };
    check(row.oldCode, row.oldName, era.oldPrefix, 'cũ');
    check(row.newCode, row.newName, era.newPrefix, 'mới');
    if (row.merge !== 'full' && row.merge !== 'partial')
      problems.push(`kiểu sáp nhập "${row.merge}" không rõ (phải là full hoặc partial)`);
    const earlier = mergeOf.get(row.oldCode);
    if (earlier && (earlier.merge === 'full' || row.merge === 'full'))
      problems.push(
        `đơn vị cũ mã ${row.oldCode} đã có ở dòng ${earlier.line}: chỉ đơn vị sáp nhập một phần (partial) mới có nhiều dòng`,
      );
    if (!earlier) mergeOf.set(row.oldCode, { merge: row.merge, line: row.line });
    if (problems.length > 0) errors.push(`Dòng ${row.line}: ${problems.join('; ')}.`);
    else
      successions.push({
        oldUnitId: era.oldPrefix + row.oldCode,
        newUnitId: era.newPrefix + row.newCode,
        merge: row.merge as MergeKind,
        effectiveOn: era.effectiveOn,
      });
  }
  if (errors.length > 0) {
    const more = errors.length > SHOWN_ERRORS ? [`… và ${errors.length - SHOWN_ERRORS} dòng lỗi khác.`] : [];
    throw new SuccessionFileError(
      [
        `Không nạp tệp sáp nhập: ${errors.length} dòng có lỗi, chưa lưu dòng nào. Hãy sửa tệp, hoặc nạp danh sách đơn vị còn thiếu (load-units) rồi nạp lại.`,
        ...errors.slice(0, SHOWN_ERRORS),
        ...more,
      ].join('\n'),
    );
  }
  await db.transaction().execute((trx) => upsertSuccessions(trx, successions));
  return successions.length;
}

/** `loadSuccessions` over a file. */
export async function loadSuccessionsFile(db: Kysely<Database>, file: string, era: SuccessionEra): Promise<number> {
  return loadSuccessions(db, readFileSync(file, 'utf8'), era);
}
