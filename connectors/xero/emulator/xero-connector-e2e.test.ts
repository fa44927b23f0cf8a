import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../tests/support/create-test-app.js';
import { runPull } from '../../../src/sync/run-pull.js';
import { startServer } from '../../../src/server/start-server.js';
import { readCredentials } from '../../../src/connections/connection-repository.js';
import { XeroEmulatorStore } from './xero-emulator-store.js';
import { startXeroEmulator, type XeroEmulator } from './start-xero-emulator.js';
import { checkIntentToReceive, deliverXeroWebhook, webhookPayloadFor } from './deliver-webhook.js';
import type { XeroDemoSeed } from './seed-xero-demo.js';
import { sqlAll, sqlGet, sqlValue } from '../../../tests/support/sql.js';

const WEBHOOK_KEY = 'xero-demo-webhook-key';

describe('the Xero connector against the emulator', () => {
  let emulator: XeroEmulator;
  let seed: XeroDemoSeed;
  let app: TestApp;
  beforeEach(async () => {
    const store = new XeroEmulatorStore();
    seed = store.seedDemo();
    emulator = await startXeroEmulator({ store, oauth: { clientId: 'xero-client', clientSecret: 'xero-secret' } });
    app = await createTestApp({
      HUBSPOT_ACCESS_TOKEN: '',
      XERO_BASE_URL: emulator.url,
      XERO_IDENTITY_URL: emulator.url,
      XERO_TENANT_ID: store.tenantId,
      XERO_ACCESS_TOKEN: 'env-access',
      XERO_REFRESH_TOKEN: 'env-refresh',
      XERO_CLIENT_ID: 'xero-client',
      XERO_CLIENT_SECRET: 'xero-secret',
      XERO_WEBHOOK_KEY: WEBHOOK_KEY,
    });
  });
  afterEach(async () => {
    await app.dispose();
    await emulator.close();
  });
  const connectionId = async () => (await sqlValue<number>(app, `SELECT id FROM connections WHERE provider = 'xero'`))!;
  const record = async (id: string) => JSON.parse((await sqlValue<string>(app, `SELECT data FROM records WHERE external_id = ?`, id))!) as Record<string, unknown>;

  it('backfills sales invoices only, refreshes a rotated token, polls payments, and passes intent-to-receive before taking invoice events', async () => {
    for (const type of ['Contact', 'Invoice', 'Payment']) await runPull(app, await connectionId(), type, 'backfill');
    // The connector asks for archived contacts too, so that it sees them go: 3 clients stay live, the
    // 2 pure suppliers and the archived contact are stored as deleted (never shown). Bills (ACCPAY)
    // never reach the cache; a deleted draft is a tombstone.
    expect(await sqlAll(app, `SELECT kind, deleted, COUNT(*) AS n FROM records GROUP BY kind, deleted ORDER BY kind, deleted`)).toEqual([
      { kind: 'company', deleted: 0, n: 3 },
      { kind: 'company', deleted: 1, n: 3 },
      { kind: 'invoice', deleted: 0, n: 9 },
      { kind: 'invoice', deleted: 1, n: 1 },
      { kind: 'payment', deleted: 0, n: 5 },
    ]);
    expect(await record(seed.invoiceIds['INV-0004']!)).toMatchObject({ status: 'partially_paid', totalMinor: 119_625, amountDueMinor: 59_625, lines: [{ description: 'Hosting setup' }, { description: 'SSL certificate (1 year)' }] });
    expect(await sqlGet(app, `SELECT COUNT(*) AS n FROM records WHERE external_id = ?`, seed.invoiceIds['BILL-1'])).toEqual({ n: 0 });
    const invoiceCalls = emulator.requests.filter((request) => request.path === '/api.xro/2.0/Invoices');
    expect(invoiceCalls[0]!.query).toMatchObject({ where: 'Type=="ACCREC"', order: 'UpdatedDateUTC ASC', page: '1' });

    // The access token expires: one refresh against the emulator's identity server; the rotated refresh token is stored.
    emulator.tokens.expire('env-access');
    const paid = emulator.store.payInvoice(seed.invoiceIds['INV-0005']!, { reference: 'Wire 0042' });
    await runPull(app, await connectionId(), 'Payment', 'incremental');
    expect(emulator.tokens.grants.map((grant) => grant.grantType)).toEqual(['refresh_token']);
    expect(await readCredentials(app.store.db, app.keyring, await connectionId())).toMatchObject({ refreshToken: expect.not.stringMatching(/^env-refresh$/) });
    expect(await record(paid.PaymentID as string)).toMatchObject({ amountMinor: 450_000, invoiceExternalIds: [seed.invoiceIds['INV-0005']] });
    expect(emulator.requests.filter((request) => request.path === '/api.xro/2.0/Payments').at(-1)!.headers['if-modified-since']).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    const server = await startServer(app, { port: 0, host: '127.0.0.1', scheduler: false });
    try {
      expect(await checkIntentToReceive({ postTo: `${server.url}/webhooks/xero`, webhookKey: WEBHOOK_KEY })).toEqual({ ok: true, validStatus: 200, invalidStatus: 401 });
      const changes = emulator.store.changes.filter((change) => change.category === 'INVOICE' && change.id === seed.invoiceIds['INV-0005']);
      const delivered = await deliverXeroWebhook({ postTo: `${server.url}/webhooks/xero`, webhookKey: WEBHOOK_KEY, payload: webhookPayloadFor(emulator.store, changes.slice(-1)) });
      expect(delivered.status).toBe(200);
      await app.jobs.drain();
    } finally {
      await server.close();
    }
    expect(await record(seed.invoiceIds['INV-0005']!)).toMatchObject({ status: 'paid', amountDueMinor: 0 });
  });

  it('keeps how much a credit note set against each of two invoices, and each batch payment\'s amount for its invoice', async () => {
    const store = emulator.store;
    const northwind = seed.contactIds['Northwind Traders']!;
    const note = store.createCreditNote({ contactId: northwind, number: 'CN-0002', date: '2026-11-20', lines: [{ description: 'Migration overrun refunded', unitAmount: 500 }] }).CreditNoteID as string;
    store.allocateCreditNote(note, seed.invoiceIds['INV-0003']!, 300);
    store.allocateCreditNote(note, seed.invoiceIds['INV-0004']!, 200);
    for (const type of ['Contact', 'Invoice', 'Payment', 'CreditNote']) await runPull(app, await connectionId(), type, 'backfill');
    expect(await record(note)).toMatchObject({
      number: 'CN-0002',
      status: 'applied',
      totalMinor: 50_000,
      remainingMinor: 0,
      invoiceExternalIds: [seed.invoiceIds['INV-0003'], seed.invoiceIds['INV-0004']],
      allocations: [
        { invoiceExternalId: seed.invoiceIds['INV-0003'], amountMinor: 30_000 },
        { invoiceExternalId: seed.invoiceIds['INV-0004'], amountMinor: 20_000 },
      ],
    });
    expect(await record(seed.invoiceIds['INV-0004']!)).toMatchObject({ amountDueMinor: 39_625 });
    // The batch payment of INV-0001 and INV-0002 arrives as one payment per invoice, each all for its own.
    const [first, second] = seed.batchPaymentIds;
    expect(await record(first!)).toMatchObject({ amountMinor: 960_000, allocations: [{ invoiceExternalId: seed.invoiceIds['INV-0001'], amountMinor: 960_000 }] });
    expect(await record(second!)).toMatchObject({ amountMinor: 240_000, allocations: [{ invoiceExternalId: seed.invoiceIds['INV-0002'], amountMinor: 240_000 }] });
  });
});
