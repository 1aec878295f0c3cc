import { ASK_BEFORE_DOWNLOAD_BYTES, type ContentItem } from '../../shared/content';
import { sha256Hex } from './file-upload';
import { getContent, heldBytes, listContent, storeContentList, updateContent } from '../db/content';
import type { AppDatabase, ContentRow } from '../db/database';
import { isQuotaError, readMeta } from '../db/database';
import type { Transport } from './transport';

// Content upstream sent (issue 15), loaded after a sync round, never by the first screen. C1: list
// the items sent to the phone's units. C2: download each file it does not hold, in parts with
// Range, each part kept as it arrives, so a cut link resumes where it stopped. C3: a large file on
// a costly link waits for the person's yes. C4: tell the server the phone holds it.

/** Bytes asked for in one request: a part a 2G/3G link finishes between drops. */
export const DOWNLOAD_PART_BYTES = 256 * 1024;

/** What navigator.connection says of the link, where the browser tells. */
interface Connection {
  saveData?: boolean;
  type?: string;
  effectiveType?: string;
}

/** True when the link costs the person money or is slow: data saver, cellular, or 3G and below. */
export function isCostlyLink(connection: Connection | undefined = linkOf()): boolean {
  if (!connection) return false;
  if (connection.saveData) return true;
  if (connection.type === 'cellular') return true;
  return ['slow-2g', '2g', '3g'].includes(connection.effectiveType ?? '');
}

function linkOf(): Connection | undefined {
  return (globalThis.navigator as { connection?: Connection } | undefined)?.connection;
}

/** True when the file must wait for the person's yes before it downloads. */
export function mustAsk(row: Pick<ContentRow, 'file' | 'allowed'>, costly = isCostlyLink()): boolean {
  return costly && !row.allowed && (row.file?.size ?? 0) > ASK_BEFORE_DOWNLOAD_BYTES;
}

let running: Promise<void> | null = null;

/** Lists the content sent and downloads what is missing; one run at a time in this tab. */
export function refreshContent(db: AppDatabase, transport: Transport): Promise<void> {
  running ??= run(db, transport).finally(() => {
    running = null;
  });
  return running;
}

async function run(db: AppDatabase, transport: Transport): Promise<void> {
  const meta = await readMeta(db);
  if (!meta.token) return;
  const headers = { authorization: `Bearer ${meta.token}` };
  // C1. The list (a phone of an older server gets 404 and keeps what it has).
  const listed = await transport.fetch(`${transport.baseUrl}/api/v1/content`, { headers });
  if (!listed.ok) return;
  const { items } = (await listed.json()) as { items: (ContentItem & { forUnitIds: string[] })[] };
  await storeContentList(db, items);
  for (const row of await listContent(db)) {
    if (row.file && row.complete && row.fileState !== 'done') {
      // Twice bytes that did not verify (a proxy that rewrites them): no more data spent on it
      // until the person asks again.
      if (row.error === 'corrupt' && row.fileState === 'ask') continue;
      // C3. Asked first, when large on a costly link.
      if (mustAsk(row)) {
        if (row.fileState !== 'ask') await updateContent(db, row.id, () => ({ fileState: 'ask' }));
        continue;
      }
      await download(db, transport, headers, row);
    }
    const now = await getContent(db, row.id);
    // C4. Once whole (a script at once), the server hears it once.
    if (now && now.fileState === 'done' && !now.reported) {
      const told = await transport.fetch(`${transport.baseUrl}/api/v1/content/${row.id}/downloaded`, {
        method: 'POST',
        headers,
      });
      if (told.ok) await updateContent(db, row.id, () => ({ reported: true }));
    }
  }
}

/** C2. Downloads the rest of an item's file in parts; throws on a cut link (what arrived stays). */
async function download(
  db: AppDatabase,
  transport: Transport,
  headers: Record<string, string>,
  row: ContentRow,
): Promise<void> {
  const file = row.file!;
  await updateContent(db, row.id, () => ({ fileState: 'downloading' }));
  let held = heldBytes(row);
  while (held < file.size) {
    const end = Math.min(file.size, held + DOWNLOAD_PART_BYTES) - 1;
    const response = await transport.fetch(`${transport.baseUrl}/api/v1/files/${file.sha256}`, {
      headers: { ...headers, range: `bytes=${held}-${end}` },
    });
    if (response.status === 416) {
      // The phone holds more than the file (a file replaced under the same item): start again.
      await updateContent(db, row.id, () => ({ parts: [] }));
      held = 0;
      continue;
    }
    if (response.status !== 206 && response.status !== 200) return;
    let part = await response.blob();
    // A server (or proxy) that ignored the Range sent it all: keep only what was missing.
    if (response.status === 200) part = part.slice(held);
    if (part.size === 0) return;
    let next: ContentRow | undefined;
    try {
      // A part stored means there is room again; a bad download seen before is still remembered.
      next = await updateContent(db, row.id, (r) => ({
        parts: [...r.parts, part],
        error: r.error === 'full' ? null : r.error,
      }));
    } catch (error) {
      // A full phone keeps what it holds and says so; the next run tries again.
      if (isQuotaError(error)) await updateContent(db, row.id, () => ({ error: 'full' })).catch(() => undefined);
      throw error;
    }
    held = heldBytes(next!);
  }
  // Read into memory and kept as a blob of its own: a blob made of the stored parts would point at
  // the parts' bytes, which the browser drops once the row no longer holds them.
  const bytes = await new Blob((await getContent(db, row.id))!.parts).arrayBuffer();
  const whole = new Blob([bytes], { type: file.mime });
  if ((await sha256Hex(bytes)) !== file.sha256) {
    // Bytes that do not verify are dropped. The first time, the next run starts again from zero;
    // the second, the item waits for the person's tap, so a link that mangles files does not
    // spend their data at every sync.
    await updateContent(db, row.id, (r) =>
      r.error === 'corrupt'
        ? { parts: [], fileState: 'ask', allowed: false }
        : { parts: [], fileState: 'none', error: 'corrupt' },
    );
    return;
  }
  await updateContent(db, row.id, () => ({ blob: whole, parts: [], fileState: 'done', error: null }));
}
