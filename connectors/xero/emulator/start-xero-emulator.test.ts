import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountingApi } from 'xero-node';
import { looksLikePdf } from '../../emulator-support/render-pdf.js';
import { readXeroFailure } from '../call-xero.js';
import { mapXeroInvoice } from '../../../mappings/xero/invoice.js';
import { paymentMapping } from '../../../mappings/xero/payment.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { XeroEmulatorStore } from './xero-emulator-store.js';
import { startXeroEmulator, type XeroEmulator } from './start-xero-emulator.js';
import type { XeroDemoSeed } from './seed-xero-demo.js';

const context = { metadata: { get: () => undefined, set: () => {} }, config: loadConfig({}) };
const plain = <T>(value: T) => JSON.parse(JSON.stringify(value)) as Record<string, unknown>;

describe('Xero emulator driven by xero-node', () => {
  let emulator: XeroEmulator;
  let seed: XeroDemoSeed;
  let api: AccountingApi;
  let tenant: string;
  beforeEach(async () => {
    const store = new XeroEmulatorStore();
    seed = store.seedDemo();
    emulator = await startXeroEmulator({ store, oauth: { clientId: 'xero-client', clientSecret: 'xero-secret' } });
    api = new AccountingApi();
    api.basePath = emulator.apiBase;
    api.accessToken = 'xero-access-1';
    tenant = store.tenantId;
  });
  afterEach(() => emulator.close());

  it('lists sales invoices as the connector asks (page, where, order), with MS-JSON dates read as Dates and every state', async () => {
    const { body, response } = await api.getInvoices(tenant, undefined, 'Type=="ACCREC"', 'UpdatedDateUTC ASC', undefined, undefined, undefined, undefined, 1, true, undefined, 4, false, 100);
    expect(response.headers['x-minlimit-remaining']).toBe('59');
    expect(response.headers['x-daylimit-remaining']).toBe('4999');
    const invoices = body.invoices!;
    expect(invoices).toHaveLength(10);
    expect(invoices.every((invoice) => String(invoice.type) === 'ACCREC')).toBe(true);
    expect(invoices[0]!.updatedDateUTC as unknown).toBeInstanceOf(Date);
    const updated = invoices.map((invoice) => (invoice.updatedDateUTC as unknown as Date).getTime());
    expect(updated).toEqual([...updated].sort((a, b) => a - b));
    expect(body.pagination).toMatchObject({ page: 1, pageSize: 100, pageCount: 1, itemCount: 10 });
    const today = new Date().toISOString().slice(0, 10);
    const statusOf = (number: string) => mapXeroInvoice(plain(invoices.find((invoice) => invoice.invoiceNumber === number)), context, today).status;
    expect(['INV-0001', 'INV-0002', 'INV-0003', 'INV-0004', 'INV-0005', 'INV-0006', 'INV-0007', 'INV-0008', 'INV-0009', 'INV-0010'].map(statusOf)).toEqual(['paid', 'paid', 'open', 'partially_paid', 'overdue', 'void', 'draft', 'void', 'paid', 'partially_paid']);
    const inv4 = mapXeroInvoice(plain(invoices.find((invoice) => invoice.invoiceNumber === 'INV-0004')), context, today);
    expect(inv4).toMatchObject({ totalMinor: 119_625, taxMinor: 9_625, amountDueMinor: 59_625, lines: [{ description: 'Hosting setup', amountMinor: 100_000 }, { description: 'SSL certificate (1 year)' }] });
    const inv10 = invoices.find((invoice) => invoice.invoiceNumber === 'INV-0010')!;
    expect(plain(inv10)).toMatchObject({ amountCredited: 750, amountDue: 8250, creditNotes: [{ creditNoteNumber: 'CN-0001', appliedAmount: 750 }] });

    // Without a page: every invoice, bills too, but no line items.
    const all = (await api.getInvoices(tenant)).body.invoices!;
    expect(all).toHaveLength(12);
    expect(all.every((invoice) => (invoice.lineItems ?? []).length === 0)).toBe(true);
    // Two per page, resumed from the second page.
    const second = await api.getInvoices(tenant, undefined, 'Type=="ACCREC"', 'UpdatedDateUTC ASC', undefined, undefined, undefined, undefined, 2, undefined, undefined, undefined, undefined, 2);
    expect(second.body.invoices!.map((invoice) => invoice.invoiceID)).toEqual(invoices.slice(2, 4).map((invoice) => invoice.invoiceID));
  });

  it('honours If-Modified-Since and IDs, and reads payments (a batch settling two invoices) and credit notes', async () => {
    const store = emulator.store;
    const since = new Date(Date.now() - 60_000);
    expect((await api.getInvoices(tenant, since)).body.invoices).toEqual([]);
    store.update('Invoices', seed.invoiceIds['INV-0003']!, { Reference: 'PO 7781' });
    const changed = await api.getInvoices(tenant, since, undefined, undefined, undefined, undefined, undefined, undefined, 1);
    expect(changed.body.invoices!.map((invoice) => invoice.reference)).toEqual(['PO 7781']);
    expect(emulator.requests.at(-1)!.headers['if-modified-since']).toBe(since.toISOString());
    const byIds = await api.getInvoices(tenant, undefined, undefined, undefined, [seed.invoiceIds['INV-0005']!, seed.invoiceIds['BILL-1']!]);
    expect(byIds.body.invoices!.map((invoice) => invoice.invoiceNumber).sort()).toEqual(['BILL-1', 'INV-0005']);

    const where = seed.batchPaymentIds.map((id) => `PaymentID==Guid("${id}")`).join(' OR ');
    const batch = (await api.getPayments(tenant, undefined, where, 'UpdatedDateUTC ASC', 1, 100)).body.payments!;
    expect(batch).toHaveLength(2);
    expect(new Set(batch.map((payment) => payment.batchPaymentID)).size).toBe(1);
    expect(batch.map((payment) => paymentMapping.map(plain(payment), context))).toEqual([
      expect.objectContaining({ amountMinor: 960_000, currency: 'USD', invoiceExternalIds: [seed.invoiceIds['INV-0001']], customerExternalId: seed.contactIds['Northwind Traders'] }),
      expect.objectContaining({ amountMinor: 240_000, invoiceExternalIds: [seed.invoiceIds['INV-0002']] }),
    ]);
    const notes = (await api.getCreditNotes(tenant, undefined, undefined, undefined, 1)).body.creditNotes!;
    expect(plain(notes[0])).toMatchObject({ creditNoteNumber: 'CN-0001', type: 'ACCRECCREDIT', total: 750, remainingCredit: 0, status: 'PAID', allocations: [{ amount: 750, invoice: { invoiceID: seed.invoiceIds['INV-0010'] } }] });
    const contacts = (await api.getContacts(tenant, undefined, undefined, 'Name ASC', undefined, 1, false)).body.contacts!;
    expect(contacts.map((contact) => contact.name)).toEqual(['Acme Robotics', 'CloudHost Ltd', 'Globex Consulting', 'Northwind Traders', 'Pixel Stock Photos']);
    expect((await api.getContacts(tenant, undefined, undefined, undefined, undefined, 1, true)).body.contacts).toHaveLength(6);
    expect(plain(contacts.find((contact) => contact.name === 'Northwind Traders'))).toMatchObject({ emailAddress: 'nancy.davolio@northwind.example', isCustomer: true, contactPersons: [{ emailAddress: 'andrew.fuller@northwind.example' }] });
  });

  it('serves the invoice PDF, the organisation, and reads one invoice with its lines', async () => {
    const { body: pdf } = await api.getInvoiceAsPdf(tenant, seed.invoiceIds['INV-0004']!);
    expect(looksLikePdf(Buffer.from(pdf))).toBe(true);
    expect(Buffer.from(pdf).toString('latin1')).toContain('Tax invoice INV-0004');
    const organisation = (await api.getOrganisations(tenant)).body.organisations![0]!;
    expect(String(organisation.baseCurrency)).toBe('USD');
    expect(organisation.organisationID).toBe(tenant);
    const one = (await api.getInvoice(tenant, seed.invoiceIds['INV-0003']!)).body.invoices![0]!;
    expect(one.lineItems).toHaveLength(1);
    const missing = await api.getInvoice(tenant, '00000000-0000-0000-0000-000000000000').catch((error: unknown) => error);
    expect(readXeroFailure(missing)).toMatchObject({ status: 404 });
  });

  it('refuses a missing or foreign tenant (403) and an expired token (401), and answers 429 with Retry-After', async () => {
    const foreign = await api.getContacts('11111111-2222-3333-4444-555555555555').catch((error: unknown) => error);
    expect(readXeroFailure(foreign)).toMatchObject({ status: 403, message: 'AuthenticationUnsuccessful' });
    emulator.tokens.expire('xero-access-1');
    const expired = await api.getContacts(tenant).catch((error: unknown) => error);
    expect(readXeroFailure(expired)).toMatchObject({ status: 401, message: expect.stringMatching(/^TokenExpired/) });
    api.accessToken = 'xero-access-2';
    emulator.limiter.force('minute', 37);
    const limited = await api.getPayments(tenant).catch((error: unknown) => error);
    expect(readXeroFailure(limited)).toMatchObject({ status: 429, headers: { 'retry-after': '37', 'x-rate-limit-problem': 'minute' } });
    const bad = await api.getInvoices(tenant, undefined, 'Type = "ACCREC"').catch((error: unknown) => error);
    expect(readXeroFailure(bad)).toMatchObject({ status: 400 });
  });

  it('enforces 60 calls a minute per organisation', async () => {
    const small = await startXeroEmulator({ store: emulator.store, limits: { perMinute: 3, perDay: 5000, appPerMinute: 10_000 } });
    try {
      api.basePath = small.apiBase;
      const remaining = [];
      for (let i = 0; i < 3; i++) remaining.push((await api.getOrganisations(tenant)).response.headers['x-minlimit-remaining']);
      expect(remaining).toEqual(['2', '1', '0']);
      const refused = await api.getOrganisations(tenant).catch((error: unknown) => error);
      expect(readXeroFailure(refused)).toMatchObject({ status: 429, headers: { 'x-rate-limit-problem': 'minute', 'retry-after': expect.stringMatching(/^\d+$/) } });
    } finally {
      await small.close();
    }
  });

  it('exchanges a code, lists the granted organisations, and rotates refresh tokens', async () => {
    const authorize = new URL(`${emulator.url}/connect/authorize`);
    Object.entries({ response_type: 'code', client_id: 'xero-client', redirect_uri: 'http://hub.test/oauth/xero/callback', scope: 'openid offline_access', state: 's1' }).forEach(([k, v]) => authorize.searchParams.set(k, v));
    const redirect = new URL((await fetch(authorize, { redirect: 'manual' })).headers.get('location')!);
    expect(redirect.searchParams.get('state')).toBe('s1');
    const token = (params: Record<string, string>) =>
      fetch(`${emulator.url}/connect/token`, { method: 'POST', headers: { authorization: `Basic ${Buffer.from('xero-client:xero-secret').toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(params) });
    const first = (await (await token({ grant_type: 'authorization_code', code: redirect.searchParams.get('code')!, redirect_uri: 'http://hub.test/oauth/xero/callback' })).json()) as { access_token: string; refresh_token: string; expires_in: number };
    expect(first.expires_in).toBe(1800);
    const connections = (await (await fetch(`${emulator.url}/connections`, { headers: { authorization: `Bearer ${first.access_token}` } })).json()) as { tenantId: string; tenantType: string }[];
    expect(connections).toEqual([expect.objectContaining({ tenantId: tenant, tenantType: 'ORGANISATION', tenantName: 'Brightside Agency' })]);
    const second = (await (await token({ grant_type: 'refresh_token', refresh_token: first.refresh_token })).json()) as { refresh_token: string };
    expect(second.refresh_token).not.toBe(first.refresh_token);
    const reused = await token({ grant_type: 'refresh_token', refresh_token: first.refresh_token });
    expect(reused.status).toBe(400);
    expect(await reused.json()).toEqual({ error: 'invalid_grant' });
  });
});
