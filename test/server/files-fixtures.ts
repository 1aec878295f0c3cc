import { createHash, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { AttachmentInput } from '../../src/shared/attachment';
import { ZipWriter } from '../../src/server/files/zip-writer';
import type { TestDevice } from './helpers';

// Files as a phone would attach them, and hostile ones, built from their bytes.

/** SHA-256 hex of bytes. */
export const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A PNG whose header declares width × height, padded with noise to `size` bytes (never decoded). */
export function png(width: number, height: number, size = 2_000): Buffer {
  const head = Buffer.alloc(24);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(head, 0);
  head.writeUInt32BE(13, 8);
  head.write('IHDR', 12, 'latin1');
  head.writeUInt32BE(width, 16);
  head.writeUInt32BE(height, 20);
  return Buffer.concat([head, noise(Math.max(0, size - 24))]);
}

/** A JPEG whose start-of-frame declares width × height. */
export function jpeg(width: number, height: number, size = 3_000): Buffer {
  const app0 = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
  const sof = Buffer.from([0xff, 0xc0, 0x00, 0x11, 0x08, 0, 0, 0, 0, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
  sof.writeUInt16BE(height, 5);
  sof.writeUInt16BE(width, 7);
  const sos = Buffer.from([0xff, 0xda, 0x00, 0x08, 1, 1, 0, 0, 0x3f, 0]);
  return Buffer.concat([app0, sof, sos, noise(Math.max(0, size - 51)), Buffer.from([0xff, 0xd9])]);
}

/** A .docx-shaped ZIP: its content types and word/document.xml. */
export function docx(documentXml: Uint8Array = Buffer.from('<w:document>Báo cáo</w:document>')): Buffer {
  const parts: Buffer[] = [];
  const zip = new ZipWriter((b) => parts.push(b), { year: 2021, month: 7, day: 10, hours: 8, minutes: 0 });
  zip.add('[Content_Types].xml', Buffer.from('<Types/>'), true);
  zip.add('word/document.xml', documentXml, true);
  zip.finish();
  return Buffer.concat(parts);
}

/** Pseudo-random bytes (incompressible, with NUL bytes among them). */
export function noise(size: number): Buffer {
  const out = Buffer.alloc(size);
  let x = 0x9e3779b9;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** A registration for bytes. */
export function attachmentFor(
  activityId: string,
  bytes: Buffer,
  overrides: Partial<AttachmentInput> = {},
): AttachmentInput {
  return {
    id: randomUUID(),
    activityId,
    sha256: sha256Of(bytes),
    size: bytes.length,
    mime: 'image/png',
    name: 'Ảnh hội nghị.png',
    kind: 'photo',
    createdAt: '2021-07-10T08:05:00+07:00',
    ...overrides,
  };
}

type Answer = Awaited<ReturnType<FastifyInstance['inject']>>;

/** The API calls of evidence, as one device. */
export interface EvidenceClient {
  register(input: AttachmentInput): Promise<Answer>;
  put(sha: string, start: number, chunk: Buffer, total: number): Promise<Answer>;
  status(sha: string): Promise<Answer>;
  get(sha: string): Promise<Answer>;
  lost(id: string): Promise<Answer>;
}

/** An EvidenceClient over the app, as the device. */
export function evidenceClient(app: FastifyInstance, device: TestDevice): EvidenceClient {
  return {
    register: (input: AttachmentInput) =>
      app.inject({ method: 'POST', url: '/api/v1/attachments', headers: device.headers, payload: input }),
    put: (sha: string, start: number, chunk: Buffer, total: number) =>
      app.inject({
        method: 'PUT',
        url: `/api/v1/files/${sha}`,
        headers: {
          ...device.headers,
          'content-type': 'application/octet-stream',
          'content-range': `bytes ${start}-${start + chunk.length - 1}/${total}`,
        },
        payload: chunk,
      }),
    status: (sha: string) => app.inject({ method: 'GET', url: `/api/v1/files/${sha}/status`, headers: device.headers }),
    get: (sha: string) => app.inject({ method: 'GET', url: `/api/v1/files/${sha}`, headers: device.headers }),
    lost: (id: string) =>
      app.inject({ method: 'POST', url: `/api/v1/attachments/${id}/lost`, headers: device.headers }),
  };
}

/** Uploads a whole file in chunks of `chunkBytes`; returns the last answer. */
export async function uploadAll(client: EvidenceClient, bytes: Buffer, chunkBytes = 64 * 1024): Promise<Answer> {
  const sha = sha256Of(bytes);
  let last: Answer | undefined;
  for (let at = 0; at < bytes.length; at += chunkBytes) {
    last = await client.put(sha, at, bytes.subarray(at, at + chunkBytes), bytes.length);
    if (last.statusCode !== 200) return last;
  }
  return last!;
}
