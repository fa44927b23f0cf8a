/** A positive integer id from a URL segment, or null for anything else ("12abc", "0", "1e3", huge, not a string). */
export function parseId(segment: unknown): number | null {
  if (typeof segment !== 'string' || !/^[1-9][0-9]{0,14}$/.test(segment)) return null;
  return Number(segment);
}
