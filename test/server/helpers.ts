import { randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { ActivityInput } from '../../src/shared/activity';
import type { SyncResponse } from '../../src/shared/sync';
import type { TestDevice } from '../support/test-server';

// The server tests' own requests; the server, database and tree come from the one fixture.
export {
  backends,
  buildTestApp,
  enroll,
  openTestDatabase,
  openTestServer,
  seedTree,
  TestClock,
  type TestDevice,
  type Tree,
} from '../support/test-server';

let counter = 0;
/** An entry as a phone makes it; figures default to one own broadcast of 10 minutes. */
export function newActivity(unitId: string, overrides: Partial<ActivityInput> = {}): ActivityInput {
  counter++;
  return {
    id: randomUUID(),
    unitId,
    kind: 'broadcast',
    date: '2021-07-10',
    title: `Phát thanh CCHC số ${counter}`,
    figures: { sessions: 1, minutes: 10, source: 'own' },
    deviceId: 'phone',
    createdAt: '2021-07-10T08:00:00+07:00',
    ...overrides,
  };
}

/** An upsert mutation. */
export function upsert(seq: number, activity: ActivityInput, baseVersion = 0) {
  return { seq, op: 'upsert' as const, baseVersion, activity };
}

/** A void mutation. */
export function voidOf(seq: number, id: string, baseVersion: number, reason = 'Nhập nhầm') {
  return { seq, op: 'void' as const, id, baseVersion, reason };
}

/** POST /sync as a device; returns the status and body. */
export async function syncAs(
  app: FastifyInstance,
  device: TestDevice,
  mutations: unknown[],
  extra: { cursor?: string | null; limit?: number; pending?: number; deviceId?: string } = {},
): Promise<{ status: number; body: SyncResponse; res: LightMyRequestResponse }> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/sync',
    headers: device.headers,
    payload: {
      deviceId: extra.deviceId ?? device.deviceId,
      protocolVersion: 1,
      mutations,
      cursor: extra.cursor === undefined ? device.cursor : extra.cursor,
      ...(extra.limit !== undefined ? { limit: extra.limit } : {}),
      ...(extra.pending !== undefined ? { pending: extra.pending } : {}),
    },
  });
  return { status: res.statusCode, body: res.json() as SyncResponse, res };
}

/** Pulls every page after the device's cursor and advances it; returns all changed activities. */
export async function pullAll(app: FastifyInstance, device: TestDevice, limit = 1000) {
  const activities: SyncResponse['changes']['activities'] = [];
  const plans: SyncResponse['changes']['plans'] = [];
  const units: SyncResponse['changes']['units'] = [];
  for (let page = 0; page < 1000; page++) {
    const { status, body } = await syncAs(app, device, [], { limit });
    if (status !== 200) throw new Error(`pull failed ${status}`);
    activities.push(...body.changes.activities);
    plans.push(...body.changes.plans);
    units.push(...body.changes.units);
    device.cursor = body.cursor;
    if (!body.hasMore) break;
  }
  return { activities, plans, units };
}
