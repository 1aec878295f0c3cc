/** A tagged location in words and as a link a phone's map app opens. */

/** Where an activity took place, as the phone's GPS gave it. */
export interface GeoPoint {
  lat: number;
  lon: number;
}

const HEMISPHERES = {
  vi: { n: 'B', s: 'N', e: 'Đ', w: 'T' },
  en: { n: 'N', s: 'S', e: 'E', w: 'W' },
} as const;

/** "18,2591° B, 106,1213° Đ" (Vietnamese: Bắc/Nam, Đông/Tây; decimal comma), four decimals (~10 m). */
export function formatLocation(point: GeoPoint, language: 'vi' | 'en' = 'vi'): string {
  const h = HEMISPHERES[language];
  const degrees = (value: number) => {
    const text = Math.abs(value).toFixed(4);
    return language === 'vi' ? text.replace('.', ',') : text;
  };
  return `${degrees(point.lat)}° ${point.lat < 0 ? h.s : h.n}, ${degrees(point.lon)}° ${point.lon < 0 ? h.w : h.e}`;
}

/** The point on OpenStreetMap, which any browser opens (a geo: URI needs a map app to claim it). */
export function mapLinkOf(point: GeoPoint): string {
  const lat = point.lat.toFixed(5);
  const lon = point.lon.toFixed(5);
  return `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=16/${lat}/${lon}`;
}

/** The point as a geo: URI (RFC 5870), which Android hands to the phone's map app. */
export function geoUriOf(point: GeoPoint): string {
  return `geo:${point.lat.toFixed(5)},${point.lon.toFixed(5)}`;
}
