import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/*
 * The layers are held by the compiler: each runtime is its own composite TypeScript project with
 * its own `lib` and `types`. The fixtures are small projects that extend the real per-layer
 * configs, so they break exactly when the real settings stop holding a layer. They are left out
 * of the normal build (tsconfig.test.json excludes them) and compiled here with the real compiler.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const FIXTURES = join(ROOT, 'test/typecheck/fixtures');
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
const scratch = mkdtempSync(join(tmpdir(), 'layers-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Compiled {
  status: number | null;
  output: string;
  codes: string[];
}

function run(args: string[]): Compiled {
  const result = spawnSync(process.execPath, [TSC, ...args, '--pretty', 'false'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  const output = `${result.stdout}${result.stderr}`;
  return { status: result.status, output, codes: [...output.matchAll(/error (TS\d+)/g)].map((m) => m[1]!) };
}

/** `tsc -p` on a fixture, writing its declarations to a scratch folder so runs never collide. */
function compile(fixture: string): Compiled {
  const out = join(scratch, fixture);
  return run([
    '-p',
    join(FIXTURES, fixture, 'tsconfig.json'),
    '--outDir',
    out,
    '--tsBuildInfoFile',
    `${out}.tsbuildinfo`,
  ]);
}

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as Record<string, unknown>;
}
type Options = { lib?: string[]; types?: string[] };
const optionsOf = (path: string) => (readJson(path).compilerOptions ?? {}) as Options;

describe('tsc rejects an import across layers', () => {
  it('shared importing from app: TS6307 (file outside the project), and nothing else', () => {
    const result = compile('shared-imports-app');
    expect(result.status).not.toBe(0);
    expect(result.codes).toEqual(['TS6307']);
    expect(result.output).toMatch(/shared[\\/]bad-import\.ts\(2,27\)/);
  });

  it('the same project also fails under `tsc -b`, as the real build runs it', () => {
    const out = run(['-b', '--force', join(FIXTURES, 'shared-imports-app', 'tsconfig.json')]);
    expect(out.status).not.toBe(0);
    expect(out.codes).toEqual(['TS6307']);
  });

  it('server importing from app: TS6307', () => {
    const result = compile('server-imports-app');
    expect(result.status).not.toBe(0);
    expect(result.codes).toEqual(['TS6307']);
    expect(result.output).toMatch(/server[\\/]bad-import\.ts/);
  });

  it('shared using `document`: TS2584 (no DOM lib)', () => {
    const result = compile('shared-uses-dom');
    expect(result.status).not.toBe(0);
    expect(result.codes).toEqual(['TS2584']);
    expect(result.output).toMatch(/uses-dom\.ts\(3,10\).*'document'/);
  });

  it("shared importing 'node:fs': no Node types (TS2591 or TS2307)", () => {
    const result = compile('shared-imports-node');
    expect(result.status).not.toBe(0);
    expect(result.codes.length).toBeGreaterThan(0);
    for (const code of result.codes) expect(['TS2591', 'TS2307']).toContain(code);
    expect(result.output).toMatch(/uses-node\.ts\(2,30\).*node:fs/);
  });
});

describe('tsc accepts code that stays in its layer (so the failures above mean something)', () => {
  it('a pure shared project compiles', () => {
    const result = compile('good-shared');
    expect(result.output).toBe('');
    expect(result.status).toBe(0);
  });

  it('an app project that references the shared project and uses the DOM builds with `tsc -b`', () => {
    const result = run(['-b', '--force', join(FIXTURES, 'good-app-uses-shared', 'tsconfig.app.json')]);
    expect(result.output).toBe('');
    expect(result.status).toBe(0);
  });
});

describe('the fixtures mirror the real settings', () => {
  const fixtureConfigs = readdirSync(FIXTURES).flatMap((dir) =>
    readdirSync(join(FIXTURES, dir))
      .filter((f) => /^tsconfig.*\.json$/.test(f))
      .map((f) => join('test/typecheck/fixtures', dir, f)),
  );

  it('every fixture config extends a real per-layer config', () => {
    expect(fixtureConfigs.length).toBeGreaterThanOrEqual(7);
    for (const path of fixtureConfigs) {
      const base = resolve(ROOT, dirname(path), String(readJson(path).extends));
      expect(relative(ROOT, base)).toMatch(/^tsconfig\.(shared|app|sw|server)\.json$/);
      expect(readJson(path).compilerOptions).not.toHaveProperty('lib');
      expect(readJson(path).compilerOptions).not.toHaveProperty('types');
    }
  });

  it('the normal build leaves the fixtures out', () => {
    expect(readJson('tsconfig.test.json').exclude).toContain('test/typecheck/fixtures/**');
    const references = (readJson('tsconfig.json').references as { path: string }[]).map((r) => r.path);
    expect(references.some((p) => p.includes('fixtures'))).toBe(false);
  });
});

