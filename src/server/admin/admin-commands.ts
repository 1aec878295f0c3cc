import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import { roleSchema } from '../../shared/sync';
import type { Database } from '../db/schema';
import { createDemoCodes, loadDemo } from '../demo/demo';
import { findAllDevices, revokeDevice } from '../devices/devices.repository';
import { createEnrollmentCode } from '../devices/enrollment';
import { loadSuccessionsFile, SuccessionFileError } from '../units/succession-loader';
import { loadUnitsCsvFile } from '../units/unit-loader';
import { MergeError, mergeUnit } from '../units/unit-merge';
import { REFORM_DATE } from '../../shared/unit';
import { findAllUnits, findUnitById, hasNoUnits } from '../units/units.repository';

// The administration commands, run by `npm run admin` over the database when it can open it, and
// by the running server for it when the server holds the PGlite folder (see admin-handle.ts).

export const USAGE = `Cách dùng: npm run admin -- <lệnh>
  demo                                   nạp dữ liệu mẫu (đơn vị Hà Tĩnh, kế hoạch Cẩm Xuyên 2021) vào CSDL trống
  units [--json]                         liệt kê đơn vị
  enroll-code --unit <id> --role <reporter|supervisor> [--ttl-hours N] [--json]
                                         tạo mã đăng ký dùng một lần
  devices [--json]                       liệt kê máy đã đăng ký
  revoke <deviceId>                      thu hồi một máy
  load-units <file.csv> --prefix <p> [--valid-from YYYY-MM-DD] [--valid-to YYYY-MM-DD]
                                         nạp đơn vị từ tệp CSV (code,name,level,parent_code)
  load-successions <file.csv> [--old-prefix old:] [--new-prefix new:] [--effective 2025-07-01]
                                         nạp danh sách sáp nhập đơn vị cũ vào đơn vị mới (old_code,…,merge_type)
  merge-unit <oldId> [--into <newId>]    chuyển máy và nhiệm vụ của đơn vị cũ sang đơn vị mới nhận nó`;

/** Where a command writes: lines for the person, errors apart. */
export interface AdminIo {
  out(line: string): void;
  err(line: string): void;
}

