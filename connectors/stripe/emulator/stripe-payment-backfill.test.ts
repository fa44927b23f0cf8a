import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../tests/support/create-test-app.js';
import { runPull } from '../../../src/sync/run-pull.js';
import { StripeEmulatorStore } from './stripe-emulator-store.js';
import { startStripeEmulator, type StripeEmulator } from './start-stripe-emulator.js';
import { stripeHubEnv } from './hub-env.js';
import { sqlAll, sqlValue } from '../../../tests/support/sql.js';

const HOUR = 3600_000;

/**
 * A PaymentIntent backfill learns each intent's invoices from one newest-first walk over the
 * account's invoice payments (100 a page), not from one invoice_payments request per intent.
 */
describe('Stripe PaymentIntent backfill: invoice payments walked, not asked for per intent', () => {
  let emulator: StripeEmulator | undefined;
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.dispose();
    await emulator?.close();
  });

  it('allocates 240 intents (some paying two invoices, one paid long after finalizing) with a handful of invoice_payments pages', async () => {
    const start = Date.now() - 400 * HOUR;
    const store = new StripeEmulatorStore({ now: () => start });
    const expected = new Map<string, string[]>();
    for (let c = 0; c < 120; c++) {
      const at = start + c * HOUR;
      const customer = store.createCustomer({ name: `Customer ${c}` }, at);
      const invoices = [0, 1, 2].map((n) => store.finalizeInvoice(String(store.createInvoice({ customerId: String(customer.id), lines: [{ description: `Work ${n}`, unitAmount: 1000 + n, quantity: 1 }], collectionMethod: 'send_invoice', daysUntilDue: 30 }, at).id), at));
      const both = store.payInvoices([String(invoices[0]!.id), String(invoices[1]!.id)], { at: at + 60_000 });
      expected.set(both.paymentIntent.id, [String(invoices[0]!.id), String(invoices[1]!.id)].sort());
      // Paid 50 hours after the others: its intent and invoice payment are newer than later customers' ones.
      const late = store.payInvoice(String(invoices[2]!.id), { at: at + 50 * HOUR });
      expected.set(late.paymentIntent.id, [String(invoices[2]!.id)]);
    }
    emulator = await startStripeEmulator({ store });
    app = await createTestApp({ HUBSPOT_ACCESS_TOKEN: '', ...stripeHubEnv(emulator, 'whsec_walk') });
    const connectionId = (await sqlValue<number>(app, `SELECT id FROM connections WHERE provider = 'stripe'`))!;

    await runPull(app, connectionId, 'PaymentIntent', 'backfill');

    const rows = await sqlAll<{ external_id: string; data: string }>(app, `SELECT external_id, data FROM records WHERE kind = 'payment'`);
    expect(rows).toHaveLength(240);
    for (const row of rows) expect([...(JSON.parse(row.data) as { invoiceExternalIds: string[] }).invoiceExternalIds].sort()).toEqual(expected.get(row.external_id));
    const walked = emulator.requests.filter((request) => request.path === '/invoice_payments');
    // 360 invoice payments: 4 pages of 100, each unfiltered; before, 240 requests (one per intent).
    expect(walked.length).toBe(4);
    expect(walked.every((request) => request.query.payment === undefined && request.query.invoice === undefined)).toBe(true);
  });
});
