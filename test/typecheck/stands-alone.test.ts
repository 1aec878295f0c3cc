import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// A clone of the repository runs its tests, benches and scripts with nothing beside it: no file
// names an absolute path of one machine, and no relative path climbs out of the repository.

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SKIP = new Set(['node_modules', 'dist', '.git', '.tmp', 'fixtures', 'artefacts']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (SKIP.has(name)) return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|js|mjs|cjs|json|sh)$/.test(name) || name === 'run' ? [path] : [];
  });
}

const files = ['src', 'test', 'scripts', '.ci']
  .map((folder) => join(ROOT, folder))
  .filter((folder) => {
    try {
      return statSync(folder).isDirectory();
    } catch {
      return false;
    }
  })
  .flatMap(sourceFiles)
  .concat([join(ROOT, 'package.json')]);

describe('the repository stands alone', () => {
  it('names no absolute path of this machine', () => {
    const found = files.flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return [...text.matchAll(/['"`](\/(?:work|home|root|Users|tmp\/bash)[^'"`]*)['"`]/g)].map(
        (m) => `${relative(ROOT, file)}: ${m[1]}`,
      );
    });
    expect(found).toEqual([]);
  });

  it('resolves every file URL inside the repository', () => {
    const outside = files.flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return [...text.matchAll(/new URL\(\s*['"`](\.\.?\/[^'"`$]*)['"`],\s*import\.meta\.url/g)]
        .map((m) => resolve(dirname(file), m[1]!))
        .filter((target) => relative(ROOT, target).startsWith('..'))
        .map((target) => `${relative(ROOT, file)} -> ${target}`);
    });
    expect(outside).toEqual([]);
  });
});
