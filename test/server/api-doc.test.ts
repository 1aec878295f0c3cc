import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app';
import { ACTIVITY_KINDS } from '../../src/shared/kinds';
import { openTestDatabase } from './helpers';

// docs/API.md is the contract other clients are written against: every route the server has is
// there, every route it lists exists (a route added, renamed or removed without the doc fails
// here), and every activity kind is named.

const DOC = readFileSync(path.resolve(__dirname, '../../docs/API.md'), 'utf8');

/** "METHOD /path" of every route, read from Fastify's route tree (HEAD, added beside GET, left out). */
function routesOf(app: FastifyInstance): Set<string> {
  const routes = new Set<string>();
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^(.*?)── (\S+) \(([^)]+)\)/.exec(line);
    if (!match) continue;
    // "├" at the top, "│   └" one level down, "│   │   ├" two: four characters a level.
    const depth = (match[1]!.length - 1) / 4;
    stack.length = depth;
    const full = (stack[depth - 1] ?? '') + match[2]!;
    stack[depth] = full;
    for (const method of match[3]!.split(', ')) if (method !== 'HEAD') routes.add(`${method} ${full}`);
  }
  return routes;
}

describe('docs/API.md and the server agree', () => {
  let registered: Set<string>;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const opened = await openTestDatabase('pglite');
    // The admin route exists on a server over PGlite that made its secret: build it that way.
    const app = await buildApp({ db: opened.db, admin: { token: 'secret', port: '8080' } });
    await app.ready();
    registered = new Set([...routesOf(app)].filter((r) => r.includes(' /api/')));
    close = async () => {
      await app.close();
      await opened.close();
    };
  });
  afterAll(() => close());

  it('lists every route the server answers, and no other', () => {
    const documented = new Set(
      [...DOC.matchAll(/`(GET|POST|PUT|PATCH|DELETE) (\/api\/v1\/[^`?\s]*)/g)].map((m) => `${m[1]} ${m[2]}`),
    );
    expect(registered.size).toBeGreaterThan(15);
    expect([...registered].filter((r) => !documented.has(r)).sort(), 'routes missing from docs/API.md').toEqual([]);
    expect(
      [...documented].filter((r) => !registered.has(r)).sort(),
      'routes docs/API.md names that the server lacks',
    ).toEqual([]);
  });

  it('names every activity kind', () => {
    for (const kind of ACTIVITY_KINDS) expect(DOC, kind).toContain(`\`${kind}\``);
  });
});
