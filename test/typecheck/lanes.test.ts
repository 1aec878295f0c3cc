import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

// `npm test` runs the Vitest projects in lanes named one by one (test/lanes.mjs): a project added to
// vite.config.ts and to no lane would never run in CI, and nothing would say so.
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

it('every Vitest project runs in exactly one lane of npm test', () => {
  const config = readFileSync(join(ROOT, 'vite.config.ts'), 'utf8');
  const projects = [...config.slice(config.indexOf('projects:')).matchAll(/\btest: \{\s*name: '(\w+)'/g)].map(
    (m) => m[1]!,
  );
  const lanes = readFileSync(join(ROOT, 'test/lanes.mjs'), 'utf8');
  const inLanes = [...lanes.matchAll(/'--project', '(\w+)'/g)].map((m) => m[1]!);
  expect(projects.length).toBeGreaterThanOrEqual(5);
  expect([...inLanes].sort()).toEqual([...projects].sort());
});
