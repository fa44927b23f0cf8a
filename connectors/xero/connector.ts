/**
 * Xero: contacts (billing identities), sales invoices (ACCREC), payments and sales credit notes, via
 * xero-node's AccountingApi; invoice PDFs on demand; at most 5 concurrent calls per organisation.
 * Pull: If-Modified-Since with page-numbered paging. Push: webhooks (x-xero-signature, intent-to-receive)
 * for invoices and contacts — Xero has no payment topic, so payments are polled.
 * Auth: OAuth 2 with rotating refresh tokens and a chosen tenant. XERO_BASE_URL / XERO_IDENTITY_URL configurable.
 */
import { xeroOnlineInvoiceUrl } from './online-invoice.js';
import { xeroDocuments } from './invoice-attachments.js';
import { type Connector, envConnection } from '../../src/connector-kit/index.js';
import { contactMapping } from '../../mappings/xero/contact.js';
import { invoiceMapping } from '../../mappings/xero/invoice.js';
import { paymentMapping } from '../../mappings/xero/payment.js';
import { creditNoteMapping } from '../../mappings/xero/credit-note.js';
import { xeroInvoicePdf } from './invoice-pdf.js';
import { XERO_BUDGETS } from './call-xero.js';
import { fetchByIds, isXeroResource, pullResources } from './pull-resources.js';
import { parseXeroWebhook, verifyXeroWebhook } from './webhook.js';
import { xeroOAuth } from './oauth.js';
import { completeXeroEnvironment } from './complete-environment.js';
import { xeroSettings } from './settings.js';

const xero: Connector = {
  provider: 'xero',
  displayName: 'Xero',
  settings: xeroSettings,
  environment: { token: 'XERO_ACCESS_TOKEN', refresh: 'XERO_REFRESH_TOKEN', baseUrl: 'XERO_BASE_URL' },
  accountChoice: { key: 'tenantId', label: 'Organisation', listSetting: 'tenants', idKey: 'tenantId' },
  webhookSecret: { configured: (config) => Boolean(xeroSettings.read(config).webhookKey), source: 'XERO_WEBHOOK_KEY (the webhook key Xero shows)' },
  identityDefaults: { explicitIdFields: { Contact: 'accountNumber' } },
  pacingAccount: (connection) => String(connection.settings.tenantId ?? ''),
  objectTypes: [
    { objectType: 'Contact', kind: 'company', order: 1 },
    { objectType: 'Invoice', kind: 'invoice', order: 2 },
    { objectType: 'Payment', kind: 'payment', order: 3 },
    { objectType: 'CreditNote', kind: 'credit_note', order: 4 },
  ],
  objectTypeForKind: { company: 'Contact', invoice: 'Invoice', payment: 'Payment', credit_note: 'CreditNote' },
  mappings: [contactMapping, invoiceMapping, paymentMapping, creditNoteMapping],
  fromEnvironment(config) {
    // Without XERO_TENANT_ID, completeEnvironment picks the first organisation the token was granted.
    const { tenantId } = xeroSettings.read(config);
    return envConnection(xeroSettings.read(config), tenantId ? { tenantId, accountId: tenantId } : {});
  },
  completeEnvironment: completeXeroEnvironment,
  pull(ctx, objectType, options) {
    if (!isXeroResource(objectType)) throw new Error(`Xero connector cannot pull "${objectType}"`);
    return pullResources(ctx, objectType, options);
  },
  fetchByIds,
  webhook: { verify: verifyXeroWebhook, parse: parseXeroWebhook },
  oauth: xeroOAuth,
  invoicePdf: xeroInvoicePdf,
  invoicePayUrl: xeroOnlineInvoiceUrl,
  billingRole: 'books',
  documents: xeroDocuments,
  requestBudgets: XERO_BUDGETS,
};

export default xero;
