import { describe, expect, it } from 'vitest';
import {
  enrollRequestSchema,
  MAX_BODY_BYTES,
  MAX_MUTATIONS_PER_SYNC,
  mutationSchema,
  PROTOCOL_VERSION,
  syncRequestSchema,
} from '../../src/shared/sync';

const activity = {
  id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
  unitId: 'xa-1',
  kind: 'material',
  date: '2021-07-05',
  title: 'Nhận tờ gấp',
  figures: { copies: 200, direction: 'received' },
  deviceId: 'dev-1',
  createdAt: '2021-07-05T08:00:00+07:00',
};
const good = { seq: 1, op: 'upsert', baseVersion: 0, activity };
const badFigures = { seq: 2, op: 'upsert', baseVersion: 0, activity: { ...activity, figures: { copies: -1 } } };
const voidMutation = { seq: 3, op: 'void', id: activity.id, baseVersion: 1, reason: 'Nhập trùng' };
const envelope = (mutations: unknown[]) => ({ deviceId: 'dev-1', protocolVersion: 1, mutations, cursor: null });

describe('sync request envelope', () => {
  it('accepts a good envelope whose mutations are checked one by one later', () => {
    const weird = { seq: 4, op: 'teleport' };
    expect(syncRequestSchema.safeParse(envelope([good, badFigures, voidMutation, weird])).success).toBe(true);
  });

  it('lets a bad mutation through the envelope and rejects it on its own', () => {
    expect(syncRequestSchema.safeParse(envelope([badFigures])).success).toBe(true);
    const result = mutationSchema.safeParse(badFigures);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain('activity.figures.copies');
    expect(mutationSchema.safeParse({ seq: 4, op: 'teleport' }).success).toBe(false);
  });

  it('accepts good mutations of both kinds', () => {
    expect(mutationSchema.safeParse(good).success).toBe(true);
    expect(mutationSchema.safeParse(voidMutation).success).toBe(true);
  });

  it('requires a reason to void', () => {
    const result = mutationSchema.safeParse({ ...voidMutation, reason: '   ' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('Hãy ghi lý do hủy mục này.');
  });

  it.each([
    ['no deviceId', { protocolVersion: 1, mutations: [], cursor: null }],
    ['mutations not a list', { ...envelope([]), mutations: {} }],
    ['a mutation without seq', envelope([{ op: 'upsert' }])],
    ['seq 0', envelope([{ ...good, seq: 0 }])],
    ['a fractional seq', envelope([{ ...good, seq: 1.5 }])],
    ['a mutation that is not an object', envelope(['upsert'])],
    ['cursor missing', { deviceId: 'dev-1', protocolVersion: 1, mutations: [] }],
    ['limit 0', { ...envelope([]), limit: 0 }],
    ['negative pending', { ...envelope([]), pending: -1 }],
  ])('fails the envelope: %s', (_, body) => {
    expect(syncRequestSchema.safeParse(body).success).toBe(false);
  });

  it('leaves the protocol version to the server (426, not 400)', () => {
    expect(syncRequestSchema.safeParse({ ...envelope([]), protocolVersion: 2 }).success).toBe(true);
    expect(PROTOCOL_VERSION).toBe(1);
  });

  it('states the limits of the contract', () => {
    expect(MAX_MUTATIONS_PER_SYNC).toBe(500);
    expect(MAX_BODY_BYTES).toBe(2 * 1024 * 1024);
  });
});

describe('enroll request', () => {
  it('trims and checks the code and device name', () => {
    expect(enrollRequestSchema.parse({ code: '  ABCD-1234 ', deviceName: ' Máy xã ' })).toEqual({
      code: 'ABCD-1234',
      deviceName: 'Máy xã',
    });
    const result = enrollRequestSchema.safeParse({ code: '  ', deviceName: 'x' });
    expect(result.error?.issues[0]?.message).toBe('Hãy nhập mã đăng ký.');
  });
});
