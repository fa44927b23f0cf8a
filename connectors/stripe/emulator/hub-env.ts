import type { StripeEmulator } from './start-stripe-emulator.js';

/** The environment that points the hub at this emulator's account. */
export function stripeHubEnv(emulator: StripeEmulator, webhookSecret: string) {
  return {
    STRIPE_BASE_URL: emulator.url,
    STRIPE_SECRET_KEY: 'sk_test_demoEmulatorKey',
    STRIPE_WEBHOOK_SECRET: webhookSecret,
  };
}
