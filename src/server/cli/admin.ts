/**
 * Administration commands over the server's database (PGlite in DATA_DIR, or DATABASE_URL):
 * demo, units, enroll-code, devices, revoke, load-units. A `--json` command prints its JSON last.
 */
import { parseArgs } from 'node:util';
import { roleSchema } from '../../shared/sync';
import { DataDirInUseError, openDatabase } from '../db/database';
import { createDemoCodes, loadDemo } from '../demo/demo';
import { findAllDevices, revokeDevice } from '../devices/devices.repository';
import { createEnrollmentCode } from '../devices/enrollment';
import { loadUnitsCsvFile } from '../units/unit-loader';
import { findAllUnits, findUnitById, hasNoUnits } from '../units/units.repository';

const USAGE = `Cách dùng: npm run admin -- <lệnh>
  demo                                   nạp dữ liệu mẫu (đơn vị Hà Tĩnh, kế hoạch Cẩm Xuyên 2021) vào CSDL trống
  units [--json]                         liệt kê đơn vị
  enroll-code --unit <id> --role <reporter|supervisor> [--ttl-hours N] [--json]
                                         tạo mã đăng ký dùng một lần
  devices [--json]                       liệt kê máy đã đăng ký
  revoke <deviceId>                      thu hồi một máy
  load-units <file.csv> --prefix <p> [--valid-from YYYY-MM-DD] [--valid-to YYYY-MM-DD]
                                         nạp đơn vị từ tệp CSV (code,name,level,parent_code)`;

async function main(argv: string[]): Promise<number> {
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
    },
  });
  const [command, arg] = positionals;
  if (!command || command === 'help') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  const opened = await openDatabase({
    dataDir: process.env.DATA_DIR ?? './data',
    ...(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : {}),
  });
  const { db } = opened;
  const port = values.port ?? process.env.PORT ?? '8080';
  try {
    switch (command) {
      case 'demo': {
        if (!(await hasNoUnits(db))) {
          console.log('Cơ sở dữ liệu đã có đơn vị; không nạp lại dữ liệu mẫu.');
          return 0;
        }
        const { units, planId } = await loadDemo(db);
        console.log(`Đã nạp ${units} đơn vị và kế hoạch ${planId}. Mã đăng ký:`);
        for (const c of await createDemoCodes(db)) {
          console.log(`  ${c.label}: ${c.code}  http://localhost:${port}/?code=${c.code}`);
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
        if (values.json) console.log(JSON.stringify(units));
        else for (const u of units) console.log(`${u.id}\t${u.kind}\t${u.name}`);
        return 0;
      }
      case 'enroll-code': {
        const role = roleSchema.safeParse(values.role);
        if (!values.unit || !role.success) {
          console.error('Cần --unit <id> và --role <reporter|supervisor>.');
          return 2;
        }
        const unit = await findUnitById(db, values.unit);
        if (!unit) {
          console.error(`Không có đơn vị ${values.unit}; xem "npm run admin -- units".`);
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
        if (values.json) console.log(JSON.stringify({ code, url, expiresAt, unitId: unit.id, role: role.data }));
        else console.log(`${unit.name} (${role.data}): ${code}  ${url}  hết hạn ${expiresAt}`);
        return 0;
      }
      case 'devices': {
        const devices = await findAllDevices(db);
        if (values.json) console.log(JSON.stringify(devices));
        else for (const d of devices) console.log(`${d.id}\t${d.unit_id}\t${d.role}\t${d.name}\t${d.revoked_at ?? ''}`);
        return 0;
      }
      case 'revoke': {
        if (!arg) {
          console.error('Cần mã máy: npm run admin -- revoke <deviceId>.');
          return 2;
        }
        await revokeDevice(db, arg, new Date().toISOString());
        console.log(`Đã thu hồi máy ${arg}.`);
        return 0;
      }
      case 'load-units': {
        if (!arg || !values.prefix) {
          console.error('Cần tệp CSV và --prefix (ví dụ --prefix new:).');
          return 2;
        }
        const count = await loadUnitsCsvFile(db, arg, {
          idPrefix: values.prefix,
          validFrom: values['valid-from'] ?? null,
          validTo: values['valid-to'] ?? null,
        });
        console.log(`Đã nạp ${count} đơn vị.`);
        return 0;
      }
      default:
        console.error(`Lệnh không rõ: ${command}\n${USAGE}`);
        return 2;
    }
  } finally {
    await opened.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof DataDirInUseError) console.error(error.message);
    else console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
