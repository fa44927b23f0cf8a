/**
 * One QuickBooks payment of $1,730.00 settling three invoices partly ($1,000.00, $480.00, $250.00),
 * synced through the real connector from the emulator, and read back through the portal over HTTP:
 * each invoice page shows its own share and balance, never the payment's total; the payments page
 * shows the split. Then an existing deployment's records, stored before payments had allocations,
 * are re-mapped from their stored payloads when the process starts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import express from 'express';
import { createTestApp, type TestApp } from './support/create-test-app.js';
import { serveHttp, type ServedHttp } from './support/portal-http-client.js';
import { seedPortalClient } from './support/seed-portal.js';
import { signedInClient } from './support/seed-portal-records.js';
import { sqlAll, sqlGet, sqlRun, sqlValue } from './support/sql.js';
import { runPull } from '../src/sync/run-pull.js';
import { createPortalRouter } from '../portal-ui/create-portal-router.js';
import { linkRecordManually } from '../src/identity/link-record-manually.js';
import { listConnections } from '../src/store/connections/list-connections.js';
import { buildConnectorContext } from '../src/connections/build-connector-context.js';
import { contentHash } from '../src/records/content-hash.js';
import { reconcileCacheAtStart } from '../src/records/reconcile-cache-at-start.js';
import { QuickBooksEmulatorStore } from '../connectors/quickbooks/emulator/quickbooks-emulator-store.js';
import { startQuickBooksEmulator, type QuickBooksEmulator } from '../connectors/quickbooks/emulator/start-quickbooks-emulator.js';

describe('a QuickBooks payment settling three invoices partly, through the portal', () => {
  let emulator: QuickBooksEmulator;
  let app: TestApp;
  let served: ServedHttp;
  let userId: number;
  const invoiceRecord: Record<string, number> = {};
  let paymentId: string;

  beforeAll(async () => {
    const store = new QuickBooksEmulatorStore();
    const customer = store.createCustomer({ displayName: 'Northwind Traders', companyName: 'Northwind Traders', email: 'ap@northwind.example' });
    const invoice = (docNumber: string, unitPrice: number) => store.createInvoice({ customerId: customer.Id, docNumber, lines: [{ description: `Work ${docNumber}`, unitPrice }] }).Id;
    const ids = { A: invoice('2001', 1500), B: invoice('2002', 800), C: invoice('2003', 600), D: invoice('2004', 400) };
    paymentId = store.payInvoice([{ invoiceId: ids.A, amount: 1000 }, { invoiceId: ids.B, amount: 480 }, { invoiceId: ids.C, amount: 250 }], { method: 'Check' }).Id;
    // The fourth invoice is settled in part by a credit memo, which QuickBooks applies through a zero payment.
    const memo = store.createCreditMemo({ customerId: customer.Id, docNumber: 'CM-77', lines: [{ description: 'Goodwill', unitPrice: 100 }] });
    store.applyCreditMemo(memo.Id, ids.D);
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
    });
    const connectionId = (await sqlValue<number>(app, `SELECT id FROM connections WHERE provider = 'quickbooks'`))!;
    for (const type of ['Customer', 'Invoice', 'Payment', 'CreditMemo']) await runPull(app, connectionId, type, 'backfill');
    const client = await seedPortalClient(app, { name: 'Northwind Traders', user: { email: 'nancy@northwind.example', name: 'Nancy Davolio', status: 'active', role: 'client_admin' } });
    userId = client.userId;
    // Staff link the QuickBooks customer to the client; its invoices and the payment follow.
    const company = (await sqlGet<{ id: number }>(app, `SELECT id FROM records WHERE kind = 'company' AND connection_id = ? AND external_id = ?`, connectionId, customer.Id))!;
    await linkRecordManually(app.store, { workspaceId: app.workspaceId, recordId: company.id, clientId: client.clientId, actor: { type: 'staff', id: 'test' }, rules: app.config.identity });
    for (const [key, externalId] of Object.entries(ids)) {
      invoiceRecord[key] = (await sqlGet<{ id: number }>(app, `SELECT id FROM records WHERE kind = 'invoice' AND connection_id = ? AND external_id = ? AND client_id = ?`, connectionId, externalId, client.clientId))!.id;
    }
    const http = express();
    http.use(createPortalRouter(app));
    served = await serveHttp(http);
  });
  afterAll(async () => {
    await served?.close();
    await app?.dispose();
    await emulator?.close();
  });

  const browser = async () => (await signedInClient(app, served.baseUrl, userId, Date.now())).client;
  /** The text of one <section> of a page, tags removed, spaces collapsed. */
  const section = (page: string, heading: string) => {
    const start = page.indexOf(`>${heading}</h2>`);
    expect(start, `no "${heading}" on the page`).toBeGreaterThan(-1);
    return page.slice(start + 1, page.indexOf('</section>', start)).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
  };

  it('shows each invoice its own share and balance', async () => {
    const client = await browser();
    const expected = [
      { key: 'A', applied: '$1,000.00', due: '$500.00', total: '$1,500.00' },
      { key: 'B', applied: '$480.00', due: '$320.00', total: '$800.00' },
      { key: 'C', applied: '$250.00', due: '$350.00', total: '$600.00' },
    ];
    for (const { key, applied, due, total } of expected) {
      const res = await client.get(`/invoices/${invoiceRecord[key]}`);
      expect(res.status).toBe(200);
      const payments = section(res.text, 'Payments applied');
      expect(payments).toMatch(new RegExp(`^Payments applied ${applied.replace(/[$.]/g, '\\$&')} \\(of a payment of \\$1,730\\.00\\) on .+ by Check$`));
      expect(section(res.text, 'Summary')).toContain(`Total ${total} Amount due ${due}`);
      expect(res.text).toContain('Partly paid');
    }
    // The list: each invoice's balance, and none of them owes or shows the payment's total.
    const list = (await client.get('/invoices')).text;
    for (const { due } of expected) expect(list).toContain(`<td class="num" data-label="Amount due">${due}</td>`);
    expect(list).not.toContain('$1,730.00');
  });

  it('shows a credit memo applied through a zero payment as credit, not as a payment', async () => {
    const client = await browser();
    const page = (await client.get(`/invoices/${invoiceRecord.D}`)).text;
    expect(section(page, 'Payments applied')).toBe('Payments applied No payment has been applied to this invoice yet. Once you pay, it shows here after our accounting system records it. Credits applied $100.00 from credit note CM-77');
    expect(section(page, 'Summary')).toContain('Total $400.00 Amount due $300.00');
    expect((await client.get('/payments')).text).not.toContain('$0.00');
  });

  it('tells the payment in the activity with each invoice\'s share, and the credit memo as credit', async () => {
    const page = (await (await browser()).get('/activity')).text;
    const sentences = [...page.matchAll(/<li class="timeline-item">[\s\S]*?<p>(?:<a href="[^"]*">)?([^<]+)/g)].map((m) => m[1]);
    expect(sentences).toContain('Payment of $1,730.00 received for Invoice 2001 ($1,000.00), Invoice 2002 ($480.00) and Invoice 2003 ($250.00)');
    expect(sentences).toContain('Credit of $100.00 applied to Invoice 2004');
  });

  it('shows the payment once, with how it was split, on the payments page', async () => {
    const page = (await (await browser()).get('/payments')).text;
    const row = page.slice(page.indexOf('<tbody>'), page.indexOf('</tbody>')).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
    expect(row).toMatch(/^\S+ \S+ \S+ \$1,730\.00 — Check 2001 \(\$1,000\.00\), 2002 \(\$480\.00\), 2003 \(\$250\.00\)$/);
  });

  it('re-maps payments stored before allocations at start, from their stored payloads', async () => {
    const connection = (await listConnections(app.store.db)).find((c) => c.provider === 'quickbooks')!;
    // An existing deployment: the payment as the previous mapping stored it, under the previous revision.
    for (const row of await sqlAll<{ id: number; data: string }>(app, `SELECT id, data FROM records WHERE kind = 'payment'`)) {
      const { allocations: _allocations, creditAllocations: _creditAllocations, ...previous } = JSON.parse(row.data) as Record<string, unknown>;
      await sqlRun(app, `UPDATE records SET data = ? WHERE id = ?`, JSON.stringify(previous), row.id);
    }
    (await buildConnectorContext(app, connection)).metadata.set('mappingFingerprint', contentHash({ revision: 2, overrides: app.config.mappingOverrides.quickbooks ?? {} }));
    const client = await browser();
    // Without allocations the share of a three-invoice payment is unknown, and the page says so rather than show the total as paid.
    expect(section((await client.get(`/invoices/${invoiceRecord.B}`)).text, 'Payments applied')).toMatch(/^Payments applied Part of a payment of \$1,730\.00 on /);
    const versionBefore = (await sqlValue<number>(app, `SELECT version FROM records WHERE kind = 'payment' AND external_id = ?`, paymentId))!;
    const entries = async () => ((await client.get('/activity')).text.match(/<li class="timeline-item">/g) ?? []).length;
    const entriesBefore = await entries();

    await reconcileCacheAtStart(app);

    // The source did not change: clients are not told "your payment was updated".
    expect(await entries()).toBe(entriesBefore);
    expect((await client.get('/activity')).text).not.toContain('was updated');

    const stored = (await sqlGet<{ data: string; version: number }>(app, `SELECT data, version FROM records WHERE kind = 'payment' AND external_id = ?`, paymentId))!;
    expect(stored.version).toBe(versionBefore + 1);
    expect((JSON.parse(stored.data) as { allocations: unknown }).allocations).toEqual([
      { invoiceExternalId: expect.any(String), amountMinor: 100_000 },
      { invoiceExternalId: expect.any(String), amountMinor: 48_000 },
      { invoiceExternalId: expect.any(String), amountMinor: 25_000 },
    ]);
    expect(section((await client.get(`/invoices/${invoiceRecord.B}`)).text, 'Payments applied')).toMatch(/^Payments applied \$480\.00 \(of a payment of \$1,730\.00\) on /);
    // A second start finds nothing to do.
    await reconcileCacheAtStart(app);
    expect(await sqlValue<number>(app, `SELECT version FROM records WHERE kind = 'payment' AND external_id = ?`, paymentId)).toBe(stored.version);
  });
});
