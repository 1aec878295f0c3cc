/** Display formats for Vietnamese readers: dd/mm/yyyy dates, dot-grouped numbers, "đ" money. */

/** "2021-07-05" → "05/07/2021". */
export function formatDateVi(isoDate: string): string {
  const [y, m, d] = isoDate.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

/** 1000000 → "1.000.000", 1234.5 → "1.234,5" (dots group thousands; at most two decimals). */
export function formatNumberVi(value: number): string {
  // Sums of minutes carry binary noise (0.1 + 0.2): a report shows two decimals at most.
  const rounded = Math.round(Math.abs(value) * 100) / 100;
  const negative = value < 0 && rounded !== 0;
  const [whole = '0', fraction] = rounded.toString().split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return (negative ? '-' : '') + grouped + (fraction ? `,${fraction}` : '');
}

/** 50000000 → "50.000.000 đ". */
export function formatVnd(amount: number): string {
  return `${formatNumberVi(Math.round(amount))} đ`;
}

/** Parses "dd/mm/yyyy" (or d/m/yyyy) to "yyyy-mm-dd"; null when it is not a real date. */
export function parseDateVi(text: string): string | null {
  const match = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(text);
  if (!match) return null;
  const iso = `${match[3]}-${match[2]!.padStart(2, '0')}-${match[1]!.padStart(2, '0')}`;
  return isRealDate(iso) ? iso : null;
}

/** True when "yyyy-mm-dd" names a day that exists. */
export function isRealDate(iso: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return false;
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Vietnam has kept UTC+7 without daylight saving since 1975. */
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

/** The local date in Asia/Ho_Chi_Minh of an instant ("2021-09-14T18:00:00Z" → "2021-09-15"). */
export function vietnamDateOf(instant: string | Date): string {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  return new Date(ms + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a Vietnam local date ends (its next midnight in Asia/Ho_Chi_Minh), as ISO UTC. */
export function endOfVietnamDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000 - VIETNAM_OFFSET_MS).toISOString();
}

/** "2021-09-15T01:02:03Z" → "15/09/2021 08:02" in Vietnam time. */
export function formatDateTimeVi(instant: string): string {
  const local = new Date(Date.parse(instant) + VIETNAM_OFFSET_MS).toISOString();
  return `${formatDateVi(local.slice(0, 10))} ${local.slice(11, 16)}`;
}
