import { ATTACHMENT_TYPES } from '../../shared/attachment';

/** A file name a header can carry as plain ASCII: Vietnamese letters without their marks. */
export function asciiFileName(name: string): string {
  const plain = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^A-Za-z0-9._ -]+/g, '_')
    .trim();
  return plain || 'tep';
}

/** The name a file is served under: the registered name with its type's extension. */
export function servedName(name: string, mime: string): string {
  const extension = (ATTACHMENT_TYPES as Record<string, { extension: string }>)[mime]?.extension ?? 'bin';
  const base = name.replace(/\.[A-Za-z0-9]{1,5}$/, '');
  return `${base}.${extension}`;
}

/** `Content-Disposition` with an ASCII name and the real one (RFC 6266, RFC 5987). */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${asciiFileName(name)}"; filename*=UTF-8''${encoded}`;
}
