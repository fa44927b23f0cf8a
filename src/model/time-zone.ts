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
