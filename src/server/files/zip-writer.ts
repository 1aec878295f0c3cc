import { crc32, deflateRawSync } from 'node:zlib';

interface Written {
  name: Buffer;
  crc: number;
  size: number;
  compressedSize: number;
  method: 0 | 8;
  offset: number;
}

/** The most a ZIP without its ZIP64 extension may hold, in bytes and in entries. */
export const MAX_ZIP_BYTES = 0xffffffff;
const MAX_ZIP_ENTRIES = 0xffff;

/**
 * A small ZIP writer (PKWARE APPNOTE 6.3, no ZIP64): each file is written as it is added, to a
 * sink such as an HTTP response, so an archive of many photos never sits whole in memory. Files
 * already compressed (photos, PDF, .docx) are stored; text is deflated. Names are UTF-8 (flag 11).
 */
export class ZipWriter {
  private readonly written: Written[] = [];
  private offset = 0;
  private readonly time: number;
  private readonly date: number;

  /** `write` receives the archive's bytes in order; `modified` dates every entry (local time of the caller's choosing). */
  constructor(
    private readonly write: (bytes: Buffer) => void,
    modified: { year: number; month: number; day: number; hours: number; minutes: number },
  ) {
    this.time = (modified.hours << 11) | (modified.minutes << 5);
    this.date = ((Math.max(modified.year, 1980) - 1980) << 9) | (modified.month << 5) | modified.day;
  }

  /** Adds a file; `compress` deflates it (for text). Throws past the limits of a ZIP without ZIP64. */
  add(name: string, bytes: Uint8Array, compress = false): void {
    const data = compress ? deflateRawSync(bytes) : bytes;
    const nameBytes = Buffer.from(name, 'utf8');
    if (this.written.length >= MAX_ZIP_ENTRIES || this.offset + data.length + 30 + nameBytes.length > MAX_ZIP_BYTES) {
      throw new Error('zip too large');
    }
    const entry: Written = {
      name: nameBytes,
      crc: crc32(bytes),
      size: bytes.length,
      compressedSize: data.length,
      method: compress ? 8 : 0,
      offset: this.offset,
    };
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4); // version needed: 2.0
    header.writeUInt16LE(0x0800, 6); // UTF-8 names
    header.writeUInt16LE(entry.method, 8);
    header.writeUInt16LE(this.time, 10);
    header.writeUInt16LE(this.date, 12);
    header.writeUInt32LE(entry.crc, 14);
    header.writeUInt32LE(entry.compressedSize, 18);
    header.writeUInt32LE(entry.size, 22);
    header.writeUInt16LE(nameBytes.length, 26);
    header.writeUInt16LE(0, 28);
    this.emit(header);
    this.emit(nameBytes);
    this.emit(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    this.written.push(entry);
  }

  /** Writes the central directory and its end record. */
  finish(): void {
    const start = this.offset;
    for (const e of this.written) {
      const header = Buffer.alloc(46);
      header.writeUInt32LE(0x02014b50, 0);
      header.writeUInt16LE(20, 4); // made by: 2.0
      header.writeUInt16LE(20, 6);
      header.writeUInt16LE(0x0800, 8);
      header.writeUInt16LE(e.method, 10);
      header.writeUInt16LE(this.time, 12);
      header.writeUInt16LE(this.date, 14);
      header.writeUInt32LE(e.crc, 16);
      header.writeUInt32LE(e.compressedSize, 20);
      header.writeUInt32LE(e.size, 24);
      header.writeUInt16LE(e.name.length, 28);
      header.writeUInt32LE(e.offset, 42);
      this.emit(header);
      this.emit(e.name);
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.written.length, 8);
    end.writeUInt16LE(this.written.length, 10);
    end.writeUInt32LE(this.offset - start, 12);
    end.writeUInt32LE(start, 16);
    this.emit(end);
  }

  private emit(bytes: Buffer): void {
    this.offset += bytes.length;
    this.write(bytes);
  }
}
