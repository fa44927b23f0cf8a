/**
 * xero-node returns camelCase models; MS-JSON dates ("/Date(1539993600000+0000)/") arrive as
 * Date objects even in fields typed string, or as strings when read back from the cache.
 */
export function xeroDay(value: unknown): string | null {
  const ms = xeroMillis(value);
  return ms == null ? null : new Date(ms).toISOString().slice(0, 10);
}

export function xeroMillis(value: unknown): number | null {
  if (value == null || value === '') return null;
  if (value instanceof Date) return value.getTime();
  const text = String(value);
  const msJson = /\/Date\((-?\d+)([+-]\d{4})?\)\//.exec(text);
  if (msJson) return Number(msJson[1]);
  // Xero's own date-times carry no zone and are UTC.
  const parsed = Date.parse(/T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text) ? `${text}Z` : text);
  return Number.isNaN(parsed) ? null : parsed;
}

export function asXeroObject(raw: unknown, idField: string, type: string): Record<string, unknown> {
  if (!raw || typeof raw !== 'object' || typeof (raw as Record<string, unknown>)[idField] !== 'string') throw new Error(`Not a Xero ${type}: expected { ${idField}, ... }`);
  return raw as Record<string, unknown>;
}
