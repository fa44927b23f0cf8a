/**
 * Stripe: customers (billing identities), invoices and PaymentIntents (payments, with their
 * refunds and the invoices they paid), via the official `stripe` SDK (API 2026-10-28.endive).
 * Pull: a full listing (starting_after paging) first, then the events API from the cursor, back to
 * a full listing when the cursor is older than Stripe keeps events (30 days).
 * Push: webhooks verified with Stripe-Signature; events are treated as thin and re-fetched. The hub
 * creates its own webhook endpoint through the API unless STRIPE_WEBHOOK_SECRET says one is set up by hand.
 * Auth: a secret (sk_) or restricted (rk_) key; Connect's Stripe-Account; STRIPE_BASE_URL configurable.
 */
import { type Connector, envConnection } from '../../src/connector-kit/index.js';
import { customerMapping } from '../../mappings/stripe/customer.js';
import { invoiceMapping } from '../../mappings/stripe/invoice.js';
import { paymentIntentMapping } from '../../mappings/stripe/payment-intent.js';
import { isStripeObjectType } from './object-types.js';
import { pullObjects } from './pull-objects.js';
import { fetchByIds } from './fetch-by-ids.js';
import { verifyStripeWebhook } from './verify-webhook.js';
import { parseStripeWebhook } from './parse-webhook.js';
import { ensureStripeWebhookEndpoint } from './ensure-webhook-endpoint.js';
import { downloadInvoicePdf } from './download-invoice-pdf.js';
import { stripeSettings } from './settings.js';

const stripe: Connector = {
  provider: 'stripe',
  displayName: 'Stripe',
  settings: stripeSettings,
  environment: { token: 'STRIPE_SECRET_KEY', baseUrl: 'STRIPE_BASE_URL' },
  tokenConnect: { field: 'Secret or restricted key', pattern: /^(sk|rk)_(live|test)_[A-Za-z0-9]{8,}$/, hint: 'Starts with rk_live_, rk_test_, sk_live_ or sk_test_. A restricted key with read access to customers, invoices and payment intents is enough.' },
  webhookSecret: { configured: (config) => Boolean(stripeSettings.read(config).webhookSecret), source: 'STRIPE_WEBHOOK_SECRET (whsec_… from the endpoint’s page in Stripe)' },
  identityDefaults: { explicitIdFields: { Customer: 'metadata.crm_company_id' } },
  pacingAccount: (connection) => (typeof connection.settings.accountId === 'string' && connection.settings.accountId ? connection.settings.accountId : `connection-${connection.id}`),
  objectTypes: [
    { objectType: 'Customer', kind: 'company', order: 1 },
    { objectType: 'Invoice', kind: 'invoice', order: 2 },
    { objectType: 'PaymentIntent', kind: 'payment', order: 3 },
  ],
  objectTypeForKind: { company: 'Customer', invoice: 'Invoice', payment: 'PaymentIntent' },
  mappings: [customerMapping, invoiceMapping, paymentIntentMapping],
  fromEnvironment(config) {
    const { secretKey, accountId } = stripeSettings.read(config);
    if (!secretKey) return null;
    if (!/^(sk|rk)_(live|test)_/.test(secretKey)) throw new Error('STRIPE_SECRET_KEY must be a secret key (sk_live_/sk_test_) or a restricted key (rk_live_/rk_test_)');
    // accountId routes Connect webhooks (their `account`) to this connection; stripeAccount is sent as Stripe-Account.
    const settings = accountId ? { stripeAccount: accountId, accountId } : {};
    return envConnection({ accessToken: secretKey, refreshToken: undefined, clientId: undefined, clientSecret: undefined }, settings);
  },
  pull(ctx, objectType, options) {
    if (!isStripeObjectType(objectType)) throw new Error(`Stripe connector cannot pull "${objectType}"`);
    return pullObjects(ctx, objectType, options);
  },
  fetchByIds,
  webhook: { verify: verifyStripeWebhook, parse: parseStripeWebhook },
  maintainWebhooks: ensureStripeWebhookEndpoint,
  invoicePdf: downloadInvoicePdf,
  billingRole: 'payments',
};

export default stripe;
