import * as z from 'zod/mini';

/**
 * Evidence on an entry (issue 14): photos and files a phone attaches to an entry. The entry's
 * figures sync as before and never wait for its files; each attachment is registered, then its
 * bytes go up in chunks, content-addressed by SHA-256. This module is the contract's one home
 * for the limits and shapes both sides use.
 */

/** The largest file a person may attach, in bytes (10 MB). */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** The bytes one upload request carries: small enough for a 2G/3G link to finish one between drops. */
export const UPLOAD_CHUNK_BYTES = 64 * 1024;
/** The longest side of a photo the phone keeps, in pixels, and the JPEG/WebP quality it stores it at. */
export const PHOTO_MAX_SIDE = 1600;
export const PHOTO_QUALITY = 0.8;
/**
 * The most pixels a picked photo may declare for the phone to open it (it decodes the whole image
 * to shrink it: 4 bytes a pixel). A 108-megapixel camera's photo passes; a header claiming more is
 * a decompression bomb or beyond a cheap phone's memory, and is refused before decoding.
 */
export const MAX_PHOTO_INPUT_PIXELS = 120_000_000;
/** The longest side of a thumbnail, in pixels. */
export const THUMB_MAX_SIDE = 240;
/** The most attachments one entry may carry. */
export const MAX_ATTACHMENTS_PER_ENTRY = 10;

/** The types accepted, as their bytes show them (never by a file's name). */
export const ATTACHMENT_TYPES = {
  'image/jpeg': { extension: 'jpg', label: 'ảnh JPEG' },
  'image/png': { extension: 'png', label: 'ảnh PNG' },
  'image/webp': { extension: 'webp', label: 'ảnh WebP' },
  'application/pdf': { extension: 'pdf', label: 'tệp PDF' },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
    extension: 'docx',
    label: 'tệp Word (.docx)',
  },
} as const;
export type AttachmentMime = keyof typeof ATTACHMENT_TYPES;
export const ATTACHMENT_MIMES = Object.keys(ATTACHMENT_TYPES) as AttachmentMime[];

const sha256 = z.string().check(z.regex(/^[0-9a-f]{64}$/, 'Mã SHA-256 phải gồm 64 chữ số hex (chữ thường).'));

/** POST /api/v1/attachments: the phone registers an attachment of one of its entries, before its bytes. */
export const attachmentInputSchema = z.object({
  id: z.uuid('Mã tệp đính kèm phải là một UUID do máy tạo.'),
  activityId: z.uuid('Mã mục nhập phải là một UUID.'),
  sha256,
  size: z.int().check(z.gte(1), z.lte(MAX_FILE_BYTES, 'Tệp quá lớn: tối đa 10 MB.')),
  mime: z.enum(
    ATTACHMENT_MIMES as [AttachmentMime, ...AttachmentMime[]],
    'Chỉ nhận ảnh JPEG, PNG, WebP, tệp PDF hoặc Word (.docx).',
  ),
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  kind: z.enum(['photo', 'file']),
  width: z.optional(z.int().check(z.gte(1), z.lte(20_000))),
  height: z.optional(z.int().check(z.gte(1), z.lte(20_000))),
  /** The photo's thumbnail, uploaded as a file of its own (a JPEG). */
  thumb: z.optional(z.object({ sha256, size: z.int().check(z.gte(1), z.lte(512 * 1024)) })),
  createdAt: z.iso.datetime({ offset: true }),
});
export type AttachmentInput = z.infer<typeof attachmentInputSchema>;

/**
 * An attachment as the server lists it: `complete` once every byte arrived; `lost` when its phone
 * said it no longer holds the file (storage cleared): upstream shows it missing, nobody retries.
 */
export interface Attachment extends AttachmentInput {
  unitId: string;
  deviceId: string;
  receivedAt: string;
  /** Bytes of the file the server holds (its size once complete). */
  received: number;
  complete: boolean;
  lost: boolean;
}
