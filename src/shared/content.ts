import * as z from 'zod/mini';
import { ATTACHMENT_TYPES, MAX_FILE_BYTES } from './attachment';
import { periodCodeSchema } from './period';
import { unitKindSchema } from './unit';

/**
 * Content relay (issue 15): upstream sends audio segments, documents and scripts to units; their
 * phones list what they were sent, download the files (the same content-addressed files as
 * evidence: `PUT /files/:sha256` in chunks, `GET /files/:sha256` with Range) and log the broadcast
 * or the material received with `contentId` naming the item. This module is the contract's one
 * home for the items' shape and the audio types accepted.
 */

/** Audio a browser plays, as its bytes show it (never by a file's name); nothing is transcoded. */
export const CONTENT_AUDIO_TYPES = {
  'audio/mpeg': { extension: 'mp3', label: 'âm thanh MP3' },
  'audio/mp4': { extension: 'm4a', label: 'âm thanh M4A' },
  'audio/ogg': { extension: 'opus', label: 'âm thanh Opus (Ogg)' },
  'audio/wav': { extension: 'wav', label: 'âm thanh WAV' },
} as const;
export type ContentAudioMime = keyof typeof CONTENT_AUDIO_TYPES;
export const CONTENT_AUDIO_MIMES = Object.keys(CONTENT_AUDIO_TYPES) as ContentAudioMime[];
const ascii = (bytes: Uint8Array, at: number, length: number) =>
  String.fromCharCode(...bytes.subarray(at, at + length));

/**
 * The audio type a file's first bytes show (at least its first 36 are needed), or null: audio a
 * browser plays, as the store judges it and the console checks before sending anything. WAV
 * (RIFF…WAVE), Ogg Opus (an Ogg page whose first packet is OpusHead; Ogg Vorbis is refused: Safari
 * does not play it), MP4/M4A audio (an `ftyp` box), and MP3 (an ID3 tag, or an MPEG-1/2 layer III
 * frame header). Never the name's extension nor the type a system gave it (`audio/x-m4a`…).
 */
export function detectAudioMime(bytes: Uint8Array): ContentAudioMime | null {
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WAVE') return 'audio/wav';
  if (ascii(bytes, 0, 4) === 'OggS') return ascii(bytes, 28, 8) === 'OpusHead' ? 'audio/ogg' : null;
  if (ascii(bytes, 4, 4) === 'ftyp' && /^(M4A |M4B |mp41|mp42|isom|iso2|dash)$/.test(ascii(bytes, 8, 4)))
    return 'audio/mp4';
  if (ascii(bytes, 0, 3) === 'ID3') return 'audio/mpeg';
  // Frame sync (11 bits), MPEG version not reserved, layer III, bitrate index neither free nor bad.
  if (bytes.length >= 4 && bytes[0] === 0xff && (bytes[1]! & 0xe0) === 0xe0) {
    const version = (bytes[1]! >> 3) & 3;
    const layer = (bytes[1]! >> 1) & 3;
    const bitrate = bytes[2]! >> 4;
    if (version !== 1 && layer === 1 && bitrate !== 0 && bitrate !== 15) return 'audio/mpeg';
  }
  return null;
}

/** The documents an item may carry: a script to read on air, leaflet artwork. */
export const CONTENT_DOCUMENT_MIMES = [
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
] as const;
export const AUDIO_TYPES_IN_WORDS = 'âm thanh MP3, M4A, Opus (Ogg) hoặc WAV';

/** The label of any file type the product accepts ("âm thanh MP3", "tệp PDF"). */
export function fileTypeLabel(mime: string): string {
  return (
    (CONTENT_AUDIO_TYPES as Record<string, { label: string }>)[mime]?.label ??
    (ATTACHMENT_TYPES as Record<string, { label: string }>)[mime]?.label ??
    'tệp'
  );
}

/** The size past which a phone on a costly link asks before downloading (5 MB). */
export const ASK_BEFORE_DOWNLOAD_BYTES = 5 * 1024 * 1024;
/** Played at least this share of a segment, a stop still offers the broadcast entry. */
export const AIRED_SHARE = 0.8;