/** Runs one admin command over `db`; returns the process exit code (0 done, 1 failed, 2 misused). */
export async function runAdminCommand(
  db: Kysely<Database>,
  argv: string[],
  io: AdminIo,
  defaults: { port: string },
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      unit: { type: 'string' },
      role: { type: 'string' },
      'ttl-hours': { type: 'string' },
      prefix: { type: 'string' },
      'valid-from': { type: 'string' },
      'valid-to': { type: 'string' },
      port: { type: 'string' },
      'old-prefix': { type: 'string' },
      'new-prefix': { type: 'string' },
      effective: { type: 'string' },
      into: { type: 'string' },
    },
  });
  const [command, arg] = positionals;
  const port = values.port ?? defaults.port;
  switch (command) {
    case 'demo': {
      if (!(await hasNoUnits(db))) {
        io.out('Cơ sở dữ liệu đã có đơn vị; không nạp lại dữ liệu mẫu.');
        return 0;
      }
      const { units, planId } = await loadDemo(db);
      io.out(`Đã nạp ${units} đơn vị và kế hoạch ${planId}. Mã đăng ký:`);
      for (const c of await createDemoCodes(db)) {
        io.out(`  ${c.label}: ${c.code}  http://localhost:${port}/?code=${c.code}`);
      }
      return 0;
    }
    case 'units': {
      const units = (await findAllUnits(db)).map((u) => ({
        id: u.id,
        name: u.name,
        kind: u.kind,
        parentId: u.parent_id,
      }));
      if (values.json) io.out(JSON.stringify(units));
      else for (const u of units) io.out(`${u.id}\t${u.kind}\t${u.name}`);
      return 0;
    }
    case 'enroll-code': {
      const role = roleSchema.safeParse(values.role);
      if (!values.unit || !role.success) {
        io.err('Cần --unit <id> và --role <reporter|supervisor>.');
        return 2;
      }
      const unit = await findUnitById(db, values.unit);
      if (!unit) {
        io.err(`Không có đơn vị ${values.unit}; xem "npm run admin -- units".`);
        return 1;
      }
      const ttl = values['ttl-hours'] ? Number(values['ttl-hours']) : undefined;
      const { code, expiresAt } = await createEnrollmentCode(db, {
        unitId: unit.id,
        role: role.data,
        ...(ttl && ttl > 0 ? { ttlHours: ttl } : {}),
        now: new Date(),
      });
      const url = `http://localhost:${port}/?code=${code}`;
      if (values.json) io.out(JSON.stringify({ code, url, expiresAt, unitId: unit.id, role: role.data }));
      else io.out(`${unit.name} (${role.data}): ${code}  ${url}  hết hạn ${expiresAt}`);
      return 0;
    }
    case 'devices': {
      const devices = await findAllDevices(db);
      if (values.json) io.out(JSON.stringify(devices));
      else for (const d of devices) io.out(`${d.id}\t${d.unit_id}\t${d.role}\t${d.name}\t${d.revoked_at ?? ''}`);
      return 0;
    }
    case 'revoke': {
      if (!arg) {
        io.err('Cần mã máy: npm run admin -- revoke <deviceId>.');
        return 2;
      }
      await revokeDevice(db, arg, new Date().toISOString());
      io.out(`Đã thu hồi máy ${arg}.`);
      return 0;
    }
    case 'load-units': {
      if (!arg || !values.prefix) {
        io.err('Cần tệp CSV và --prefix (ví dụ --prefix new:).');
        return 2;
      }
      const count = await loadUnitsCsvFile(db, arg, {
        idPrefix: values.prefix,
        validFrom: values['valid-from'] ?? null,
        validTo: values['valid-to'] ?? null,
      });
      io.out(`Đã nạp ${count} đơn vị.`);
      return 0;
    }
    case 'load-successions': {
      if (!arg) {
        io.err('Cần tệp CSV: npm run admin -- load-successions <tệp.csv>.');
        return 2;
      }
      if (!existsSync(arg)) {
        io.err(`Không thấy tệp ${arg}; hãy kiểm tra đường dẫn.`);
        return 1;
      }
      const effectiveOn = values.effective ?? REFORM_DATE;
      if (!/^\d{4}-\d{2}-\d{2}$/.test(effectiveOn)) {
        io.err(`Ngày hiệu lực "${effectiveOn}" phải viết YYYY-MM-DD, ví dụ ${REFORM_DATE}.`);
        return 2;
      }
      try {
        const count = await loadSuccessionsFile(db, arg, {
          oldPrefix: values['old-prefix'] ?? 'old:',
          newPrefix: values['new-prefix'] ?? 'new:',
          effectiveOn,
        });
        io.out(`Đã nạp ${count} dòng sáp nhập, hiệu lực từ ${effectiveOn}.`);
        return 0;
      } catch (error) {
        if (!(error instanceof SuccessionFileError)) throw error;
        io.err(error.message);
        return 1;
      }
    }
    case 'merge-unit': {
      if (!arg) {
        io.err('Cần mã đơn vị cũ: npm run admin -- merge-unit <oldId> [--into <newId>].');
        return 2;
      }
      try {
        const done = await mergeUnit(db, { fromId: arg, intoId: values.into, now: new Date() });
        io.out(
          `Đã chuyển ${done.from.name} sang ${done.into.name}: ${done.devices} máy (lần đồng bộ tới máy tải lại phạm vi mới), ` +
            `${done.plans} kế hoạch giao lại nhiệm vụ` +
            (done.byKind > 0
              ? ` (${done.byKind} nhiệm vụ đơn vị cũ nhận theo loại đơn vị, như "UBND cấp xã" của huyện, nay giao thẳng cho đơn vị mới)`
              : '') +
            '. Các mục đã ghi vẫn thuộc đơn vị cũ và được tính cho đơn vị mới.',
        );
        return 0;
      } catch (error) {
        if (!(error instanceof MergeError)) throw error;
        io.err(error.message);
        return 1;
      }
    }
    default:
      io.err(`Lệnh không rõ: ${command}\n${USAGE}`);
      return 2;
  }
}
