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
    const seed = seedStripeDemo(store);
    // Northwind's milestone invoice is also kept in the books: the business names the books' copy
    // (Xero's INV-0003 in the Xero demo) in the Stripe invoice's metadata, so the portal shows the
    // bill once, "in Xero, Stripe and QuickBooks" (the QuickBooks copy matches by amount and dates).
    // Stripe ids are random per run, so the citation goes from Stripe to the books' fixed number.
    store.require(seed.invoiceIds.open!).metadata = { books_invoice_number: 'INV-0003' };
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
