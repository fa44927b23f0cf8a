/** QuickBooks' InvoiceLink (the Pay source of a QuickBooks invoice) through node-quickbooks against the emulator. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../tests/support/create-test-app.js';
import { buildConnectorContext } from '../../../src/connections/build-connector-context.js';
import { findConnection } from '../../../src/store/connections/find-connection.js';
import { QuickBooksEmulatorStore } from './quickbooks-emulator-store.js';
import { startQuickBooksEmulator, type QuickBooksEmulator } from './start-quickbooks-emulator.js';
import type { QuickBooksDemoSeed } from './seed-quickbooks-demo.js';
import { sqlValue } from '../../../tests/support/sql.js';

describe('QuickBooks InvoiceLink', () => {
  let emulator: QuickBooksEmulator;
  let seed: QuickBooksDemoSeed;
  let app: TestApp;
  beforeEach(async () => {
    const store = new QuickBooksEmulatorStore();
    seed = store.seedDemo();
    emulator = await startQuickBooksEmulator({ store, oauth: { clientId: 'qbo-client', clientSecret: 'qbo-secret' } });
    app = await createTestApp({ HUBSPOT_ACCESS_TOKEN: '', QUICKBOOKS_BASE_URL: emulator.url, QUICKBOOKS_TOKEN_URL: emulator.tokenUrl, QUICKBOOKS_AUTHORIZE_URL: emulator.authorizeUrl, QUICKBOOKS_REALM_ID: store.realmId, QUICKBOOKS_ACCESS_TOKEN: 'env-access-token', QUICKBOOKS_REFRESH_TOKEN: 'env-refresh-token', QUICKBOOKS_CLIENT_ID: 'qbo-client', QUICKBOOKS_CLIENT_SECRET: 'qbo-secret' });
  });
  afterEach(async () => {
    await app.dispose();
    await emulator.close();
  });
  const ask = async (id: string) => {
    const connection = (await findConnection(app.store.db, (await sqlValue<number>(app, `SELECT id FROM connections WHERE provider = 'quickbooks'`))!))!;
    return app.connectors.get('quickbooks').invoicePayUrl!(await buildConnectorContext(app, connection), id);
  };

  it('reads the invoice with include=invoiceLink and returns its pay-online link', async () => {
    const id = seed.invoiceIds['1005']!;
    expect(await ask(id)).toBe(`${emulator.url}/app/invoice/pay/${emulator.store.realmId}/${id}`);
    const read = emulator.requests.find((r) => r.path.endsWith(`/invoice/${id}`));
    expect(read?.query).toMatchObject({ include: 'invoiceLink' });
  });

  it('is null where the company takes no QuickBooks Payments, and for a voided invoice', async () => {
    expect(await ask(seed.invoiceIds['1006']!)).toBeNull();
    emulator.store.paymentsEnabled = false;
    expect(await ask(seed.invoiceIds['1005']!)).toBeNull();
    await expect(ask('12; DROP')).rejects.toThrow(/Not a QuickBooks id/);
  });
});
