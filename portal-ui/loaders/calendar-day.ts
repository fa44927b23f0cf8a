/**
 * Calendar days as the reader lives them: "today" in the user's time zone (sent by their browser
 * and stored on their account; UTC when unknown), and whole days between two ISO dates.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Zone names already found valid: at most the runtime's few hundred IANA zones (invalid ones are never kept). */
const knownZones = new Set<string>();

/**
 * True for an IANA zone name the runtime knows ("Europe/Paris"), false for anything else. Asked on
 * every page a signed-in user loads: building an Intl.DateTimeFormat to ask was a tenth of a dashboard's
 * own time, so a zone is checked once per process.
 */
export function isTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 64) return false;
  if (knownZones.has(value)) return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
  } catch {
    return false;
  }
  knownZones.add(value);
  return true;
}

/** Today's date (YYYY-MM-DD) in this zone. */
export function todayIn(now: number, timeZone: string | null | undefined): string {
  const zone = isTimeZone(timeZone) ? timeZone : 'UTC';
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
