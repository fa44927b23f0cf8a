import { currencyExponent } from '../../src/model/money.js';
import { providerDisplayName } from '../../src/connector-kit/provider-names.js';

/**
 * An amount in integer minor units, shown in its own currency: the currency's exponent comes from
 * ICU (JPY 0, USD 2, BHD 3) and the decimal string is built exactly, with no float in between.
 */
export function formatMoney(amountMinor: number, currency: string): string {
  let exponent: number;
  let formatter: Intl.NumberFormat;
  try {
    exponent = currencyExponent(currency);
    formatter = new Intl.NumberFormat('en', { style: 'currency', currency, minimumFractionDigits: exponent, maximumFractionDigits: exponent });
  } catch {
    return `${amountMinor} ${currency} (minor units)`;
  }
  const digits = Math.abs(amountMinor).toString().padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const decimal = exponent > 0 ? `${whole}.${digits.slice(-exponent)}` : whole;
  return formatter.format(`${amountMinor < 0 ? '-' : ''}${decimal}` as Intl.StringNumericLiteral);
}

/** The deal's amount, or a dash when the CRM has none (or no currency to read it in). */
export function formatAmount(deal: { amountMinor: number | null; currency: string | null }): string {
  return deal.amountMinor != null && deal.currency ? formatMoney(deal.amountMinor, deal.currency) : '—';
}

const DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** "31 Mar 2024" from an ISO date; a CRM date is a calendar day, so it is read and shown in UTC. */
export function formatDate(iso: string | null): string | null {
  if (!iso) return null;
  const day = iso.slice(0, 10);
  const at = Date.parse(`${day}T00:00:00Z`);
  return Number.isNaN(at) ? null : DATE.format(at);
}

/** A provider's display name, as its connector declares it. */
export function providerName(provider: string): string {
  return providerDisplayName(provider);
}

/** "from HubSpot, 2 minutes ago": every figure says where it came from and how fresh it is. */
export function describeFreshness(provider: string, syncedAt: number, now: number): string {
  const minutes = Math.max(0, Math.floor((now - syncedAt) / 60_000));
  let ago: string;
  if (minutes < 1) ago = 'just now';
  else if (minutes < 60) ago = `${minutes} minute${minutes === 1 ? '' : 's'} ago`;
  else if (minutes < 48 * 60) ago = `${Math.floor(minutes / 60)} hour${Math.floor(minutes / 60) === 1 ? '' : 's'} ago`;
  else ago = `${Math.floor(minutes / 1440)} days ago`;
  return `from ${providerName(provider)}, ${ago}`;
}

/** Freshness of a figure drawn from several providers: "from Xero, 2 minutes ago; from Stripe, 1 hour ago". */
export function describeSources(sources: { provider: string; syncedAt: number }[], now: number): string {
  return sources.map((s) => describeFreshness(s.provider, s.syncedAt, now)).join('; ');
}
