/**
 * Calendar days as the reader lives them: "today" in the user's time zone (sent by their browser
 * and stored on their account; UTC when unknown), and whole days between two ISO dates.
 */
import { isTimeZone } from '../../src/model/time-zone.js';

export { isTimeZone };

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Today's date (YYYY-MM-DD) in this zone. */
export function todayIn(now: number, timeZone: string | null | undefined): string {
  const zone = isTimeZone(timeZone) ? timeZone : 'UTC';
  // Most users have no zone yet: UTC's day needs no formatter (a tenth of the cost).
  if (zone === 'UTC') return new Date(now).toISOString().slice(0, 10);
  let formatter = formatters.get(zone);
  if (!formatter) {
    // en-CA writes dates as YYYY-MM-DD.
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(zone, formatter);
  }
  return formatter.format(now);
}

/** Whole days from `from` to `to` (both ISO dates): positive when `to` is later. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to.slice(0, 10)}T00:00:00Z`) - Date.parse(`${from.slice(0, 10)}T00:00:00Z`)) / 86_400_000);
}
