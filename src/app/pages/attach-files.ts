import {
  ATTACHMENT_TYPES,
  type AttachmentMime,
  MAX_FILE_BYTES,
  MAX_PHOTO_INPUT_PIXELS,
  PHOTO_MAX_SIDE,
  PHOTO_QUALITY,
  THUMB_MAX_SIDE,
} from '../../shared/attachment';
import { type GpsPoint, withGpsExif, withoutExif } from '../../shared/exif-gps';
import { imageSize } from '../../shared/image-size';
import type { AttachmentRow } from '../db/schema';
import { uuidv7 } from '../db/uuid';
import { sha256Hex } from '../sync/file-upload';

// A picked photo or file made ready to keep: photos shrunk and re-encoded through a canvas (which
// drops their EXIF, so no location leaves with them unless the person tagged the entry's location:
// then the photo carries that point), a thumbnail, the SHA-256 the server files the bytes under.

/** A photo a cheap link can carry: what the phone aims a stored photo at. */
const PHOTO_TARGET_BYTES = 200 * 1024;

/** Why a picked file was not attached. */
export class AttachRefusal extends Error {
  constructor(
    readonly reason: 'tooLarge' | 'wrongType' | 'unreadable' | 'tooManyPixels',
    readonly fileName: string,
    /** What the refusal names besides the file: its bytes, or the megapixels its header declares. */
    readonly figure?: number,
  ) {
    super(reason);
    this.name = 'AttachRefusal';
  }
}

/** The type a file's bytes show (never its name): one of the accepted types, or null. */
export async function sniffMime(file: Blob): Promise<AttachmentMime | null> {
  const head = new Uint8Array(await file.slice(0, 16).arrayBuffer());
  const ascii = (from: number, to: number) => String.fromCharCode(...head.slice(from, to));
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (ascii(0, 8) === '\x89PNG\r\n\x1a\n') return 'image/png';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  if (ascii(0, 5) === '%PDF-') return 'application/pdf';
  if (ascii(0, 4) === 'PK\x03\x04') {
    // A .docx is a zip whose central directory, at its end, names the word/ part.
    const tail = new Uint8Array(await file.slice(Math.max(0, file.size - 65_536)).arrayBuffer());
    if (new TextDecoder('latin1').decode(tail).includes('word/document.xml'))
      return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
  }
  return null;
}

async function encode(image: ImageBitmap, maxSide: number, quality: number): Promise<Blob> {
  const scale = Math.min(1, maxSide / Math.max(image.width, image.height));
  const width = Math.max(1, Math.round(image.width * scale));
  const height = Math.max(1, Math.round(image.height * scale));
  if (typeof OffscreenCanvas !== 'undefined') {
    const canvas = new OffscreenCanvas(width, height);
    canvas.getContext('2d')!.drawImage(image, 0, 0, width, height);
    return canvas.convertToBlob({ type: 'image/jpeg', quality });
  }
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  canvas.getContext('2d')!.drawImage(image, 0, 0, width, height);
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('toBlob'))), 'image/jpeg', quality),
  );
}

/**
 * A photo shrunk to PHOTO_MAX_SIDE at PHOTO_QUALITY (lower, step by step, while it is above
 * ~200 KB), turned upright from its EXIF orientation, and its thumbnail. The canvas keeps no EXIF.
 */
export async function shrinkPhoto(file: Blob): Promise<{ photo: Blob; thumb: Blob; width: number; height: number }> {
  const image = await createImageBitmap(file, { imageOrientation: 'from-image' });
  try {
    let quality = PHOTO_QUALITY;
    let photo = await encode(image, PHOTO_MAX_SIDE, quality);
    while (photo.size > PHOTO_TARGET_BYTES && quality > 0.5) {
      quality = Math.round((quality - 0.1) * 10) / 10;
      photo = await encode(image, PHOTO_MAX_SIDE, quality);
    }
    const thumb = await encode(image, THUMB_MAX_SIDE, 0.7);
    const scale = Math.min(1, PHOTO_MAX_SIDE / Math.max(image.width, image.height));
    return {
      photo,
      thumb,
      width: Math.max(1, Math.round(image.width * scale)),
      height: Math.max(1, Math.round(image.height * scale)),
    };
  } finally {
    image.close();
  }
}

/** A stored photo carrying `point` (the entry's tagged location) instead of any it carried, and its new SHA-256. */
export async function tagPhoto(photo: Blob, point: GpsPoint): Promise<{ blob: Blob; sha256: string }> {
  const bytes = withGpsExif(withoutExif(new Uint8Array(await photo.arrayBuffer())), point);
  const blob = new Blob([bytes as BlobPart], { type: 'image/jpeg' });
  return { blob, sha256: await sha256Hex(blob) };
}

/**
 * A picked file as the phone stores it, queued to go up once its entry is on the server. A photo
 * carries `location` when the person tagged the entry's (else no location at all).
 */
export async function prepareAttachment(
  file: File,
  activityId: string,
  location: GpsPoint | null = null,
): Promise<AttachmentRow> {
  const mime = await sniffMime(file);
  if (!mime) throw new AttachRefusal('wrongType', file.name);
  const base = {
    id: uuidv7(),
    activityId,
    createdAt: new Date().toISOString(),
    state: 'queued' as const,
    uploaded: 0,
    registered: false,
    thumbDone: false,
    originalDropped: false,
    error: null,
  };
  if (mime.startsWith('image/')) {
    // A decompression bomb (a small file whose header declares billions of pixels) is refused by
    // its header, before the phone tries to decode it and runs out of memory.
    const declared = imageSize(new Uint8Array(await file.arrayBuffer()), mime);
    if (declared && declared.width * declared.height > MAX_PHOTO_INPUT_PIXELS) {
      throw new AttachRefusal('tooManyPixels', file.name, Math.round((declared.width * declared.height) / 1_000_000));
    }
    let shrunk: Awaited<ReturnType<typeof shrinkPhoto>>;
    try {
      shrunk = await shrinkPhoto(file);
    } catch {
      throw new AttachRefusal('unreadable', file.name);
    }
    if (location) shrunk = { ...shrunk, photo: (await tagPhoto(shrunk.photo, location)).blob };
    const stem = file.name.replace(/\.[^.]*$/, '').trim() || 'anh';
    return {
      ...base,
      kind: 'photo',
      mime: 'image/jpeg',
      name: `${stem}.${ATTACHMENT_TYPES['image/jpeg'].extension}`.slice(-200),
      size: shrunk.photo.size,
      width: shrunk.width,
      height: shrunk.height,
      sha256: await sha256Hex(shrunk.photo),
      blob: shrunk.photo,
      thumb: shrunk.thumb,
      thumbSha256: await sha256Hex(shrunk.thumb),
    };
  }
  if (file.size > MAX_FILE_BYTES) throw new AttachRefusal('tooLarge', file.name, file.size);
  return {
    ...base,
    kind: 'file',
    mime,
    name: (file.name.trim() || `tep.${ATTACHMENT_TYPES[mime].extension}`).slice(-200),
    size: file.size,
    sha256: await sha256Hex(file),
    // A copy of the bytes, not the picked File: a File may point at the picker's temporary copy.
    blob: new Blob([await file.arrayBuffer()], { type: mime }),
    thumb: null,
    thumbSha256: null,
  };
}
