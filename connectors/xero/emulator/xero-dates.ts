/**
 * Xero's JSON dates: Microsoft's "/Date(1539993600000+0000)/" for dates and UTC date-times,
 * "/Date(1552326816230)/" (no offset) for the envelope's DateTimeUTC, and "2018-10-20T00:00:00"
 * (no zone) in the *String twins and webhook eventDateUtc.
 */
export const msJson = (ms: number): string => `/Date(${ms}+0000)/`;

export const envelopeTime = (ms: number): string => `/Date(${ms})/`;

/** Midnight UTC of a calendar date, as Xero stores Date and DueDate. */
export const dayMs = (day: string): number => Date.parse(`${day}T00:00:00Z`);

export const dateString = (ms: number): string => new Date(ms).toISOString().slice(0, 19);

export function parseXeroDate(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const match = /\/Date\((-?\d+)([+-]\d{4})?\)\//.exec(value);
  if (match) return Number(match[1]);
  const parsed = Date.parse(/T[\d:.]+$/.test(value) ? `${value}Z` : value);
  return Number.isNaN(parsed) ? null : parsed;
}
