// The plan command as an officer runs it: a real process, real files, no database.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportedPlan } from '../../src/shared/plan-import/import-plan';
import { writePdf } from '../support/pdf-writer';
import { buildPlanDocx } from './plan-docx-fixture';
import { PDF_PLAN_LINES } from './plan-pdf-fixture';
import { PLANS_DIR } from '../support/sources';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function runPlan(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'npx',
      ['tsx', 'src/server/cli/plan.ts', ...args],
      { cwd: ROOT, timeout: 50_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

// The JSON is the last thing on stdout.
function lastJson(stdout: string): ImportedPlan {
  return JSON.parse(stdout.slice(stdout.indexOf('{'))) as ImportedPlan;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plan-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('npm run plan -- import', () => {
  it('prints the plan of a .txt file as JSON', async () => {
    const { code, stdout } = await runPlan('import', join(PLANS_DIR, 'ha-tinh-province-2020.txt'), '--json');
    expect(code).toBe(0);
    const plan = lastJson(stdout);
    expect(plan.number).toBe('444/KH-UBND');
    // 22 numbered rows; row 21's part with its own target is a task of its own.
    expect(plan.tasks).toHaveLength(23);
    expect(plan.tasks.reduce((sum, task) => sum + (task.budgetVnd ?? 0), 0)).toBe(1_000_000_000);
    expect(plan.tasks.find((task) => task.ordinal === '19')?.target).toEqual({
      count: 4,
      per: 'month',
      atLeast: false,
      total: 48,
    });
    expect(Object.keys(plan)).toEqual([
      'number',
      'title',
      'issuer',
      'year',
      'issuedOn',
      'tasks',
      'warnings',
      'indicators',
      'schedule',
    ]);
    expect(Object.keys(plan.tasks[0]!)).toEqual([
      'ordinal',
      'title',
      'products',
      'lead',
      'cooperating',
      'timing',
      'window',
      'deadline',
      'target',
      'budgetVnd',
      'kinds',
      'notes',
      'source',
    ]);
    // The words each field was read from, as the console's review shows them.
    expect(Object.keys(plan.tasks[0]!.source)).toEqual([
      'title',
      'products',
      'lead',
      'cooperating',
      'timing',
      'budget',
    ]);
  });

  it('prints the plan of a .docx file as JSON', async () => {
    const file = join(dir, 'ke-hoach.docx');
    await writeFile(file, await buildPlanDocx());
    const { code, stdout } = await runPlan('import', file, '--json');
    expect(code).toBe(0);
    const plan = lastJson(stdout);
    expect(plan).toMatchObject({ number: '152/KH-UBND', year: 2021, issuedOn: '2021-01-20' });
    expect(plan.tasks.map((task) => [task.ordinal, task.target, task.window, task.deadline, task.budgetVnd])).toEqual([
      ['1', null, null, null, null],
      ['2', { count: 1, per: 'month', atLeast: false, total: 12 }, null, null, 50_000_000],
      ['3', { count: 1, per: 'quarter', atLeast: false, total: 4 }, null, null, 800_000],
      ['4', null, { from: '2021-10-01', to: '2021-12-31' }, null, null],
      ['5', null, null, '2021-12-14', null],
    ]);
  });

  it('prints a Vietnamese summary without --json', async () => {
    const { code, stdout } = await runPlan('import', join(PLANS_DIR, 'ha-tinh-province-2020.txt'));
    expect(code).toBe(0);
    expect(stdout).toContain('Kế hoạch: Tuyên truyền cải cách hành chính tỉnh Hà Tĩnh năm 2020');
    expect(stdout).toContain('Số: 444/KH-UBND · Ngày ban hành: 16/12/2019');
    expect(stdout).toContain('Nhiệm vụ: 23');
    expect(stdout).toContain('Thực hiện: 01/10/2020–31/10/2020');
    expect(stdout).toContain('Chỉ tiêu: Tối thiểu 1 lần/năm');
    expect(stdout).toContain('Kinh phí: 150.000.000 đ');
    expect(stdout).toContain('Tổng kinh phí dự kiến: 1.000.000.000 đ');
    expect(stdout).toContain('Cần kiểm tra (6):');
    expect(stdout).not.toContain('{');
  });

  it('says plainly where the tasks of a plan with no table came from', async () => {
    const { code, stdout } = await runPlan('import', join(PLANS_DIR, 'dak-lak-home-affairs-2021.txt'));
    expect(code).toBe(0);
    expect(stdout).toContain('Nhiệm vụ: 6');
    expect(stdout).toContain('Kế hoạch không có bảng nhiệm vụ: 6 nhiệm vụ được lấy từ các gạch đầu dòng');
  });

  it('fails with a clear message on a missing file or an unknown format', async () => {
    const missing = await runPlan('import', join(dir, 'khong-co.txt'), '--json');
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toContain(`Không đọc được tệp "${join(dir, 'khong-co.txt')}": không có tệp này`);

    const odt = join(dir, 'ke-hoach.odt');
    await writeFile(odt, 'x');
    const unsupported = await runPlan('import', odt);
    expect(unsupported.code).toBe(1);
    expect(unsupported.stderr).toContain('chỉ nhập được ba loại tệp này');
  });

  it('refuses Word 97-2003 in words that say what to do', async () => {
    const doc = join(dir, 'ke-hoach.doc');
    await writeFile(doc, 'x');
    const legacy = await runPlan('import', doc);
    expect(legacy.code).toBe(1);
    expect(legacy.stderr).toContain('Tệp .doc (Word 97-2003) chưa đọc được');
  });

  it('prints the plan of a PDF with a text layer', async () => {
    const file = join(dir, 'ke-hoach-pdf.pdf');
    await writeFile(file, writePdf([[...PDF_PLAN_LINES]]));
    const { code, stdout } = await runPlan('import', file, '--json');
    expect(code).toBe(0);
    const plan = lastJson(stdout);
    expect(plan).toMatchObject({ number: '45/KH-UBND', year: 2022 });
    expect(plan.tasks.map((task) => task.title)).toEqual([
      'Phát thanh chuyên mục CCHC trên loa truyền thanh',
      'Tập huấn nghiệp vụ một cửa',
    ]);
  });
});
