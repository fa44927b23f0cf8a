import type { Queryable } from '../../src/store/store.js';
import { listClientRecords, todayOf } from '../../src/records/client-records.js';

/**
 * hs_status values of a published quote, the only ones a buyer may see: HubSpot gives a public
 * page only to these. DRAFT, PENDING_APPROVAL and REJECTED (refused by the business's own
 * approver) are internal and never reach the portal.
 */
export const CLIENT_VISIBLE_QUOTE_STATUSES: readonly string[] = ['APPROVAL_NOT_NEEDED', 'APPROVED', 'ACCEPTED'];
/** hs_sign_status once every signer has signed. */
const SIGNED_STATUSES = new Set(['ESIGN_COMPLETED', 'SIGNED']);

export type QuoteState = 'open' | 'signed' | 'accepted' | 'expired';

export interface QuoteItem {
  recordId: number;
  title: string;
  state: QuoteState;
  esignEnabled: boolean;
  amountMinor: number | null;
  currency: string | null;
  expiresOn: string | null;
  /** Whole days until expiry (0: expires today); null without an expiry date or once expired. */
  daysLeft: number | null;
  /** HubSpot's hosted quote page, only when it is safe to open (see `safeQuoteLink`); else none shown. */
  link: string | null;
  provider: string;
  syncedAt: number;
}

const DAY_MS = 86_400_000;

/**
 * The hosted link is opened from the portal. Which links a provider's quotes may carry (https, or
 * plain http on its configured emulator's origin) is its mapping's rule; here, once more, nothing
 * but an http(s) URL is ever rendered as a link.
 */
export function safeQuoteLink(link: string | null): string | null {
  if (!link) return null;
  try {
    const url = new URL(link);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : null;
  } catch {
    return null;
  }
}

/**
 * The client's published HubSpot quotes (linked through their deals by identity resolution):
 * open ones first, soonest expiry first, then signed/accepted, then expired.
 */
export async function loadQuotes(q: Queryable, clientId: number, now: number): Promise<QuoteItem[]> {
  const today = todayOf(now);
  const rank: Record<QuoteState, number> = { open: 0, signed: 1, accepted: 1, expired: 2 };
  return (await listClientRecords(q, clientId, 'quote'))
    .filter((quote) => quote.data.status != null && CLIENT_VISIBLE_QUOTE_STATUSES.includes(quote.data.status))
    .map((quote): QuoteItem => {
      const data = quote.data;
      const signed = data.signStatus != null && SIGNED_STATUSES.has(data.signStatus);
      const expired = data.expiresOn != null && data.expiresOn.slice(0, 10) < today;
      const state: QuoteState = data.status === 'ACCEPTED' ? 'accepted' : signed ? 'signed' : expired ? 'expired' : 'open';
      return {
        recordId: quote.id,
        title: data.title,
        state,
        esignEnabled: data.esignEnabled,
        amountMinor: data.amountMinor,
        currency: data.currency,
        expiresOn: data.expiresOn,
        daysLeft: data.expiresOn == null || expired ? null : Math.round((Date.parse(data.expiresOn.slice(0, 10)) - Date.parse(today)) / DAY_MS),
        link: state === 'expired' ? null : safeQuoteLink(data.link),
        provider: quote.provider,
        syncedAt: quote.syncedAt,
      };
    })
    .sort((a, b) => rank[a.state] - rank[b.state] || (a.expiresOn ?? '9999').localeCompare(b.expiresOn ?? '9999') || a.recordId - b.recordId);
}
