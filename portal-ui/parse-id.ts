/** A positive integer id from a URL segment, or null for anything else ("12abc", "0", "1e3", huge). */
export function parseId(segment: string | undefined): number | null {
  if (!segment || !/^[1-9][0-9]{0,14}$/.test(segment)) return null;
  return Number(segment);
}