export const CONTENT_KINDS = ['audio', 'document', 'script'] as const;
export type ContentKind = (typeof CONTENT_KINDS)[number];

const sha256 = z.string().check(z.regex(/^[0-9a-f]{64}$/, 'Mã SHA-256 phải gồm 64 chữ số hex (chữ thường).'));
const id = z.string().check(z.minLength(1), z.maxLength(64));
const TYPE_MESSAGE = `Âm thanh chỉ nhận ${AUDIO_TYPES_IN_WORDS}; tài liệu chỉ nhận tệp PDF hoặc Word (.docx).`;

/** POST /api/v1/content: what a supervisor publishes (its file, if any, goes up after). */
export const contentInputSchema = z
  .object({
    id: z.uuid('Mã nội dung phải là một UUID do máy tạo.'),
    kind: z.enum(CONTENT_KINDS, 'Loại nội dung phải là âm thanh, tài liệu hoặc kịch bản.'),
    title: z.string('Cần nhập tiêu đề.').check(z.trim(), z.minLength(1, 'Cần nhập tiêu đề.'), z.maxLength(300)),
    /** Its length on air, in seconds. */
    seconds: z.optional(z.nullable(z.int().check(z.gte(1), z.lte(24 * 3600)))),
    topics: z.optional(z.array(z.string().check(z.maxLength(100))).check(z.maxLength(20))),
    period: z.optional(z.nullable(periodCodeSchema)),
    taskId: z.optional(z.nullable(id)),
    planId: z.optional(z.nullable(id)),
    file: z.optional(
      z.nullable(
        z.object({
          sha256,
          size: z.int().check(z.gte(1), z.lte(MAX_FILE_BYTES, 'Tệp quá lớn: tối đa 10 MB.')),
          mime: z.string(),
          name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
        }),
      ),
    ),
    script: z.optional(z.nullable(z.string().check(z.maxLength(50_000, 'Kịch bản tối đa 50.000 ký tự.')))),
    unitIds: z.array(id).check(z.maxLength(5_000)),
    unitKinds: z.array(unitKindSchema),
    expectation: z.optional(z.nullable(z.string().check(z.maxLength(500)))),
    minAirings: z.optional(z.nullable(z.int().check(z.gte(0), z.lte(1_000)))),
    due: z.optional(z.nullable(z.iso.date('Hạn phải là một ngày có thật, dạng yyyy-mm-dd.'))),
    createdAt: z.iso.datetime({ offset: true }),
  })
  .check(
    z.superRefine((item, ctx) => {
      const issue = (path: string, message: string) =>
        ctx.issues.push({ code: 'custom', message, path: [path], input: item });
      if (item.unitIds.length === 0 && item.unitKinds.length === 0)
        issue('unitIds', 'Hãy chọn đơn vị hoặc loại đơn vị nhận nội dung.');
      if (item.kind === 'script' && !item.script?.trim()) issue('script', 'Cần nhập nội dung kịch bản.');
      if (item.kind !== 'script') {
        const mimes: readonly string[] = item.kind === 'audio' ? CONTENT_AUDIO_MIMES : CONTENT_DOCUMENT_MIMES;
        if (!item.file) issue('file', 'Cần chọn tệp để gửi.');
        else if (!mimes.includes(item.file.mime)) issue('file', TYPE_MESSAGE);
      }
    }),
  );
export type ContentInput = z.infer<typeof contentInputSchema>;

/** An item as a phone lists it: `unitId` is the publisher; `complete` once its file is whole on the server. */
export interface ContentItem extends ContentInput {
  unitId: string;
  unitName: string;
  receivedAt: string;
  complete: boolean;
}

/** Per unit an item was sent to: whether it downloaded (or received) it and how many times it aired. */
export interface ContentDelivery {
  unitId: string;
  unitName: string;
  unitKind: string;
  downloadedAt: string | null;
  airings: number;
  /** Copies logged received (`material` received naming the item). */
  received: number;
}

/** An item as its publisher's console lists it, with its deliveries. */
export interface ContentReport extends ContentItem {
  deliveries: ContentDelivery[];
  /** The sum of every unit's airings ("đã phát N"). */
  airings: number;
}
