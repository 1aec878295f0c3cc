/**
 * Renders a realistic district quarter report through the export renderers, then has LibreOffice
 * print it, so a person can look at the pages an officer will sign. Not part of `npm test`:
 *
 *   npx tsx test/server/exports-render.ts            # files, PDFs and 70 dpi PNG pages
 *   npx tsx test/server/exports-render.ts --no-pdf   # the .docx/.xlsx/.csv only
 *   UNIT=c5 npx tsx test/server/exports-render.ts    # a commune's report (Xã Cẩm Thành) instead
 *
 * Output goes to test/e2e/artefacts/exports/ (ignored by git). LibreOffice has no Times New Roman
 * on Linux: it substitutes Liberation Serif, which has the same metrics, so line breaks and page
 * breaks match what Word prints with Times New Roman.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Activity } from '../../src/shared/activity';
import type { Plan, Task } from '../../src/shared/plan';
import { computeReport, factsOf, type SyncStatus } from '../../src/shared/report';
import type { Unit } from '../../src/shared/unit';
import { renderReportCsv } from '../../src/server/exports/report-csv';
import { renderReportDocx } from '../../src/shared/report-files/report-docx';
import type { LateEntry } from '../../src/shared/report-layout';
import { exportFileName, recipientsFor } from '../../src/shared/report-layout';
import { renderReportXlsx } from '../../src/shared/report-files/report-xlsx';

const OUT = resolve('test/e2e/artefacts/exports');

// Seeded so two runs print the same figures; the seed is printed with the output.
const SEED = Number(process.env.SEED ?? 20240916);
let state = SEED >>> 0;
function random(): number {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const between = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));

// The 21 communes of Cẩm Xuyên before the 2025 merger, each with its loudspeaker station and its
// commune post office (Điểm Bưu điện - Văn hóa xã).
const COMMUNES = [
  'Thị trấn Cẩm Xuyên',
  'Thị trấn Thiên Cầm',
  'Xã Yên Hòa',
  'Xã Cẩm Dương',
  'Xã Cẩm Thành',
  'Xã Cẩm Quang',
  'Xã Cẩm Thạch',
  'Xã Cẩm Nhượng',
  'Xã Nam Phúc Thăng',
  'Xã Cẩm Duệ',
  'Xã Cẩm Lĩnh',
  'Xã Cẩm Quan',
  'Xã Cẩm Hà',
  'Xã Cẩm Lộc',
  'Xã Cẩm Hưng',
  'Xã Cẩm Thịnh',
  'Xã Cẩm Mỹ',
  'Xã Cẩm Trung',
  'Xã Cẩm Sơn',
  'Xã Cẩm Lạc',
  'Xã Cẩm Minh',
];

const units: Unit[] = [{ id: 'cx', code: '446', name: 'Huyện Cẩm Xuyên', kind: 'district', parentId: null }];
COMMUNES.forEach((name, i) => {
  const id = `c${i + 1}`;
  const place = name.replace(/^(Xã|Thị trấn) /u, '');
  units.push({ id, code: String(18673 + i * 3), name, kind: 'commune', parentId: 'cx' });
  units.push({ id: `${id}-tt`, code: '', name: `Đài truyền thanh ${place}`, kind: 'station', parentId: id });
  units.push({ id: `${id}-bd`, code: '', name: `Điểm BĐVHX ${place}`, kind: 'post_office', parentId: id });
});
units.push({ id: 'cx-vh', code: '', name: 'Phòng Văn hóa và Thông tin', kind: 'agency', parentId: 'cx' });

const LONG_TITLE =
  'Tuyên truyền, phổ biến Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình tổng thể ' +
  'cải cách hành chính nhà nước giai đoạn 2021 - 2030, Kế hoạch cải cách hành chính năm 2024 của UBND tỉnh ' +
  'và các văn bản hướng dẫn thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính';

function task(id: string, ordinal: string, title: string, target: Task['target'], kinds: Task['kinds']): Task {
  return {
    id,
    ordinal,
    title,
    products: [],
    lead: ['UBND các xã, thị trấn'],
    cooperating: [],
    timing: 'Năm 2024',
    window: { from: '2024-01-01', to: '2024-12-31' },
    deadline: null,
    target,
    budgetVnd: null,
    kinds,
    notes: null,
  };
}

const plan: Plan = {
  id: 'kh-152',
  unitId: 'cx',
  number: '152/KH-UBND',
  title: 'Kế hoạch tuyên truyền cải cách hành chính năm 2024',
  issuer: 'UBND huyện Cẩm Xuyên',
  year: 2024,
  issuedOn: '2024-01-20',
  version: 1,
  status: 'published',
  publishedAt: '2024-01-20T00:00:00Z',
  tasks: [
    task(
      't1',
      '1',
      'Tuyên truyền trên hệ thống truyền thanh cơ sở về CCHC',
      { count: 4, per: 'month', atLeast: true },
      ['broadcast'],
    ),
    task('t2', '2', LONG_TITLE, { count: 1, per: 'quarter', atLeast: true }, ['meeting', 'training']),
    task(
      't3',
      '3',
      'Đăng tin, bài về dịch vụ công trực tuyến <b>toàn trình</b> & "một cửa" trên Trang TTĐT',
      { count: 2, per: 'month', atLeast: false },
      ['article'],
    ),
    task('t4', '4', 'Cấp phát tờ gấp hướng dẫn nộp hồ sơ trực tuyến', { count: 1, per: 'quarter', atLeast: true }, [
      'material',
    ]),
    task('t5', '5', 'Tổ chức Cuộc thi tìm hiểu CCHC cấp huyện', { count: 1, per: 'year', atLeast: true }, ['contest']),
    task('t6', '6', 'Treo băng rôn, khẩu hiệu tuyên truyền CCHC', null, ['visual']),
  ],
  assignments: [
    { taskId: 't1', unitId: 'cx', unitKind: 'station' },
    { taskId: 't2', unitId: 'cx', unitKind: 'commune' },
    { taskId: 't3', unitId: 'cx', unitKind: 'commune' },
    { taskId: 't4', unitId: 'cx', unitKind: 'post_office' },
    { taskId: 't5', unitId: 'cx', unitKind: null },
    { taskId: 't6', unitId: 'cx', unitKind: 'commune' },
  ],
};

let serial = 0;
const activities: Activity[] = [];
function log(
  unitId: string,
  date: string,
  kind: Activity['kind'],
  figures: Activity['figures'],
  title: string,
  extra: Partial<Activity> = {},
): void {
  serial++;
  activities.push({
    id: `00000000-0000-7000-8000-${String(serial).padStart(12, '0')}`,
    unitId,
    kind,
    date,
    title,
    figures,
    deviceId: `dev-${unitId}`,
    createdAt: `${date}T08:00:00+07:00`,
    version: 1,
    voided: false,
    receivedAt: `${date}T17:00:00+07:00`,
    ...extra,
  });
}

const day = (month: number, d: number) => `2024-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
// Decree 09 months of Quý III/2024: 15/6–14/7, 15/7–14/8, 15/8–14/9.
const MONTHS: [number, number][] = [
  [6, 15],
  [7, 15],
  [8, 15],
];

COMMUNES.forEach((_, i) => {
  const c = `c${i + 1}`;
  // Three communes stay silent in August (their stations miss the monthly coverage indicator).
  const silentInAugust = i === 4 || i === 11 || i === 17;
  for (const [m, start] of MONTHS) {
    if (silentInAugust && m === 7) continue;
    const broadcasts = between(3, 7);
    for (let b = 0; b < broadcasts; b++) {
      const date = new Date(Date.UTC(2024, m - 1, start + between(0, 27))).toISOString().slice(0, 10);
      log(
        `${c}-tt`,
        date,
        'broadcast',
        { minutes: between(10, 30), source: random() < 0.3 ? 'relay' : 'own' },
        'Phát thanh chuyên mục CCHC',
        { taskId: 't1' },
      );
    }
  }
  if (i % 3 !== 2) {
    log(c, day(8, between(1, 28)), 'meeting', { participants: between(40, 180) }, 'Hội nghị đối thoại với Nhân dân', {
      taskId: 't2',
    });
  }
  for (let a = 0; a < between(2, 6); a++)
    log(c, day(7, between(1, 31)), 'article', { items: 1 }, 'Tin về DVC trực tuyến', { taskId: 't3' });
  // Post offices: receive leaflets, hand most out; two of them hand out everything they received.
  const received = between(200, 1500);
  log(`${c}-bd`, day(7, 2), 'material', { copies: received, direction: 'received' }, 'Nhận tờ gấp từ huyện', {
    taskId: 't4',
  });
  const handedOut = i === 6 || i === 14 ? received : Math.floor(received * (0.4 + random() * 0.5));
  log(
    `${c}-bd`,
    day(8, between(1, 28)),
    'material',
    { copies: handedOut, direction: 'distributed' },
    'Phát tờ gấp hướng dẫn nộp hồ sơ trực tuyến',
    { taskId: 't4' },
  );
  if (i % 2 === 0)
    log(c, day(7, between(1, 31)), 'visual', { items: between(1, 4) }, 'Băng rôn CCHC', { taskId: 't6' });
});
// A district training class with more than a thousand participants, over two days.
log('cx', '2024-08-22', 'training', { sessions: 2, participants: 1250 }, 'Tập huấn kỹ năng hỗ trợ người dân nộp hồ sơ');
log('cx-vh', '2024-09-05', 'contest', { participants: 3420 }, 'Cuộc thi trực tuyến tìm hiểu CCHC năm 2024', {
  taskId: 't5',
});
log('cx-vh', '2024-07-10', 'other', { items: 1 }, 'Phóng sự truyền hình về bộ phận một cửa');
// Late: logged before 14/9 (the Decree 09 close of Quý III), received after it.
const LATE: [string, string, Activity['kind'], Activity['figures'], string, string][] = [
  [
    'c5',
    '2024-09-13',
    'visual',
    { items: 2 },
    'Pa nô "Dịch vụ công trực tuyến" <script>alert(1)</script> & biển hỏi đáp',
    '2024-09-20T10:00:00+07:00',
  ],
  [
    'c12-tt',
    '2024-09-12',
    'broadcast',
    { minutes: 15 },
    'Phát thanh: Thủ tục đăng ký khai sinh, khai tử trực tuyến toàn trình trên Cổng Dịch vụ công quốc gia',
    '2024-09-17T08:30:00+07:00',
  ],
  [
    'c18',
    '2024-09-09',
    'article',
    { items: 1 },
    'Tin: Tuyên truyền CCHC tại thôn Trung Đông',
    '2024-09-15T07:10:00+07:00',
  ],
  [
    'c9-bd',
    '2024-09-11',
    'material',
    { copies: 120, direction: 'distributed' },
    'Phát tờ gấp',
    '2024-09-16T14:00:00+07:00',
  ],
];
for (const [unitId, date, kind, figures, title, receivedAt] of LATE)
  log(unitId, date, kind, figures, title, { receivedAt });
// Voided entries count nothing.
log('c3', '2024-08-01', 'meeting', { participants: 500 }, 'Nhập nhầm', { voided: true });

const names = new Map(units.map((u) => [u.id, u.name]));
const lateEntries: LateEntry[] = LATE.map(([unitId, date, kind, , title, receivedAt]) => ({
  unitName: names.get(unitId) ?? unitId,
  date,
  kind,
  title,
  receivedAt: new Date(receivedAt).toISOString(),
})).sort((a, b) => a.date.localeCompare(b.date));

const syncStatus = new Map<string, SyncStatus>();
COMMUNES.forEach((_, i) => {
  syncStatus.set(`c${i + 1}`, {
    lastSyncAt: new Date(Date.UTC(2024, 8, 14 - (i % 4), 9, 30)).toISOString(),
    pending: i === 7 ? 12 : 0,
  });
});

const UNIT_ID = process.env.UNIT ?? 'cx';
const report = computeReport({
  unitId: UNIT_ID,
  units,
  facts: factsOf(activities),
  plans: [plan],
  period: { type: 'quarter', year: 2024, index: 3 },
  basis: 'decree09',
  asOf: '2024-09-16',
  syncStatus,
});

// As the route does: the report goes up to the parent unit.
function parentName(unitId: string): string {
  const parentId = units.find((u) => u.id === unitId)?.parentId;
  return (parentId && names.get(parentId)) || 'Tỉnh Hà Tĩnh';
}

async function main(): Promise<void> {
  console.log(`seed ${SEED}: ${activities.length} entries, ${report.late} late, ${report.byUnit.length} unit rows`);
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const files = {
    docx: await renderReportDocx(report, { lateEntries, recipients: recipientsFor(parentName(UNIT_ID)) }),
    xlsx: await renderReportXlsx(report, { lateEntries }),
    csv: renderReportCsv(report),
  };
  for (const [format, body] of Object.entries(files)) {
    const path = join(OUT, exportFileName(report, format));
    writeFileSync(path, body);
    console.log(`${path} ${body.length} bytes`);
  }
  if (process.argv.includes('--no-pdf')) return;
  // A private profile: several people may run LibreOffice on this machine at once.
  const profile = `file://${join(OUT, '.lo-profile')}`;
  for (const format of Object.keys(files)) {
    const source = join(OUT, exportFileName(report, format));
    // LibreOffice 7.4 converting headless reads a CSV in the system charset and ignores the BOM
    // (its import dialog lets a person choose): name UTF-8 (76) and the comma (44) as a person would.
    const filter = format === 'csv' ? ['--infilter=CSV:44,34,76,1'] : [];
    execFileSync(
      'soffice',
      [
        `-env:UserInstallation=${profile}`,
        '--headless',
        ...filter,
        '--convert-to',
        'pdf',
        '--outdir',
        join(OUT, format),
        source,
      ],
      { stdio: 'inherit', timeout: 180_000 },
    );
    const pdf = join(OUT, format, exportFileName(report, 'pdf'));
    execFileSync('pdftoppm', ['-png', '-r', '70', pdf, join(OUT, format, 'page')], { stdio: 'inherit' });
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    const pages = /Pages:\s+(\d+)/.exec(info)?.[1];
    const fonts = execFileSync('pdffonts', [pdf], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
    console.log(
      `${format}: ${pages} pages; ${readdirSync(join(OUT, format))
        .filter((f) => f.endsWith('.png'))
        .join(' ')}`,
    );
    console.log(`  fonts: ${[...new Set(fonts.map((f) => f.split(/\s+/)[0]))].join(', ')}`);
  }
}

await main();
