/**
 * `npm run plan -- import <file> [--json]`: imports a plan document (.txt, .docx or .pdf) and prints
 * the proposed plan, as JSON (last on stdout) or as a Vietnamese summary. Needs no database.
 */
import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ACTIVITY_KIND_LABELS_VI } from '../../shared/activity';
import { formatDateVi, formatVnd } from '../../shared/format';
import { describeTarget } from '../../shared/target';
import { type ImportedPlan, importPlanText } from '../../shared/plan-import/import-plan';
import { PLAN_FILE_MESSAGES } from '../../shared/plan-import/messages';
import { importPlanDocx } from '../plans/plan-docx';
import { importPlanPdf } from '../plans/plan-pdf';

const MESSAGES = {
  usage: 'Cách dùng: npm run plan -- import <tệp .txt, .docx hoặc .pdf> [--json]',
  unreadable: (file: string, reason: string) => `Không đọc được tệp "${file}": ${reason}`,
  unsupported: (file: string) => `Tệp "${file}" không phải .txt, .docx hay .pdf; chỉ nhập được ba loại tệp này.`,
  failed: (file: string, reason: string) => `Không nhập được kế hoạch từ "${file}": ${reason}`,
  plan: 'Kế hoạch',
  number: 'Số',
  issuedOn: 'Ngày ban hành',
  issuer: 'Cơ quan ban hành',
  year: 'Năm',
  none: '(không rõ)',
  tasks: (count: number) => `Nhiệm vụ: ${count}`,
  lead: 'Chủ trì',
  timing: 'Thời gian',
  target: 'Chỉ tiêu',
  window: 'Thực hiện',
  deadline: 'Hạn hoàn thành',
  budget: 'Kinh phí',
  kinds: 'Loại hoạt động',
  totalBudget: 'Tổng kinh phí dự kiến',
  warnings: (count: number) => `Cần kiểm tra (${count}):`,
} as const;

/** Runs the command with its arguments; returns the exit code. */
async function runPlanCommand(
  args: readonly string[],
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> {
  const [command, file, ...flags] = args.filter((arg) => arg !== '--');
  if (command !== 'import' || !file || file.startsWith('--')) {
    err(MESSAGES.usage);
    return 1;
  }
  const extension = extname(file).toLowerCase();
  if (extension === '.doc') {
    err(MESSAGES.failed(file, PLAN_FILE_MESSAGES.legacyDoc));
    return 1;
  }
  if (extension !== '.txt' && extension !== '.docx' && extension !== '.pdf') {
    err(MESSAGES.unsupported(file));
    return 1;
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    err(
      MESSAGES.unreadable(
        file,
        (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'không có tệp này' : String((error as Error).message),
      ),
    );
    return 1;
  }
  let plan: ImportedPlan;
  try {
    plan =
      extension === '.docx'
        ? await importPlanDocx(bytes)
        : extension === '.pdf'
          ? await importPlanPdf(bytes)
          : importPlanText(bytes.toString('utf8'));
  } catch (error) {
    err(MESSAGES.failed(file, (error as Error).message));
    return 1;
  }
  if (flags.includes('--json')) out(JSON.stringify(plan, null, 2));
  else for (const line of summaryOf(plan)) out(line);
  return 0;
}

function summaryOf(plan: ImportedPlan): string[] {
  const lines = [
    `${MESSAGES.plan}: ${plan.title || MESSAGES.none}`,
    `${MESSAGES.number}: ${plan.number ?? MESSAGES.none} · ${MESSAGES.issuedOn}: ${plan.issuedOn ? formatDateVi(plan.issuedOn) : MESSAGES.none} · ${MESSAGES.issuer}: ${plan.issuer ?? MESSAGES.none} · ${MESSAGES.year}: ${plan.year}`,
    '',
    MESSAGES.tasks(plan.tasks.length),
  ];
  for (const task of plan.tasks) {
    lines.push(`${task.ordinal}. ${task.title}`);
    const details = [
      task.lead.length > 0 ? `${MESSAGES.lead}: ${task.lead.join('; ')}` : null,
      task.timing ? `${MESSAGES.timing}: ${task.timing}` : null,
      task.window ? `${MESSAGES.window}: ${formatDateVi(task.window.from)}–${formatDateVi(task.window.to)}` : null,
      task.deadline ? `${MESSAGES.deadline}: ${formatDateVi(task.deadline)}` : null,
      task.target ? `${MESSAGES.target}: ${describeTarget(task.target)}` : null,
      task.budgetVnd !== null ? `${MESSAGES.budget}: ${formatVnd(task.budgetVnd)}` : null,
      `${MESSAGES.kinds}: ${task.kinds.map((kind) => ACTIVITY_KIND_LABELS_VI[kind]).join('; ')}`,
    ];
    for (const detail of details) if (detail) lines.push(`   ${detail}`);
  }
  const total = plan.tasks.reduce((sum, task) => sum + (task.budgetVnd ?? 0), 0);
  if (total > 0) lines.push('', `${MESSAGES.totalBudget}: ${formatVnd(total)}`);
  if (plan.warnings.length > 0) {
    lines.push('', MESSAGES.warnings(plan.warnings.length));
    for (const warning of plan.warnings) lines.push(` - ${warning}`);
  }
  return lines;
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isMain) {
  runPlanCommand(
    process.argv.slice(2),
    (line) => process.stdout.write(`${line}\n`),
    (line) => process.stderr.write(`${line}\n`),
  ).then((code) => {
    process.exitCode = code;
  });
}
