import type { AppContext } from '../../src/app/app-context.js';
import type { PayOptions } from './load-invoices.js';

/**
 * Which pay sources this hub offers beyond the links stored with invoices: providers whose
 * connector can fetch an online invoice on demand (Xero's OnlineInvoices), and the business's
 * written payment instructions as the last resort.
 */
export function payOptionsOf(app: AppContext): PayOptions {
  const online = new Set<string>();
  for (const connector of app.connectors.all()) {
    if (typeof connector.invoicePayUrl === 'function') online.add(connector.provider);
  }
  return { onlineInvoiceProviders: online, hasInstructions: Boolean(app.config.billing?.paymentInstructions) };
}
