import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../tests/support/create-test-app.js';
import { runPull } from '../../../src/sync/run-pull.js';
import { getSyncRun } from '../../../src/sync/sync-run-repository.js';
import { startServer } from '../../../src/server/start-server.js';
import { QuickBooksEmulatorStore } from './quickbooks-emulator-store.js';
import { startQuickBooksEmulator, type QuickBooksEmulator } from './start-quickbooks-emulator.js';
import { cloudEventsFor, deliverQuickBooksWebhook } from './deliver-webhook.js';
import type { QuickBooksDemoSeed } from './seed-quickbooks-demo.js';
import { sqlAll, sqlGet, sqlRun, sqlValue } from '../../../tests/support/sql.js';

const VERIFIER = 'qbo-demo-verifier-token';

describe('the QuickBooks connector against the emulator', () => {
  let emulator: QuickBooksEmulator;
  let seed: QuickBooksDemoSeed;
  let app: TestApp;
  beforeEach(async () => {
    const store = new QuickBooksEmulatorStore();
    seed = store.seedDemo();
    emulator = await startQuickBooksEmulator({ store, oauth: { clientId: 'qbo-client', clientSecret: 'qbo-secret' } });
    app = await createTestApp({
      HUBSPOT_ACCESS_TOKEN: '',
      QUICKBOOKS_BASE_URL: emulator.url,
      QUICKBOOKS_TOKEN_URL: emulator.tokenUrl,
      QUICKBOOKS_AUTHORIZE_URL: emulator.authorizeUrl,
      QUICKBOOKS_REALM_ID: store.realmId,
      QUICKBOOKS_ACCESS_TOKEN: 'env-access-token',
      QUICKBOOKS_REFRESH_TOKEN: 'env-refresh-token',
      QUICKBOOKS_CLIENT_ID: 'qbo-client',
      QUICKBOOKS_CLIENT_SECRET: 'qbo-secret',
      QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN: VERIFIER,
    });
  });
  afterEach(async () => {
    await app.dispose();
    await emulator.close();
  });
  const connectionId = async () => (await sqlValue<number>(app, `SELECT id FROM connections WHERE provider = 'quickbooks'`))!;
  const invoiceData = async (id: string) => JSON.parse((await sqlValue<string>(app, `SELECT data FROM records WHERE kind = 'invoice' AND external_id = ?`, id))!) as Record<string, unknown>;
  /** Sets `since` in these streams' stored cursors, leaving the rest of each cursor as it is. */
  const setCursorSince = async (objectTypes: string[], since: number) => {
    for (const row of await sqlAll<{ object_type: string; cursor: string | null }>(app, `SELECT object_type, cursor FROM sync_cursors WHERE object_type IN (${objectTypes.map(() => '?').join(', ')})`, ...objectTypes)) {
      if (row.cursor === null) continue;
      await sqlRun(app, `UPDATE sync_cursors SET cursor = ? WHERE object_type = ?`, JSON.stringify({ ...(JSON.parse(row.cursor) as Record<string, unknown>), since }), row.object_type);
    }
  };

  it('backfills, refreshes an expired token once, pulls changes with CDC deletions, and applies a signed CloudEvents webhook', async () => {
    for (const type of ['Customer', 'Invoice', 'Payment']) await runPull(app, await connectionId(), type, 'backfill');
    expect(await sqlAll(app, `SELECT kind, COUNT(*) AS n FROM records WHERE deleted = 0 GROUP BY kind ORDER BY kind`)).toEqual([
      { kind: 'company', n: 3 },
      { kind: 'invoice', n: 9 },
      { kind: 'payment', n: 4 },
    ]);
    expect(await invoiceData(seed.invoiceIds['1004']!)).toMatchObject({ status: 'partially_paid', totalMinor: 119_625, amountDueMinor: 59_625, taxMinor: 9_625, currency: 'USD' });
    expect(await invoiceData(seed.invoiceIds['1006']!)).toMatchObject({ status: 'void', totalMinor: 0 });
    expect(await invoiceData(seed.invoiceIds['1005']!)).toMatchObject({ status: 'overdue' });

    // The access token runs out: one refresh through the emulator's token endpoint, and the rotated refresh token is kept.
    emulator.tokens.expire('env-access-token');
    const store = emulator.store;
    const paid = store.payInvoice(seed.invoiceIds['1005']!, { method: 'ACH' });
    store.deleteInvoice(seed.invoiceIds['1007']!);
    await setCursorSince(['Invoice', 'Payment'], Date.now() - 3_600_000);
    const run = await runPull(app, await connectionId(), 'Invoice', 'incremental');
    expect(emulator.tokens.grants).toEqual([{ grantType: 'refresh_token', at: expect.any(Number) }]);
    expect(await getSyncRun(app.store.db, run.runId!)).toMatchObject({ status: 'succeeded', deleted: 1 });
    expect(await invoiceData(seed.invoiceIds['1005']!)).toMatchObject({ status: 'paid', amountDueMinor: 0 });
    expect(await sqlGet(app, `SELECT deleted FROM records WHERE kind = 'invoice' AND external_id = ?`, seed.invoiceIds['1007'])).toEqual({ deleted: 1 });
    // The incremental pass is one CDC call for invoices (sent twice: first with the expired token, refused).
    const cdcCalls = emulator.requests.filter((request) => request.path.endsWith('/cdc'));
    expect(cdcCalls.map((request) => request.query.entities)).toEqual(['Invoice', 'Invoice']);
    expect(cdcCalls.map((request) => request.authorization === 'Bearer env-access-token')).toEqual([true, false]);
    expect(emulator.requests.filter((request) => request.path.endsWith('/query') && request.at >= cdcCalls[0]!.at)).toEqual([]);

    // A payment arrives by webhook: the hub verifies intuit-signature, then fetches the payment.
    const server = await startServer(app, { port: 0, host: '127.0.0.1', scheduler: false });
    try {
      const events = cloudEventsFor(store, store.changes.filter((change) => change.entity === 'Payment' && change.id === paid.Id));
      const answer = await deliverQuickBooksWebhook({ postTo: `${server.url}/webhooks/quickbooks`, verifierToken: VERIFIER, payload: events });
      expect(answer.status).toBe(200);
      const forged = await deliverQuickBooksWebhook({ postTo: `${server.url}/webhooks/quickbooks`, verifierToken: 'not-the-token', payload: events });
      expect(forged.status).toBe(401);
      await app.jobs.drain();
    } finally {
      await server.close();
    }
    const payment = JSON.parse((await sqlValue<string>(app, `SELECT data FROM records WHERE kind = 'payment' AND external_id = ?`, paid.Id))!) as Record<string, unknown>;
    expect(payment).toMatchObject({ amountMinor: 450_000, method: 'ACH', invoiceExternalIds: [seed.invoiceIds['1005']] });
  });

  it('sees a customer made inactive (QuickBooks never deletes one) and stores it as deleted', async () => {
    await runPull(app, await connectionId(), 'Customer', 'backfill');
    const customer = (await sqlGet<{ external_id: string }>(app, `SELECT external_id FROM records WHERE kind = 'company' ORDER BY external_id LIMIT 1`))!;
    emulator.store.deleteCustomer(customer.external_id);
    await setCursorSince(['Customer'], Date.now() - 3_600_000);
    await runPull(app, await connectionId(), 'Customer', 'incremental');
    expect(await sqlGet(app, `SELECT deleted FROM records WHERE kind = 'company' AND external_id = ?`, customer.external_id)).toEqual({ deleted: 1 });
    const customerQueries = emulator.requests.filter((request) => request.path.endsWith('/query') && /from customer/i.test(String(request.query.query)));
    expect(customerQueries.every((request) => /Active IN \(true,false\)/.test(String(request.query.query)))).toBe(true);
  });
});
