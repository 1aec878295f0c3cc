import type { AppDatabase } from '../db/database';
import { readMeta } from '../db/database';
import {
  applySyncResponse,
  behindConflicts,
  outboxLimit,
  outboxSize,
  readPendingCounter,
  readSyncState,
  recordSyncError,
  releaseLease,
  storeBootstrap,
  storeEnrollment,
  takeOutboxBatch,
  tryTakeLease,
  waitForLease,
  withholdMutation,
} from '../db/sync-store';
import { ACTIVITY_KINDS } from '../../shared/kinds';
import { SyncError, type SyncOutcome, type Transport } from './transport';

// The round trips themselves, loaded after the first screen (the scheduler and the enrollment
// screen import this module when they first need it); what they share with it is transport.ts.
export {
  backoffDelay,
  retryAfterDelay,
  SyncError,
  type SyncOutcome,
  sameOriginTransport,
  type Transport,
} from './transport';
import {
  type BootstrapResponse,
  type EnrollResponse,
  type ErrorBody,
  jsonBytes,
  MAX_MUTATIONS_PER_SYNC,
  MAX_SYNC_BATCH_BYTES,
  type OutboxMutation,
  PROTOCOL_VERSION,
  type SyncRequest,
  type SyncResponse,
} from '../../shared/index';

// Past this many rounds in one run something is wrong (a server that always says hasMore).
const MAX_ROUNDS = 1000;

async function gzipBody(text: string): Promise<{ body: BodyInit; encoded: boolean }> {
  if (typeof CompressionStream === 'undefined') return { body: text, encoded: false };
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  return { body: await new Response(stream).arrayBuffer(), encoded: true };
}

async function request<T>(transport: Transport, path: string, init: RequestInit & { json?: unknown }): Promise<T> {
  const headers: Record<string, string> = { ...(init.headers as Record<string, string>) };
  let body: BodyInit | undefined;
  if (init.json !== undefined) {
    const packed = await gzipBody(JSON.stringify(init.json));
    body = packed.body;
    headers['content-type'] = 'application/json';
    if (packed.encoded) headers['content-encoding'] = 'gzip';
  }
  let response: Response;
  try {
    response = await transport.fetch(`${transport.baseUrl}${path}`, { method: init.method ?? 'GET', headers, body });
  } catch (error) {
    // The transport gave it up (transport.ts, withTimeouts), or the network failed it.
    throw error instanceof SyncError ? error : new SyncError('offline', 'network');
  }
  if (!response.ok) return refusal(response);
  return (await response.json()) as T;
}

/** The SyncError a response that is not ok stands for. */
async function refusal(response: Response): Promise<never> {
  let detail = '';
  try {
    detail = ((await response.json()) as Partial<ErrorBody>).error ?? '';
  } catch {
    // A proxy's error page is not JSON; the status says enough.
  }
  if (response.status === 429 || response.status >= 500) {
    const retryAfter = Number(response.headers.get('retry-after'));
    throw new SyncError(
      'retryable',
      `HTTP ${response.status}`,
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
      response.status,
    );
  }
  if (response.status === 401 || response.status === 403)
    throw new SyncError('auth', detail || `HTTP ${response.status}`, undefined, response.status);
  throw new SyncError('fatal', detail || `HTTP ${response.status}`, undefined, response.status);
}

