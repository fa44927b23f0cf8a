import { type ConnectorContext, INTERACTIVE_RATE_LIMIT_POLICY } from '../../src/connector-kit/index.js';
import { callXero } from './call-xero.js';

/**
 * Where a customer views and pays a Xero invoice: GET /Invoices/{InvoiceID}/OnlineInvoice, asked
 * for when the client presses Pay (Xero refuses it for drafts, deleted and voided invoices; payment
 * on the page needs the organisation's payment services). Null when Xero names no URL.
 */
export async function xeroOnlineInvoiceUrl(ctx: ConnectorContext, externalId: string): Promise<string | null> {
  if (!/^[0-9a-f-]{36}$/i.test(externalId)) throw new Error(`Not a Xero id: "${externalId}"`);
  const body = await callXero(ctx, (api, tenant) => api.getOnlineInvoice(tenant, externalId), INTERACTIVE_RATE_LIMIT_POLICY);
  const url = body.onlineInvoices?.[0]?.onlineInvoiceUrl;
  return typeof url === 'string' && /^https?:\/\//i.test(url) ? url : null;
}
