import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A target a figure must meet: at most or at least a value. */
export interface Target {
  op: '<=' | '>=';
  value: number;
  /** The target as issue 8 states it, for the summary table. */
  text: string;
}

/** One measured figure of a bench. */
export interface Figure {
  name: string;
  value: number | null;
  unit: string;
  target?: Target;
  /** What the figure is measured against, or why it is missing. */
  note?: string;
}

/** What one bench writes to its JSON file. */
export interface BenchResult {
  bench: string;
  startedAt: string;
  finishedAt: string;
  command: string;
  figures: Figure[];
  /** Raw samples and settings, for whoever reads the JSON later. */
  details: Record<string, unknown>;
}

/** Where every bench writes its JSON (gitignored). */
export const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'results');

/** Pass, miss, or nothing to judge when a figure has no target or no value. */
export function verdictOf(figure: Figure): 'pass' | 'miss' | '' {
  if (!figure.target) return '';
  if (figure.value === null || !Number.isFinite(figure.value)) return 'miss';
  return figure.target.op === '<='
    ? figure.value <= figure.target.value
      ? 'pass'
      : 'miss'
    : figure.value >= figure.target.value
      ? 'pass'
      : 'miss';
}

/** Rounds for display: three significant digits below 100, whole numbers above. */
export function formatValue(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—';
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  return Number(value.toPrecision(3)).toString();
}

/** Prints rows as an aligned text table. */
export function printTable(title: string, header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}

/** Prints a bench's figures with their targets and verdicts. */
export function printFigures(title: string, figures: Figure[]): void {
  printTable(
    title,
    ['figure', 'value', 'unit', 'target', 'verdict', 'note'],
    figures.map((f) => [f.name, formatValue(f.value), f.unit, f.target?.text ?? '', verdictOf(f), f.note ?? '']),
  );
}

/** Writes a bench's result as JSON and returns the file's path. */
export function writeResult(result: BenchResult): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${result.bench}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

/** The p-th percentile (0–100) of samples, nearest rank. */
export function percentile(samples: number[], p: number): number | null {
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** Reads `--name value` or `--name=value` from the command line. */
export function argOf(name: string, fallback?: string): string | undefined {
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === `--${name}`) return args[i + 1];
    if (a.startsWith(`--${name}=`)) return a.slice(name.length + 3);
  }
  return fallback;
}

/** True when `--name` is on the command line. */
export function hasFlag(name: string): boolean {
  return process.argv.slice(2).includes(`--${name}`);
}

/** Rejects after `ms` with a message, so that no bench step can hang the run. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
