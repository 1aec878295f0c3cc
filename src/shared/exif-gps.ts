// A photo's location, written into its JPEG as EXIF GPS tags. The phone re-encodes every photo
// through a canvas, which keeps no EXIF: so no location leaves a phone with a photo, except the
// one the person chose to tag on the entry, which the photo then carries (inspections read it from
// the file). Only what is needed is written: an APP1 "Exif" segment whose TIFF holds IFD0 with the
// GPS pointer and the GPS IFD (version, latitude and longitude with their N/S, E/W references).

/** A point in decimal degrees (WGS 84, as the Geolocation API gives it). */
export interface GpsPoint {
  lat: number;
  lon: number;
}

const SOI = [0xff, 0xd8];
const APP0 = 0xe0;
const APP1 = 0xe1;
const EXIF_HEADER = [0x45, 0x78, 0x69, 0x66, 0, 0]; // "Exif\0\0"

// TIFF types.
const BYTE = 1;
const ASCII = 2;
const LONG = 4;
const RATIONAL = 5;

/** Degrees, minutes and seconds as three rationals (seconds to a ten-thousandth). */
function dms(value: number): [number, number][] {
  const abs = Math.abs(value);
  const degrees = Math.floor(abs);
  const minutesFull = (abs - degrees) * 60;
  const minutes = Math.floor(minutesFull);
  const seconds = Math.round((minutesFull - minutes) * 60 * 10_000);
  return [
    [degrees, 1],
    [minutes, 1],
    [seconds, 10_000],
  ];
}

/** The TIFF structure (big-endian) of IFD0 pointing at a GPS IFD. */
function gpsTiff(point: GpsPoint): Uint8Array {
  const ifd0At = 8;
  const ifd0Size = 2 + 12 + 4;
  const gpsAt = ifd0At + ifd0Size;
  const gpsEntries = 5;
  const gpsSize = 2 + gpsEntries * 12 + 4;
  const latAt = gpsAt + gpsSize;
  const lonAt = latAt + 24;
  const bytes = new Uint8Array(lonAt + 24);
  const view = new DataView(bytes.buffer);
  // Header: "MM", 42, offset of IFD0.
  view.setUint16(0, 0x4d4d);
  view.setUint16(2, 42);
  view.setUint32(4, ifd0At);
  const entry = (at: number, tag: number, type: number, count: number, value: (at: number) => void) => {
    view.setUint16(at, tag);
    view.setUint16(at + 2, type);
    view.setUint32(at + 4, count);
    value(at + 8);
  };
  // IFD0: one entry, GPSInfo (0x8825), then no next IFD.
  view.setUint16(ifd0At, 1);
  entry(ifd0At + 2, 0x8825, LONG, 1, (at) => view.setUint32(at, gpsAt));
  view.setUint32(ifd0At + 2 + 12, 0);
  // GPS IFD, tags in ascending order.
  view.setUint16(gpsAt, gpsEntries);
  let at = gpsAt + 2;
  entry(at, 0x0000, BYTE, 4, (v) => bytes.set([2, 3, 0, 0], v)); // GPSVersionID 2.3.0.0
  at += 12;
  entry(at, 0x0001, ASCII, 2, (v) => bytes.set([point.lat < 0 ? 0x53 : 0x4e, 0], v)); // 'S' | 'N'
  at += 12;
  entry(at, 0x0002, RATIONAL, 3, (v) => view.setUint32(v, latAt));
  at += 12;
  entry(at, 0x0003, ASCII, 2, (v) => bytes.set([point.lon < 0 ? 0x57 : 0x45, 0], v)); // 'W' | 'E'
  at += 12;
  entry(at, 0x0004, RATIONAL, 3, (v) => view.setUint32(v, lonAt));
  at += 12;
  view.setUint32(at, 0);
  const rationals = (from: number, values: [number, number][]) =>
    values.forEach(([numerator, denominator], i) => {
      view.setUint32(from + i * 8, numerator);
      view.setUint32(from + i * 8 + 4, denominator);
    });
  rationals(latAt, dms(point.lat));
  rationals(lonAt, dms(point.lon));
  return bytes;
}

/** The JPEG without its EXIF segments (APP1 "Exif"): a photo tagged again loses its last point. */
export function withoutExif(jpeg: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [jpeg.subarray(0, 2)];
  let at = 2;
  // Segments up to the start of the scan carry their length; the scan runs to the end.
  while (at + 4 <= jpeg.length && jpeg[at] === 0xff && jpeg[at + 1] !== 0xda) {
    const length = (jpeg[at + 2]! << 8) | jpeg[at + 3]!;
    const isExif = jpeg[at + 1] === APP1 && EXIF_HEADER.every((byte, i) => jpeg[at + 4 + i] === byte);
    if (!isExif) parts.push(jpeg.subarray(at, at + 2 + length));
    at += 2 + length;
  }
  parts.push(jpeg.subarray(at));
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let to = 0;
  for (const part of parts) {
    out.set(part, to);
    to += part.length;
  }
  return out;
}

/**
 * The JPEG with an EXIF segment holding `point`, placed after SOI (and after a JFIF APP0 segment
 * when there is one, which must come first). Throws on bytes that are not a JPEG or a point that
 * is not on Earth.
 */
export function withGpsExif(jpeg: Uint8Array, point: GpsPoint): Uint8Array {
  if (jpeg[0] !== SOI[0] || jpeg[1] !== SOI[1]) throw new Error('not a JPEG');
  if (!(Math.abs(point.lat) <= 90 && Math.abs(point.lon) <= 180)) throw new Error('not a point on Earth');
  let insertAt = 2;
  if (jpeg[2] === 0xff && jpeg[3] === APP0) insertAt = 4 + ((jpeg[4]! << 8) | jpeg[5]!);
  const tiff = gpsTiff(point);
  const length = 2 + EXIF_HEADER.length + tiff.length;
  const segment = new Uint8Array(2 + length);
  segment.set([0xff, APP1, length >> 8, length & 0xff]);
  segment.set(EXIF_HEADER, 4);
  segment.set(tiff, 4 + EXIF_HEADER.length);
  const out = new Uint8Array(jpeg.length + segment.length);
  out.set(jpeg.subarray(0, insertAt));
  out.set(segment, insertAt);
  out.set(jpeg.subarray(insertAt), insertAt + segment.length);
  return out;
}
