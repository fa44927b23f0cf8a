import { defineSettings, setting } from '../../src/connector-kit/index.js';

/** Stripe's settings (README "Stripe", generated from this declaration). */
export const stripeSettings = defineSettings({
  provider: 'stripe',
  displayName: 'Stripe',
  variables: {
    secretKey: { env: 'STRIPE_SECRET_KEY', schema: setting.text(), secret: true, doc: 'secret (sk_) or restricted (rk_) key: a connection from the environment' },
    webhookSecret: { env: 'STRIPE_WEBHOOK_SECRET', schema: setting.text(), secret: true, doc: "whsec_… from the endpoint's page in Stripe (unset: the hub registers its own endpoint)" },
    accountId: { env: 'STRIPE_ACCOUNT_ID', schema: setting.text(), doc: 'Connect platforms: act on this connected account (Stripe-Account header)' },
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