function authHeaders(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** Enrolls the phone with a one-time code, stores its credentials and downloads its scope. */
export async function enrollDevice(
  db: AppDatabase,
  transport: Transport,
  code: string,
  deviceName: string,
): Promise<EnrollResponse> {
  const answer = await request<EnrollResponse>(transport, '/api/v1/enroll', {
    method: 'POST',
    json: { code: code.trim(), deviceName: deviceName.trim() },
  });
  await storeEnrollment(
    db,
    {
      deviceId: answer.deviceId,
      deviceName: deviceName.trim(),
      token: answer.token,
      unitId: answer.unit.id,
      role: answer.role,
      nextSeq: 1,
      cursor: null,
      lastSyncAt: null,
      lastSyncError: null,
    },
    answer.unit,
  );
  await downloadBootstrap(db, transport);
  return answer;
}

/** Downloads the unit tree and plans of the device's scope. */
async function downloadBootstrap(db: AppDatabase, transport: Transport): Promise<void> {
  const meta = await readMeta(db);
  if (!meta.token) throw new SyncError('auth', 'not-enrolled');
  const boot = await request<BootstrapResponse>(transport, `/api/v1/bootstrap?kinds=${ACTIVITY_KINDS.join(',')}`, {
    headers: authHeaders(meta.token),
  });
  await storeBootstrap(db, boot.units, boot.plans, boot.unit.id);
}

// How long the lease of browsers without Web Locks lasts, should its tab die holding it.
const LEASE_MS = 120_000;

/**
 * Runs `work` holding the phone's sync lock (a Web Lock, or the lease without them). A tab that
 * finds it taken waits until the holder lets go, then runs only if the outbox still holds
 * something, else returns null. Returning null at once would strand a save made after the
 * holder's last look at the outbox: nothing would send it before the next trigger.
 */
async function withSingleFlight<T>(
  db: AppDatabase,
  uptoSeq: number | undefined,
  work: () => Promise<T>,
): Promise<T | null> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  for (;;) {
    if (locks?.request) {
      const ran = await locks.request('cchc-sync', { ifAvailable: true }, async (lock) =>
        lock ? { result: await work() } : null,
      );
      if (ran) return ran.result;
      // Queued behind the holder; granted once it lets go, and let go at once.
      await locks.request('cchc-sync', async () => undefined);
    } else {
      const holder = crypto.randomUUID();
      if (await tryTakeLease(db, holder, LEASE_MS)) {
        try {
          return await work();
        } finally {
          await releaseLease(db, holder);
        }
      }
      await waitForLease(db);
    }
    if ((await outboxSize(db, uptoSeq)) === 0) return null;
  }
}

/**
 * Runs the sync algorithm once to the end (all pages, all batches). Returns null when another tab
 * held the sync lock and its run left nothing in the outbox. Throws a SyncError after recording it.
 * It never pushes past the place of a queued submission of a period (see signoff-sync.ts), nor
 * past `uptoSeq` when given (the pull runs as always); it ends once all up to there are acknowledged.
 */
