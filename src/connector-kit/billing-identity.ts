/** Small helpers shared by the accounting and payment mappings that build a client's billing identity. */

/** Email addresses as providers store them: sometimes one field holding several, separated by commas or semicolons. */
export function splitEmails(...values: unknown[]): string[] {
  const out = new Set<string>();
  for (const value of values) {
    if (typeof value !== 'string') continue;
    for (const part of value.split(/[,;\s]+/)) {
      const email = part.trim().toLowerCase();
      if (/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) out.add(email);
    }
  }
  return [...out];
}

/** An address as one block of text, lines in order, empty parts left out; null when there is nothing. */
export function formatAddress(parts: (string | null | undefined)[]): string | null {
  const lines = parts.map((part) => (part ?? '').trim()).filter(Boolean);
  return lines.length > 0 ? lines.join('\n') : null;
}
