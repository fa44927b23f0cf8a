import { formatMoney } from '../../src/model/format-money.js';
import { providerDisplayName } from '../../src/connector-kit/provider-names.js';

// Money is formatted the same in emails (src/activity, src/notifications) and pages: one function, in src.
export { formatMoney };

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
