/**
 * A payment method in words a client reads. Providers send codes: Xero a payment *type*
 * (ACCRECPAYMENT is simply "a payment received", not a method), Stripe a payment-method type
 * (card, us_bank_account, sepa_debit…); QuickBooks already sends the name the business chose.
 * Codes not listed are turned into plain words ("bacs_debit" → "Bacs debit"); none shows nothing.
 */
const WORDS: Record<string, string | null> = {
  // Xero payment types: they say what kind of transaction, not how the money came.
  accrecpayment: null,
  arcreditpayment: 'Credit note',
  aroverpaymentpayment: 'Overpayment',
  arprepaymentpayment: 'Prepayment',
  // Stripe payment-method types.
  card: 'Card',
  card_present: 'Card',
  us_bank_account: 'US bank account (ACH)',
  ach_credit_transfer: 'ACH credit transfer',
  ach_debit: 'ACH debit',
  sepa_debit: 'SEPA Direct Debit',
  bacs_debit: 'Bacs Direct Debit',
  au_becs_debit: 'BECS Direct Debit',
  acss_debit: 'Pre-authorized debit',
  customer_balance: 'Bank transfer',
  link: 'Link',
  paypal: 'PayPal',
  apple_pay: 'Apple Pay',
  google_pay: 'Google Pay',
};

export function readablePaymentMethod(method: string | null | undefined): string | null {
  if (!method) return null;
  const key = method.trim().toLowerCase();
  if (key in WORDS) return WORDS[key]!;
  // A code (all capitals, or with underscores): words. Anything else is already a name (QuickBooks).
  if (/^[A-Z0-9_]+$/.test(method) || /_/.test(method)) {
    const words = key.replace(/_/g, ' ').trim();
    return words ? words[0]!.toUpperCase() + words.slice(1) : null;
  }
  return method;
}
