/** Xero's online invoice (the Pay source of a Xero invoice) through xero-node against the emulator. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../tests/support/create-test-app.js';
import { buildConnectorContext } from '../../../src/connections/build-connector-context.js';
import { findConnection } from '../../../src/store/connections/find-connection.js';
import { XeroEmulatorStore } from './xero-emulator-store.js';
import { startXeroEmulator, type XeroEmulator } from './start-xero-emulator.js';
import type { XeroDemoSeed } from './seed-xero-demo.js';
import { sqlValue } from '../../../tests/support/sql.js';

describe('Xero online invoices', () => {
  let emulator: XeroEmulator;
  let seed: XeroDemoSeed;
  let app: TestApp;
  beforeEach(async () => {
    const store = new XeroEmulatorStore();
    seed = store.seedDemo();
    emulator = await startXeroEmulator({ store, oauth: { clientId: 'xero-client', clientSecret: 'xero-secret' } });
    app = await createTestApp({ HUBSPOT_ACCESS_TOKEN: '', XERO_BASE_URL: emulator.url, XERO_IDENTITY_URL: emulator.url, XERO_TENANT_ID: store.tenantId, XERO_ACCESS_TOKEN: 'env-access', XERO_REFRESH_TOKEN: 'env-refresh', XERO_CLIENT_ID: 'xero-client', XERO_CLIENT_SECRET: 'xero-secret' });
  });
  afterEach(async () => {
    await app.dispose();
    await emulator.close();
  });
  const ask = async (invoiceId: string) => {
    const connection = (await findConnection(app.store.db, (await sqlValue<number>(app, `SELECT id FROM connections WHERE provider = 'xero'`))!))!;
    return app.connectors.get('xero').invoicePayUrl!(await buildConnectorContext(app, connection), invoiceId);
  };

  it('asks GET /Invoices/{id}/OnlineInvoice and returns the page a customer opens', async () => {
    const url = await ask(seed.invoiceIds['INV-0003']!);
    expect(url).toMatch(new RegExp(`^${emulator.url}/in/[A-Za-z0-9_-]+$`));
    expect(emulator.requests.some((r) => r.path === `/api.xro/2.0/Invoices/${seed.invoiceIds['INV-0003']}/OnlineInvoice`)).toBe(true);
    const page = await fetch(url!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('invoice INV-0003');
  });

  it('is refused by Xero for a voided or draft invoice, with Xero’s own words', async () => {
    await expect(ask(seed.invoiceIds['INV-0006']!)).rejects.toThrow(/Online invoices are not available/);
    await expect(ask(seed.invoiceIds['INV-0007']!)).rejects.toThrow(/Online invoices are not available/);
    await expect(ask('not-an-id')).rejects.toThrow(/Not a Xero id/);
  });
});
