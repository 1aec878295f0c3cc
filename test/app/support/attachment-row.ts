import { createHash } from 'node:crypto';
import { Blob as NodeBlob } from 'node:buffer';
import type { AttachmentRow } from '../../../src/app/db/database';

/** SHA-256 of bytes, in hex, as the phone names a file. */
export const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * An attachment row as the phone stores a photo of an entry, queued to go up: `bytes` and its
 * thumbnail `thumb`. Fake IndexedDB keeps Node's Blob (happy-dom's does not survive its
 * structured clone), so the blobs are Node's.
 */
export function photoRowOf(
  activityId: string,
  bytes: Uint8Array,
  thumb: Uint8Array,
  overrides: Partial<AttachmentRow> = {},
): AttachmentRow {
  return {
    id: crypto.randomUUID(),
    activityId,
    sha256: sha256Hex(bytes),
    size: bytes.length,
    mime: 'image/jpeg',
    name: 'bang-ron.jpg',
    kind: 'photo',
    width: 1600,
    height: 1200,
    createdAt: new Date().toISOString(),
    blob: new NodeBlob([bytes], { type: 'image/jpeg' }) as unknown as Blob,
    thumb: new NodeBlob([thumb], { type: 'image/jpeg' }) as unknown as Blob,
    thumbSha256: sha256Hex(thumb),
    state: 'queued',
    uploaded: 0,
    registered: false,
    thumbDone: false,
    originalDropped: false,
    error: null,
    ...overrides,
  };
}
