/**
 * QuickBooks writes times in the company's own time zone with its offset
 * ("2015-07-24T10:35:08-07:00"), whole seconds for MetaData and milliseconds for a response's
 * `time`. Clients must parse offsets, not assume UTC: the emulator answers the same way.
 */
export const DEFAULT_TIME_ZONE = 'America/Los_Angeles';

const formats = new Map<string, Intl.DateTimeFormat>();

function offsetMinutes(ms: number, timeZone: string): number {
  let format = formats.get(timeZone);
  if (!format) formats.set(timeZone, (format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })));
  const name = format.formatToParts(new Date(ms)).find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!match) return 0;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

export function companyTime(ms: number, timeZone = DEFAULT_TIME_ZONE, withMillis = false): string {
  const offset = offsetMinutes(ms, timeZone);
  const local = new Date(ms + offset * 60_000).toISOString();
  const sign = offset < 0 ? '-' : '+';
  const hours = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
  const minutes = String(Math.abs(offset) % 60).padStart(2, '0');
  return `${withMillis ? local.slice(0, 23) : local.slice(0, 19)}${sign}${hours}:${minutes}`;
}

/** The company's calendar date (TxnDate, DueDate are plain dates in its zone). */
export function companyDate(ms: number, timeZone = DEFAULT_TIME_ZONE): string {
  return companyTime(ms, timeZone).slice(0, 10);
}

/** Whole seconds: QuickBooks keeps MetaData times to the second. */
export function truncateToSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}
