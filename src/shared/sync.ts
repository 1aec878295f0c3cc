import * as z from 'zod/mini';
import { type Activity, activityInputSchema } from './activity';
import type { Plan } from './plan';
import type { Unit } from './unit';

/** The protocol version this code speaks; a server answers 426 to any other. */
export const PROTOCOL_VERSION = 1;
/** The most mutations one sync request may carry. */
export const MAX_MUTATIONS_PER_SYNC = 500;
/** The largest request body, after decompression: the server refuses a larger one with 413. */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;
/**
 * Room a sync request needs besides its mutations: the envelope (device, cursor, up to 200 kind
 * names of 64 characters) and the commas and brackets between mutations stay far below it.
 */
export const SYNC_ENVELOPE_BYTES = 64 * 1024;
/**
 * The most bytes of mutations (UTF-8 of their JSON) the phone puts in one sync request, so that a
 * batch of legal entries always fits under the server's limit. A single mutation larger than this
 * can never be sent: the phone sends a `too-large` stand-in in its place.
 */
export const MAX_SYNC_BATCH_BYTES = MAX_BODY_BYTES - SYNC_ENVELOPE_BYTES;

/** Roles: a reporter logs for its unit; a supervisor reads and manages its subtree. */
export const roleSchema = z.enum(['reporter', 'supervisor']);
export type Role = z.infer<typeof roleSchema>;

/** POST /api/v1/enroll request. */
export const enrollRequestSchema = z.object({
  code: z.string().check(z.trim(), z.minLength(4, 'Hãy nhập mã đăng ký.'), z.maxLength(64)),
  deviceName: z.string().check(z.trim(), z.minLength(1, 'Hãy đặt tên cho máy.'), z.maxLength(100)),
});

/** POST /api/v1/enroll response. */
export interface EnrollResponse {
  deviceId: string;
  token: string;
  unit: Unit;
  role: Role;
}

/** GET /api/v1/bootstrap response. */
export interface BootstrapResponse {
  unit: Unit;
  units: Unit[];
  plans: Plan[];
  role: Role;
  deviceId: string;
  serverTime: string;
}

const seq = z.int().check(z.gte(1), z.lte(Number.MAX_SAFE_INTEGER));
const baseVersion = z.int().check(z.gte(0), z.lte(Number.MAX_SAFE_INTEGER));

/**
 * The envelope of a mutation: only `seq` and `op` are checked at the envelope level, so that one
 * bad mutation in a good batch is rejected on its own instead of failing the whole request.
 */
export const mutationEnvelopeSchema = z.looseObject({ seq, op: z.string() });

/** An upsert: a new entry (`baseVersion` 0) or an edit of the server's version `baseVersion`. */
export const upsertMutationSchema = z.object({
  seq,
  op: z.literal('upsert'),
  baseVersion,
  activity: activityInputSchema,
});

/** A void: a tombstone with a reason; counts exclude voided entries. */
export const voidMutationSchema = z.object({
  seq,
  op: z.literal('void'),
  id: z.uuid(),
  baseVersion,
  reason: z.string().check(z.trim(), z.minLength(1, 'Hãy ghi lý do hủy mục này.'), z.maxLength(500)),
});

/** A mutation of the outbox, checked one by one. */
export const mutationSchema = z.discriminatedUnion('op', [upsertMutationSchema, voidMutationSchema]);
export type Mutation = z.infer<typeof mutationSchema>;

/**
 * What the phone sends in place of a change it cannot send (larger than any request may be, or
 * refused with 413 on its own): it keeps the change's `seq`, so the server records that `seq` as
 * rejected and the device's sequence stays without a gap; `bytes` is the size of the change.
 */
export const tooLargeMutationSchema = z.object({
  seq,
  op: z.literal('too-large'),
  id: z.uuid(),
  baseVersion,
  bytes: z.int().check(z.gte(0)),
});
export type TooLargeMutation = z.infer<typeof tooLargeMutationSchema>;
/** What the phone's outbox holds and sends: a change, or the stand-in of one too large to send. */
export type OutboxMutation = Mutation | TooLargeMutation;

/** The entry a change names: the upserted entry's id, or the voided (or withheld) entry's. */
export function entryIdOf(
  change: { op: 'upsert'; activity: { id: string } } | { op: 'void' | 'too-large'; id: string },
): string {
  return change.op === 'upsert' ? change.activity.id : change.id;
}

/** The bytes of a value's JSON in UTF-8, as the server counts a body (without encoding it). */
export function jsonBytes(value: unknown): number {
  const text = JSON.stringify(value);
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // 2 bytes up to U+07FF, 3 beyond; a surrogate pair (4 bytes) counts 2 + 2.
    if (code >= 0x80) bytes += code >= 0x800 && (code < 0xd800 || code > 0xdfff) ? 2 : 1;
  }
  return bytes;
}

/** POST /api/v1/sync request. */
export const syncRequestSchema = z.object({
  deviceId: z.string().check(z.minLength(1), z.maxLength(64)),
  protocolVersion: z.int(),
  mutations: z.array(mutationEnvelopeSchema),
  cursor: z.nullable(z.string().check(z.maxLength(200))),
  limit: z.optional(z.int().check(z.gte(1), z.lte(5000))),
  pending: z.optional(z.int().check(z.gte(0), z.lte(10_000_000))),
  // The phone already holds what it pushed and learns the versions from `results`: sending its own
  // changes back would double what crosses a slow link.
  skipOwn: z.optional(z.boolean()),
  // The kinds of activity this phone knows. A phone that sends it keeps entries of any other kind
  // as they are; one that does not is of the first release and is served only that release's kinds.
  kinds: z.optional(z.array(z.string().check(z.maxLength(64))).check(z.maxLength(200))),
});
export type SyncRequest = Omit<z.infer<typeof syncRequestSchema>, 'mutations'> & { mutations: OutboxMutation[] };

/** The outcome of one mutation. */
export interface MutationResult {
  seq: number;
  id: string;
  status: 'applied' | 'duplicate' | 'conflict' | 'rejected';
  version?: number;
  current?: Activity;
  error?: string;
}

/** POST /api/v1/sync response. */
export interface SyncResponse {
  ackedThrough: number;
  results: MutationResult[];
  changes: { activities: Activity[]; plans: Plan[]; units: Unit[] };
  cursor: string | null;
  hasMore: boolean;
  reset?: true;
  serverTime: string;
}

/** The body of every error answer. */
export interface ErrorBody {
  error: string;
  issues?: { path: string; message: string }[];
}
