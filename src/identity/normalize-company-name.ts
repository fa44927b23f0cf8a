/** Legal forms that say nothing about which company it is ("Acme Ltd" and "ACME, Inc." are one name). */
const LEGAL_SUFFIXES = new Set([
  'inc', 'incorporated', 'llc', 'llp', 'lp', 'ltd', 'limited', 'plc', 'corp', 'corporation', 'co', 'company', 'gmbh', 'mbh', 'ag', 'kg',
  'sa', 'sas', 'sarl', 'sl', 'srl', 'spa', 'bv', 'nv', 'ab', 'as', 'asa', 'oy', 'oyj', 'aps', 'pty', 'pte', 'kk', 'pc', 'pllc', 'ug', 'se',
]);

/**
 * A company name folded for comparison: accents, case, punctuation, "&"/"and", a leading "the"
 * and trailing legal forms removed. Equal folded names are only ever a suggestion for staff.
 */
export function normalizeCompanyName(name: string | null | undefined): string {
  const words = (name ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    // "S.A." and "L.L.C." fold to "sa" and "llc" before punctuation becomes spaces.
    .replace(/\b([a-z])\.(?=[a-z]\.)/g, '$1')
    .replace(/\b([a-z])\.(?=\s|$)/g, '$1')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
  if (words[0] === 'the' && words.length > 1) words.shift();
  while (words.length > 1 && LEGAL_SUFFIXES.has(words[words.length - 1]!)) words.pop();
  return words.join(' ');
}

/**
 * Two folded names that are not equal but plausibly one company: every word of the shorter is a word
 * of the longer ("initech" and "initech east", "acme robotics" and "acme robotics europe"). Only ever
 * a suggestion for staff. A one-word name must be at least three letters, so "a" or "co" match nothing.
 */
export function namesResemble(a: string, b: string): boolean {
  if (!a || !b || a === b) return false;
  const [short, long] = a.length <= b.length ? [a.split(' '), b.split(' ')] : [b.split(' '), a.split(' ')];
  if (short.length === 1 && short[0]!.length < 3) return false;
  const words = new Set(long);
  return short.every((word) => words.has(word));
}
