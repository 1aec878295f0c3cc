import type { AttachmentMime } from '../../shared/attachment';
import { type ContentAudioMime, detectAudioMime, fileTypeLabel } from '../../shared/content';
import { imageSize } from '../../shared/image-size';

/** Every type the store takes: evidence, and the audio of content relay. */
export type StoredMime = AttachmentMime | ContentAudioMime;

/** The most pixels an image may declare: a browser showing a larger one may run out of memory. */
export const MAX_IMAGE_PIXELS = 50_000_000;
/** The most a .docx may declare its parts to unpack to, in bytes, and its largest packing ratio. */
export const MAX_DOCX_UNPACKED_BYTES = 100 * 1024 * 1024;
export const MAX_DOCX_RATIO = 100;

/** What the bytes of a file say: its type, or why it is refused. */
export type FileVerdict =
  | { ok: true; mime: StoredMime }
  | {
      ok: false;
      status: 413 | 415;
      reason: 'type' | 'pixels' | 'unreadable' | 'bomb';
      detected: StoredMime | null;
    };

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0) =>
  signature.every((b, i) => bytes[at + i] === b);
const ascii = (bytes: Uint8Array, at: number, length: number) =>
  String.fromCharCode(...bytes.subarray(at, at + length));

/** The accepted type the bytes begin with (magic numbers), never the name's extension. */
export function detectMime(bytes: Uint8Array): StoredMime | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return 'image/webp';
  if (ascii(bytes, 0, 5) === '%PDF-') return 'application/pdf';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) && zipEntries(bytes)?.some((e) => e.name === 'word/document.xml')) {
    return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
  }
  return detectAudioMime(bytes);
}

/** True for the image types. */
export function isImageMime(mime: string): boolean {
  return mime === 'image/jpeg' || mime === 'image/png' || mime === 'image/webp';
}

/**
 * Checks a whole file against the types it may be (the registered mime; any image for a
 * thumbnail): its bytes must show one of them, an image must declare at most MAX_IMAGE_PIXELS,
 * and a .docx must not be a decompression bomb by what its ZIP directory declares.
 */
export function checkFile(bytes: Uint8Array, allowed: readonly string[]): FileVerdict {
  const detected = detectMime(bytes);
  if (!detected || !allowed.includes(detected)) return { ok: false, status: 415, reason: 'type', detected };
  if (isImageMime(detected)) {
    const size = imageSize(bytes, detected);
    if (!size) return { ok: false, status: 415, reason: 'unreadable', detected };
    if (size.width * size.height > MAX_IMAGE_PIXELS) return { ok: false, status: 413, reason: 'pixels', detected };
  }
  if (detected === ATTACHMENT_DOCX && isZipBomb(bytes)) return { ok: false, status: 413, reason: 'bomb', detected };
  return { ok: true, mime: detected };
}

const ATTACHMENT_DOCX: AttachmentMime = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

interface ZipEntry {
  name: string;
  compressed: number;
  uncompressed: number;
}

/** The entries a ZIP's central directory declares, or null when it has none readable (or is ZIP64). */
export function zipEntries(bytes: Uint8Array): ZipEntry[] | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end-of-central-directory record is in the last 22 + 65,535 bytes (its comment).
  let end = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (view.getUint32(at, true) === 0x06054b50) {
      end = at;
      break;
    }
  }
  if (end < 0) return null;
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  if (count === 0xffff || at === 0xffffffff) return null;
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) return null;
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const compressed = view.getUint32(at + 20, true);
    const uncompressed = view.getUint32(at + 24, true);
    if (compressed === 0xffffffff || uncompressed === 0xffffffff) return null;
    entries.push({
      name: new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength)),
      compressed,
      uncompressed,
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** True when a ZIP declares more than MAX_DOCX_UNPACKED_BYTES unpacked, or packs more than MAX_DOCX_RATIO to one. */
function isZipBomb(bytes: Uint8Array): boolean {
  const entries = zipEntries(bytes);
  if (!entries) return true;
  const unpacked = entries.reduce((sum, e) => sum + e.uncompressed, 0);
  return unpacked > MAX_DOCX_UNPACKED_BYTES || unpacked > MAX_DOCX_RATIO * bytes.length;
}

/** The label of a type in words ("ảnh JPEG"). */
export function labelOf(mime: string): string {
  return fileTypeLabel(mime);
}
