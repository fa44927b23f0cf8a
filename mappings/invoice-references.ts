/**
 * Reads the identifiers one system's invoice cites from another: what Stripe-to-books sync tools
 * (QuickBooks' and Xero's own Stripe apps, Synder, A2X…) write into a memo or reference — a
 * Stripe invoice, charge or payment-intent id, or the other system's invoice number — and what
 * businesses put in Stripe metadata the other way round. Free text yields only tokens that look
 * like identifiers (letters/digits with at least one digit, four characters or more), so words
 * of a memo never match anything.
 */
const TOKEN = /[A-Za-z0-9][A-Za-z0-9_\-/.]*[A-Za-z0-9]/g;

export function invoiceReferences(...texts: unknown[]): string[] {
  const found = new Set<string>();
  for (const text of texts) {
    if (typeof text !== 'string') continue;
    for (const token of text.match(TOKEN) ?? []) {
      if (token.length >= 4 && /\d/.test(token)) found.add(token);
    }
  }
  return [...found];
}
