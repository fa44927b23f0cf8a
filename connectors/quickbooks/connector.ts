/**
 * QuickBooks Online: customers (billing identities), invoices (status worked out from the
 * amounts), payments (with the invoices they settle) and credit memos, via node-quickbooks;
 * the home currency from Preferences; invoice PDFs on demand.
 * Pull: queries ordered by Metadata.LastUpdatedTime with STARTPOSITION/MAXRESULTS paging.
 * Push: Intuit webhooks (intuit-signature over the raw body; CloudEvents or the older format), thin → fetch.
 * Auth: OAuth 2 (realm chosen by the company that connected), refresh through the SDK; QUICKBOOKS_BASE_URL configurable.
 */
import { quickBooksInvoiceLink } from './invoice-link.js';
import { type Connector, envConnection } from '../../src/connector-kit/index.js';
import { customerMapping } from '../../mappings/quickbooks/customer.js';
import { invoiceMapping } from '../../mappings/quickbooks/invoice.js';
import { paymentMapping } from '../../mappings/quickbooks/payment.js';
import { creditMemoMapping } from '../../mappings/quickbooks/credit-memo.js';
import { loadPreferences } from './load-preferences.js';
import { quickBooksInvoicePdf } from './invoice-pdf.js';
import { quickBooksDocuments } from './invoice-attachments.js';
import { QUICKBOOKS_BUDGETS } from './call-quickbooks.js';
import { pullEntities } from './pull-entities.js';
import { fetchByIds } from './fetch-by-ids.js';
import { verifyQuickBooksWebhook } from './verify-webhook.js';
import { parseQuickBooksWebhook } from './parse-webhook.js';
import { quickBooksOAuth } from './oauth.js';
import { isQuickBooksEntityType } from './entity-types.js';
import { quickbooksSettings } from './settings.js';

const quickbooks: Connector = {
  provider: 'quickbooks',
  displayName: 'QuickBooks Online',
  settings: quickbooksSettings,
  environment: { token: 'QUICKBOOKS_ACCESS_TOKEN', refresh: 'QUICKBOOKS_REFRESH_TOKEN', baseUrl: 'QUICKBOOKS_BASE_URL' },
  webhookSecret: { configured: (config) => Boolean(quickbooksSettings.read(config).webhookVerifierToken), source: 'QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN' },
  identityDefaults: { explicitIdFields: { Customer: 'CustomField[Name=CRM Company Id].StringValue' } },
  pacingAccount: (connection) => String(connection.settings.realmId ?? ''),
  objectTypes: [
    { objectType: 'Customer', kind: 'company', order: 1 },
    { objectType: 'Invoice', kind: 'invoice', order: 2 },
    { objectType: 'Payment', kind: 'payment', order: 3 },
    { objectType: 'CreditMemo', kind: 'credit_note', order: 4 },
  ],
  objectTypeForKind: { company: 'Customer', invoice: 'Invoice', payment: 'Payment', credit_note: 'CreditMemo' },
  mappings: [customerMapping, invoiceMapping, paymentMapping, creditMemoMapping],
  refreshMetadata: loadPreferences,
  fromEnvironment(config) {
    const { realmId } = quickbooksSettings.read(config);
    return realmId ? envConnection(quickbooksSettings.read(config), { realmId, accountId: realmId }) : null;
  },
  pull(ctx, objectType, options) {
    if (!isQuickBooksEntityType(objectType)) throw new Error(`QuickBooks connector cannot pull "${objectType}"`);
    return pullEntities(ctx, objectType, options);
  },
  fetchByIds,
  webhook: { verify: verifyQuickBooksWebhook, parse: parseQuickBooksWebhook },
  oauth: quickBooksOAuth,
  invoicePdf: quickBooksInvoicePdf,
  documents: quickBooksDocuments,
  invoicePayUrl: quickBooksInvoiceLink,
  billingRole: 'books',
  requestBudgets: QUICKBOOKS_BUDGETS,
};

export default quickbooks;
