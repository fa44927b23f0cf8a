import { defineSettings, setting } from '../../src/connector-kit/index.js';

/** Stripe's settings (README "Stripe", generated from this declaration). */
export const stripeSettings = defineSettings({
  provider: 'stripe',
  displayName: 'Stripe',
  variables: {
    secretKey: { env: 'STRIPE_SECRET_KEY', schema: setting.text(), secret: true, doc: 'secret (sk_live_…/sk_test_…) or restricted (rk_…) key with read access to Customers, Invoices, PaymentIntents, Charges, Refunds, Invoice payments and Events: a connection from the environment (pk_ keys are refused)' },
    webhookSecret: { env: 'STRIPE_WEBHOOK_SECRET', schema: setting.text(), secret: true, doc: "whsec_… of an endpoint you set up by hand at https://…/webhooks/stripe. Unset, the hub creates its own endpoint through the API (once per poll interval it re-enables it if Stripe disabled it, replaces it if deleted) and keeps the secret Stripe returns, sealed" },
    accountId: { env: 'STRIPE_ACCOUNT_ID', schema: setting.text(), doc: 'Stripe Connect: act on this connected account (Stripe-Account header); its webhooks are routed here' },
    baseUrl: { env: 'STRIPE_BASE_URL', schema: setting.url('https://api.stripe.com'), doc: 'API base URL' },
    webhookToleranceSeconds: { env: 'STRIPE_WEBHOOK_TOLERANCE_SECONDS', schema: setting.whole(300), doc: 'seconds a Stripe-Signature timestamp may be old' },
  },
  derive: ({ baseUrl, ...values }) => {
    const url = new URL(baseUrl);
    const protocol: 'http' | 'https' = url.protocol === 'http:' ? 'http' : 'https';
    return { ...values, protocol, host: url.hostname, port: url.port ? Number(url.port) : protocol === 'http' ? 80 : 443 };
  },
});

export type StripeSettings = ReturnType<typeof stripeSettings.read>;
