import type { AppDatabase } from '../db/database';
import { backoffDelay, retryAfterDelay, SyncError, type SyncOutcome, type Transport } from './transport';

// The round trips load with the first sync, after the first screen is drawn: a submission of a
// period queued at its place in the outbox goes up there, then the rest (signoff-sync.ts).
const runSync = async (db: AppDatabase, transport: Transport): Promise<SyncOutcome | null> =>
  (await import('./signoff-sync')).syncInPlace(db, transport);

/** What the screens show about syncing. */
export interface SyncStatusView {
  running: boolean;
  /** Why the last run failed: 'offline', 'auth' or a message; null after a good run. */
  lastError: string | null;
  nextRetryAt: number | null;
}

/**
 * Decides when to sync: on start, on `online`, after a save while online, on the backoff timer and
 * on demand. One run at a time in this tab; other tabs are kept out by the client's lock.
 */
export class SyncScheduler {
  private running: Promise<SyncOutcome | null> | null = null;
  private again = false;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private listeners = new Set<(status: SyncStatusView) => void>();
  private status: SyncStatusView = { running: false, lastError: null, nextRetryAt: null };
  private readonly onOnline = () => void this.syncNow();

  constructor(
    private readonly db: AppDatabase,
    private readonly transport: Transport,
  ) {}

  /** Starts listening to the network and runs a first sync. */
  start(): void {
    globalThis.addEventListener?.('online', this.onOnline);
    void this.syncNow();
  }

  /** Stops timers and listeners. */
  stop(): void {
    globalThis.removeEventListener?.('online', this.onOnline);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Subscribes to status changes; returns the unsubscribe function. */
  subscribe(listener: (status: SyncStatusView) => void): () => void {
    this.listeners.add(listener);
    listener(this.status);
    return () => this.listeners.delete(listener);
  }

  /** After a save: sync at once when the browser believes it is online. */
  afterSave(): void {
    if (globalThis.navigator?.onLine !== false) void this.syncNow();
  }

  /** Runs a sync now, or once more right after the running one. */
  async syncNow(): Promise<SyncOutcome | null> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.setStatus({ running: true, nextRetryAt: null });
    this.running = runSync(this.db, this.transport)
      .then((outcome) => {
        this.attempt = 0;
        this.setStatus({ running: false, lastError: null });
        // The counts are in; photos and files go up after them, in a queue of their own that no
        // sync waits for (a stuck upload never holds the next sync of counts).
        if (outcome) void this.startUploads();
        // The content upstream sent is listed, and its files fetched, after each good round too.
        if (outcome) void this.refreshContent();
        // Then the period's submissions and the supervisors' answers and nudges.
        if (outcome) void this.closePeriod();
        return outcome;
      })
      .catch((error: unknown) => {
        const failure = error instanceof SyncError ? error : new SyncError('fatal', String(error));
        this.setStatus({ running: false, lastError: failure.kind === 'fatal' ? failure.message : failure.kind });
        // 7. Back off after a retryable failure; an offline phone waits for `online` too.
        if (failure.kind !== 'auth') {
          const delay =
            failure.retryAfterMs !== undefined ? retryAfterDelay(failure.retryAfterMs) : backoffDelay(this.attempt++);
          this.timer = setTimeout(() => void this.syncNow(), delay);
          this.setStatus({ nextRetryAt: Date.now() + delay });
        }
        return null;
      })
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          void this.syncNow();
        }
      });
    return this.running;
  }

  /** Starts the upload queue of photos and files (loaded on first use, never by the first screen). */
  async startUploads(): Promise<void> {
    await (await import('./uploads')).startUploads(this.db, this.transport);
  }

  /** Lists the content sent to the phone and downloads its files (loaded on first use). */
  async refreshContent(): Promise<void> {
    try {
      await (await import('./content-sync')).refreshContent(this.db, this.transport);
    } catch {
      // A cut link: what arrived is kept, and the next good sync goes on from it.
    }
  }

  /** Sends queued submissions of periods and reads the answers and nudges (loaded on first use). */
  async closePeriod(): Promise<void> {
    try {
      await (await import('./signoff-sync')).syncSignoff(this.db, this.transport);
    } catch (error) {
      console.error(error);
    }
  }

  private setStatus(patch: Partial<SyncStatusView>): void {
    this.status = { ...this.status, ...patch };
    for (const listener of this.listeners) listener(this.status);
  }
}
