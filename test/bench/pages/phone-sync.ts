import { type EntryDraft, openAppDatabase, saveEntry } from '../../../src/app/db/database';
import { enrollDevice, runSync } from '../../../src/app/sync/sync-client';

/** What the bench drives in a page that holds the app's own database and sync client. */
export interface PhoneHarness {
  enroll(code: string): Promise<string>;
  seed(drafts: EntryDraft[]): Promise<number>;
  sync(): Promise<{ ms: number; rounds: number; pushed: number; pulled: number; outbox: number }>;
}

const db = openAppDatabase('bench-phone');
const transport = {
  fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, init),
  baseUrl: location.origin,
};

const harness: PhoneHarness = {
  async enroll(code) {
    const answer = await enrollDevice(db, transport, code, 'Máy đo hiệu năng');
    return answer.deviceId;
  },
  async seed(drafts) {
    // One save per entry, as a person logs them: each is its own transaction with its outbox row.
    for (const draft of drafts) await saveEntry(db, draft);
    return db.outbox.count();
  },
  async sync() {
    const started = performance.now();
    const outcome = await runSync(db, transport);
    return {
      ms: performance.now() - started,
      rounds: outcome?.rounds ?? 0,
      pushed: outcome?.pushed ?? 0,
      pulled: outcome?.pulled ?? 0,
      outbox: await db.outbox.count(),
    };
  },
};

(globalThis as unknown as { bench: PhoneHarness }).bench = harness;
