/**
 * `npm run admin -- <command>`: administration over the server's database (PGlite in DATA_DIR, or
 * DATABASE_URL): demo, units, enroll-code, devices, revoke, load-units, load-successions, merge-unit. A `--json` command prints
 * its JSON last. While a server holds the PGlite folder, the command runs through that server.
 */
import path from 'node:path';
import { type AdminHandle, readAdminHandle } from '../admin/admin-handle';
import { runAdminCommand, USAGE } from '../admin/admin-commands';
import { DataDirInUseError, openDatabase } from '../db/database';

const DATA_DIR = process.env.DATA_DIR ?? './data';
const DATABASE_URL = process.env.DATABASE_URL || undefined;

/** Asks the running server to run the command; its lines are printed as if run here. */
async function throughServer(handle: AdminHandle, argv: string[]): Promise<number> {
  let res: Response;
  try {
    res = await fetch(`${handle.url}/api/v1/admin/run`, {
      method: 'POST',
      headers: { authorization: `Bearer ${handle.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ argv }),
    });
  } catch {
    console.error(
      `Thư mục dữ liệu ${DATA_DIR} đang bị giữ nhưng không gọi được máy chủ ở ${handle.url}. ` +
        'Nếu máy chủ đã dừng bất thường, hãy khởi động lại nó (npm start) rồi chạy lại lệnh.',
    );
    return 1;
  }
  const body = (await res.json()) as {
    code?: number;
    lines?: { stream: 'out' | 'err'; text: string }[];
    error?: string;
  };
  if (!res.ok) {
    console.error(body.error ?? `Máy chủ trả lời ${res.status}.`);
    return 1;
  }
  for (const line of body.lines ?? []) (line.stream === 'out' ? console.log : console.error)(line.text);
  return body.code ?? 1;
}

async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === 'help') {
    console.log(USAGE);
    return argv.length === 0 ? 2 : 0;
  }
  // A CSV named relative to where the person typed the command, whoever reads it.
  const load = argv.indexOf('load-units');
  if (load >= 0 && argv[load + 1] && !argv[load + 1]!.startsWith('--')) argv[load + 1] = path.resolve(argv[load + 1]!);
  const successions = argv.indexOf('load-successions');
  if (successions >= 0 && argv[successions + 1] && !argv[successions + 1]!.startsWith('--'))
    argv[successions + 1] = path.resolve(argv[successions + 1]!);
  let opened: Awaited<ReturnType<typeof openDatabase>>;
  try {
    opened = await openDatabase(DATABASE_URL ? { databaseUrl: DATABASE_URL } : { dataDir: DATA_DIR });
  } catch (error) {
    const handle = error instanceof DataDirInUseError ? readAdminHandle(DATA_DIR) : null;
    if (handle) return throughServer(handle, argv);
    throw error;
  }
  try {
    return await runAdminCommand(
      opened.db,
      argv,
      { out: (line) => console.log(line), err: (line) => console.error(line) },
      { port: process.env.PORT ?? '8080' },
    );
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
