import { execFile } from 'node:child_process';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../src/shared/sync';
import { MESSAGES } from '../../src/server/http/messages';
import { enroll, openTestServer, type Tree } from './helpers';

// Node's fetch (undici), in a process of its own as a phone or a proxy is: small requests, then a
// 3 MB body to /api/v1/sync and to /api/v1/enroll, three times over kept-alive connections. A body
// refused before it was read used to reach it as EPIPE (or a reset), not as the 413.
const CLIENT = `
const [origin, token, deviceId] = process.argv.slice(1);
const post = (path, body) => fetch(origin + path, {
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: 'Bearer ' + token },
  body,
});
const small = JSON.stringify({ deviceId, protocolVersion: 1, mutations: [], cursor: null });
const big = JSON.stringify({ deviceId, protocolVersion: 1, mutations: [], cursor: null, pad: 'x'.repeat(3000000) });
const answers = [];
for (let run = 1; run <= 3; run++) {
  for (let i = 0; i < 3; i++) {
    const r = await post('/api/v1/sync', small);
    await r.arrayBuffer();
    answers.push({ run, path: 'small', status: r.status });
  }
  for (const path of ['/api/v1/sync', '/api/v1/enroll']) {
    try {
      const r = await post(path, big);
      answers.push({ run, path, status: r.status, error: (await r.json()).error });
    } catch (e) {
      answers.push({ run, path, failure: String(e.cause?.code ?? e.message) });
    }
  }
}
console.log(JSON.stringify({ bigBytes: big.length, answers }));
`;

describe('a body over the limit, on a kept-alive connection', () => {
  let app: FastifyInstance;
  let db: Awaited<ReturnType<typeof openTestServer>>['db'];
  let close: () => Promise<void>;
  let tree: Tree;

  beforeAll(async () => {
    ({ app, db, tree, close } = await openTestServer('pglite'));
  });
  afterAll(async () => {
    await close?.();
  });

  it('reaches Node fetch as a 413 every time, after small requests, on /api/v1/sync and /api/v1/enroll', async () => {
    const phone = await enroll(app, db, tree.commune);
    let connections = 0;
    app.server.on('connection', () => connections++);
    const origin = await app.listen({ port: 0, host: '127.0.0.1' });
    const output = await new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        ['--input-type=module', '-e', CLIENT, origin, phone.token, phone.deviceId],
        { timeout: 60_000 },
        (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)),
      ),
    );
    const { bigBytes, answers } = JSON.parse(output) as {
      bigBytes: number;
      answers: { run: number; path: string; status?: number; error?: string; failure?: string }[];
    };
    expect(bigBytes).toBeGreaterThan(MAX_BODY_BYTES);
    expect(answers.filter((a) => a.path === 'small').map((a) => a.status)).toEqual(Array(9).fill(200));
    expect(answers.filter((a) => a.path !== 'small')).toEqual(
      [1, 2, 3].flatMap((run) =>
        ['/api/v1/sync', '/api/v1/enroll'].map((path) => ({ run, path, status: 413, error: MESSAGES.bodyTooLarge })),
      ),
    );
    // Drained, the connections stayed open: undici's pool of two carried all 15 requests.
    expect(connections).toBeLessThanOrEqual(2);
  });
});
