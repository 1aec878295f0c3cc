import { openAppDatabase } from '../../../src/app/db/database';
import { refreshContent } from '../../../src/app/sync/content-sync';
import { enrollDevice } from '../../../src/app/sync/sync-client';

/** What the content bench drives in a page that holds the app's own database and downloader. */
export interface ContentHarness {
  enroll(code: string): Promise<string>;
  /** The app's downloader (list, then the file in Range parts kept in IndexedDB): ms and bytes held. */
  download(): Promise<{ ms: number; bytes: number }>;
  /** A plain HTTP GET of the same file, read whole: ms and bytes. */
  plain(sha256: string): Promise<{ ms: number; bytes: number }>;
}

const db = openAppDatabase('bench-content');
const transport = {
  fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, init),
  baseUrl: location.origin,
};
let token = '';

const harness: ContentHarness = {
  async enroll(code) {
    const answer = await enrollDevice(db, transport, code, 'Máy đo tải nội dung');
    token = answer.token;
    return answer.deviceId;
  },
  async download() {
    const started = performance.now();
    await refreshContent(db, transport);
    const rows = await db.content.toArray();
    return { ms: performance.now() - started, bytes: rows.reduce((n, r) => n + (r.blob?.size ?? 0), 0) };
  },
  async plain(sha256) {
    const started = performance.now();
    const response = await fetch(`/api/v1/files/${sha256}`, {
      headers: { authorization: `Bearer ${token}` },
      cache: 'no-store',
    });
    const body = await response.arrayBuffer();
    return { ms: performance.now() - started, bytes: body.byteLength };
  },
};

(globalThis as unknown as { bench: ContentHarness }).bench = harness;