describe('the real per-layer configs', () => {
  const hasDom = (lib: string[] = []) => lib.some((l) => /^dom/i.test(l) || /^webworker/i.test(l));

  it('shared: types [] and no DOM or WebWorker lib, only its own folder', () => {
    const config = readJson('tsconfig.shared.json');
    const options = optionsOf('tsconfig.shared.json');
    expect(options.types).toEqual([]);
    expect(options.lib).toBeDefined();
    expect(hasDom(options.lib)).toBe(false);
    expect(config.include).toEqual(['src/shared/**/*.ts']);
    expect(config.references ?? []).toEqual([]);
  });

  it('app has the DOM and no Node; server has Node and no DOM; sw has WebWorker and no DOM', () => {
    expect(optionsOf('tsconfig.app.json').lib).toContain('DOM');
    expect(optionsOf('tsconfig.app.json').types ?? []).not.toContain('node');
    expect(optionsOf('tsconfig.server.json').types).toContain('node');
    expect(hasDom(optionsOf('tsconfig.server.json').lib)).toBe(false);
    expect(optionsOf('tsconfig.sw.json').lib).toContain('WebWorker');
    expect(optionsOf('tsconfig.sw.json').lib).not.toContain('DOM');
  });

  it('the base config is strict as the conventions ask', () => {
    expect(readJson('tsconfig.base.json').compilerOptions).toMatchObject({
      strict: true,
      noUncheckedIndexedAccess: true,
      noUnusedLocals: true,
      noUnusedParameters: true,
      noImplicitReturns: true,
      noFallthroughCasesInSwitch: true,
      verbatimModuleSyntax: true,
      composite: true,
    });
  });
});

describe('src/shared imports only itself and zod', () => {
  // The compiler cannot refuse a package import (Dexie, Kysely, pg resolve from node_modules and
  // carry their own types), so the allowed imports of the shared core are checked here.
  const ALLOWED_PACKAGES = new Set(['zod', 'zod/mini']);
  // The report's files are written by the same code on the server and on the phone: that one folder
  // may use the two document libraries, which run in both (the phone loads it lazily).
  const DOCUMENT_PACKAGES = new Set(['docx', 'exceljs']);
  const documentsDir = join(ROOT, 'src/shared/report-files');
  const sharedDir = join(ROOT, 'src/shared');
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.tsx?$/.test(name)) files.push(path);
    }
  };
  walk(sharedDir);

  it('every specifier is relative within src/shared or an allowed package', () => {
    expect(files.length).toBeGreaterThan(5);
    const offenders: string[] = [];
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      const specifiers = [
        // Not a quoted word ('import' as a value is no import).
        ...source.matchAll(/(?<![\w'"$.])(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g),
        ...source.matchAll(/\brequire\s*\(\s*['"]([^'"]+)['"]/g),
      ].map((m) => m[1]!);
      for (const specifier of specifiers) {
        const ok = specifier.startsWith('.')
          ? !relative(sharedDir, resolve(dirname(file), specifier)).startsWith('..')
          : ALLOWED_PACKAGES.has(specifier) ||
            (DOCUMENT_PACKAGES.has(specifier) && !relative(documentsDir, file).startsWith('..'));
        if (!ok) offenders.push(`${relative(ROOT, file)}: ${specifier}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});

describe('the phone reaches its database only through src/app/db', () => {
  // src/app/db/README.md: "Only this folder imports Dexie", and only its modules read or write the
  // tables, so that a transaction's rules (an entry with its outbox row, attachments apart) hold in
  // one place. The tables are read from the schema, so a new table is covered without an edit here.
  const appDir = join(ROOT, 'src/app');
  const dbDir = join(appDir, 'db');
  const schema = readFileSync(join(dbDir, 'schema.ts'), 'utf8');
  const tables = [...schema.matchAll(/\.stores\(\{([^}]*)\}\)/g)].flatMap((m) =>
    [...m[1]!.matchAll(/(\w+)\s*:/g)].map((t) => t[1]!),
  );
  // The service worker is its own compile project (tsconfig.sw.json) and bundle, without Dexie: it
  // reads the meta rows the page left with plain IndexedDB (sw.ts, `metaStore`).
  const swDir = join(appDir, 'sw');
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (path === dbDir || path === swDir) continue;
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.tsx?$/.test(name)) files.push(path);
    }
  };
  walk(appDir);

  it('no module outside it imports Dexie or touches a table', () => {
    expect(tables).toEqual(expect.arrayContaining(['activities', 'outbox', 'meta', 'content', 'submissions']));
    const touch = new RegExp(`\\bdb\\.(?:${tables.join('|')}|transaction)\\b`);
    const offenders: string[] = [];
    for (const file of files) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (touch.test(line) || /from\s+['"]dexie['"]/.test(line))
            offenders.push(`${relative(ROOT, file)}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(offenders).toEqual([]);
  });
});
