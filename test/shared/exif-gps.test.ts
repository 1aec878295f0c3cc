import exifr from 'exifr';
import { describe, expect, it } from 'vitest';
import { withGpsExif } from '../../src/shared/exif-gps';

// The smallest JPEG a decoder takes is not needed: an EXIF reader reads the segments before the
// image data. A JFIF APP0 segment first, as canvases write it, then the end of the image.
const JFIF = Uint8Array.from([
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00,
  0x00, 0xff, 0xd9,
]);

describe('a tagged location written into a photo', () => {
  it('is read back by an EXIF reader as the point tagged, in every quarter of the globe', async () => {
    for (const point of [
      { lat: 18.2426, lon: 106.0035 }, // Cẩm Xuyên, Hà Tĩnh
      { lat: -33.8688, lon: 151.2093 },
      { lat: 40.7128, lon: -74.006 },
      { lat: -0.5, lon: -0.25 },
    ]) {
      const tagged = withGpsExif(JFIF, point);
      const gps = await exifr.gps(Buffer.from(tagged));
      expect(gps.latitude).toBeCloseTo(point.lat, 5);
      expect(gps.longitude).toBeCloseTo(point.lon, 5);
      // The JFIF segment stays first, as its standard asks.
      expect([...tagged.subarray(0, 4)]).toEqual([0xff, 0xd8, 0xff, 0xe0]);
    }
  });

  it('refuses what is not a JPEG, or not a point on Earth', () => {
    expect(() => withGpsExif(Uint8Array.from([0x89, 0x50]), { lat: 1, lon: 1 })).toThrow('not a JPEG');
    expect(() => withGpsExif(JFIF, { lat: 91, lon: 0 })).toThrow('not a point on Earth');
  });
});