export async function runSync(
  db: AppDatabase,
  transport: Transport,
  options: { limit?: number; batchSize?: number; uptoSeq?: number } = {},
): Promise<SyncOutcome | null> {
  // 1. Single flight across tabs.
  return withSingleFlight(db, options.uptoSeq, async () => {
    const outcome: SyncOutcome = { pushed: 0, pulled: 0, rounds: 0 };
    // What one request may carry, in mutations and in bytes of their JSON; a 413 halves both.
    const budget = {
      count: Math.min(options.batchSize ?? MAX_MUTATIONS_PER_SYNC, MAX_MUTATIONS_PER_SYNC),
      bytes: MAX_SYNC_BATCH_BYTES,
    };
    // The next batch after `afterSeq`. A mutation that could never fit in a request is withheld
    // first: a stand-in takes its seq (see withholdMutation), so it never blocks those behind it.
    const take = async (afterSeq = 0): Promise<OutboxMutation[]> => {
      for (;;) {
        const batch = await takeOutboxBatch(db, budget.count, afterSeq, budget.bytes, options.uptoSeq);
        const first = batch[0];
        if (batch.length !== 1 || first!.op === 'too-large' || jsonBytes(first) <= MAX_SYNC_BATCH_BYTES) return batch;
        await withholdMutation(db, first!.seq);
      }
    };
    try {
      // 2. Read state.
      const state = await readSyncState(db);
      if (!state.deviceId || !state.token) throw new SyncError('auth', 'not-enrolled');
      const { deviceId, token } = state;
      const pendingFrom = await readPendingCounter(db);
      let cursor = state.cursor;
      let lastSent = 0;
      // 3. Take a batch; 4. send it.
      const send = (mutations: OutboxMutation[], from: string | null) => {
        const body: SyncRequest = {
          deviceId,
          protocolVersion: PROTOCOL_VERSION,
          mutations,
          cursor: from,
          // Entries still unsent once this batch is applied (upstream shows them as waiting on the
          // phone); counting the batch too left a fully synced phone shown as holding its last batch.
          pending:
            mutations.length > 0
              ? pendingFrom(mutations.at(-1)!.seq + 1)
              : options.uptoSeq !== undefined
                ? pendingFrom(options.uptoSeq + 1)
                : 0,
          skipOwn: true,
          // This release keeps entries of kinds it does not know: the server withholds none.
          kinds: ACTIVITY_KINDS,
          ...(options.limit ? { limit: options.limit } : {}),
        };
        lastSent = Math.max(lastSent, mutations.at(-1)?.seq ?? 0);
        const answer = request<SyncResponse>(transport, '/api/v1/sync', {
          method: 'POST',
          headers: authHeaders(token),
          json: body,
        });
        answer.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled
        return answer;
      };
      let mutations = await take();
      let inFlight = send(mutations, cursor);
      for (let round = 0; round < MAX_ROUNDS; round++) {
        // 3. While this batch travels, read the next one: applying this answer removes only
        // mutations up to it.
        const next = take(lastSent);
        next.catch(() => undefined);
        let answer: SyncResponse;
        try {
          answer = await inFlight;
        } catch (error) {
          if (!(error instanceof SyncError && error.status === 413)) throw error;
          // 4a. Too large for the server (or a proxy before it): nothing of it was applied, and no
          // other request is on its way. Halve the batch and send it again with the same cursor;
          // a mutation refused on its own is withheld. Only a stand-in refused alone is fatal.
          const [first] = mutations;
          if (first === undefined || (mutations.length === 1 && first.op === 'too-large')) throw error;
          if (mutations.length > 1) {
            budget.count = Math.max(1, Math.floor(mutations.length / 2));
            budget.bytes = Math.max(1, Math.floor(jsonBytes(mutations) / 2));
          } else {
            await withholdMutation(db, first.seq);
          }
          lastSent = first.seq - 1;
          mutations = await take(lastSent);
          inFlight = send(mutations, cursor);
          continue;
        }
        outcome.rounds++;
        outcome.pushed += mutations.filter((m) => m.seq <= answer.ackedThrough).length;
        outcome.pulled += answer.changes?.activities?.length ?? 0;
        const pushedAll = mutations.length === 0 || answer.ackedThrough >= mutations[mutations.length - 1]!.seq;
        // A change queued behind one this answer refused as a conflict must conflict too (5a).
        const behind = behindConflicts(mutations, answer);
        const nextMutations = !answer.reset && pushedAll ? (await next).map((m) => behind.rebase(m) ?? m) : [];
        const more = !answer.reset && pushedAll && (answer.hasMore || nextMutations.length > 0);
        // 4. Send the next batch at once, with the cursor of this answer; 5. apply this answer in
        // one transaction while it travels. Answers are applied in the order they were sent.
        if (more) inFlight = send(nextMutations, answer.cursor);
        await applySyncResponse(db, mutations, answer);
        cursor = answer.cursor;
        if (more) {
          mutations = nextMutations;
          continue;
        }
        // 6. On reset, download the scope again and start from the beginning.
        if (answer.reset) {
          await downloadBootstrap(db, transport);
          cursor = null;
        }
        // Those past a queued submission's place wait for it (the next sync sends it, then them).
        const stillQueued = await outboxSize(db, await outboxLimit(db, options.uptoSeq));
        // A batch cut at a gap the server could not apply would loop forever; stop and retry later.
        if (stillQueued > 0 && !pushedAll) throw new SyncError('retryable', 'gap');
        if (!answer.reset && stillQueued === 0) break;
        lastSent = 0;
        mutations = await take();
        inFlight = send(mutations, cursor);
      }
      return outcome;
    } catch (error) {
      const failure = error instanceof SyncError ? error : new SyncError('fatal', String(error));
      await recordSyncError(db, failure.kind === 'offline' ? 'offline' : failure.message);
      throw failure;
    }
  });
}
