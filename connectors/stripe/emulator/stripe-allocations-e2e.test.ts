import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../tests/support/create-test-app.js';
import { runPull } from '../../../src/sync/run-pull.js';
import { StripeEmulatorStore } from './stripe-emulator-store.js';
import { startStripeEmulator, type StripeEmulator } from './start-stripe-emulator.js';
import { stripeHubEnv } from './hub-env.js';
import type { StripeDemoSeed } from './seed-stripe-demo.js';
import { sqlValue } from '../../../tests/support/sql.js';

describe('Stripe invoice payments through the connector, against the emulator', () => {
  let emulator: StripeEmulator;
  let seed: StripeDemoSeed;
  let app: TestApp;
  beforeEach(async () => {
    const store = new StripeEmulatorStore();
    seed = store.seedDemo();
    emulator = await startStripeEmulator({ store });
    app = await createTestApp({ HUBSPOT_ACCESS_TOKEN: '', ...stripeHubEnv(emulator, 'whsec_allocations') });
  });
  afterEach(async () => {
    await app.dispose();
    await emulator.close();
  });
  const connectionId = async () => (await sqlValue<number>(app, `SELECT id FROM connections WHERE provider = 'stripe'`))!;
  const payment = async (id: string) => JSON.parse((await sqlValue<string>(app, `SELECT data FROM records WHERE kind = 'payment' AND external_id = ?`, id))!) as Record<string, unknown>;

  it('splits one PaymentIntent over the invoices it paid by each invoice payment\'s amount_paid', async () => {
    await runPull(app, await connectionId(), 'PaymentIntent', 'backfill');
    // The demo's shared card payment settled two invoices (9,600.00 and 2,400.00) at once.
    expect(await payment(seed.sharedPaymentIntentId)).toMatchObject({
      amountMinor: 1_200_000,
      allocations: expect.arrayContaining([
        { invoiceExternalId: seed.invoiceIds.paidA, amountMinor: 960_000 },
        { invoiceExternalId: seed.invoiceIds.paidB, amountMinor: 240_000 },
      ]),
    });
    expect(((await payment(seed.sharedPaymentIntentId)).allocations as unknown[]).length).toBe(2);
    expect([...((await payment(seed.sharedPaymentIntentId)).invoiceExternalIds as string[])].sort()).toEqual([seed.invoiceIds.paidA, seed.invoiceIds.paidB].sort());
    // A partial payment of one invoice: 600.00 of its 1,100.00.
    expect(await payment(seed.partialPaymentIntentId)).toMatchObject({ amountMinor: 60_000, allocations: [{ invoiceExternalId: seed.invoiceIds.partial, amountMinor: 60_000 }] });
  });
});
