/** Stripe in the demo: an account with the demo clients' customers, invoices (with hosted pages and PDFs), payments and refunds. */
import type { DemoEmulator } from '../../../src/connector-kit/demo-emulator.js';
import { StripeEmulatorStore } from './stripe-emulator-store.js';
import { startStripeEmulator } from './start-stripe-emulator.js';
import { seedStripeDemo } from './seed-stripe-demo.js';
import { stripeHubEnv } from './hub-env.js';

const stripeDemo: DemoEmulator = {
  provider: 'stripe',
  role: 'source',
  async start(options) {
    const store = new StripeEmulatorStore();
    seedStripeDemo(store);
    const emulator = await startStripeEmulator({ store, port: options.port, rateLimitEvery: options.rateLimitEvery });
    // The emulator has no webhook-endpoint API: the demo's endpoint counts as one set up by hand (STRIPE_WEBHOOK_SECRET).
    const { STRIPE_SECRET_KEY, ...endpoints } = stripeHubEnv(emulator, 'whsec_demo');
    return {
      url: emulator.url,
      describe: `Stripe emulator at ${emulator.url}`,
      env: { ...endpoints, STRIPE_SECRET_KEY },
      // Stripe has no OAuth here: staff paste a key in the console, and the emulator accepts any test key.
      oauthEnv: endpoints,
      consoleHint: 'paste any sk_test_ key, e.g. sk_test_Demo12345',
      close: () => emulator.close(),
    };
  },
};

export default stripeDemo;
