import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import QuickBooks from 'node-quickbooks';
import { looksLikePdf } from '../../emulator-support/render-pdf.js';
import { QuickBooksEmulatorStore } from './quickbooks-emulator-store.js';
import { startQuickBooksEmulator, type QuickBooksEmulator } from './start-quickbooks-emulator.js';
import type { QuickBooksDemoSeed } from './seed-quickbooks-demo.js';

type Done = (error: unknown, body: unknown) => void;
/** The node-quickbooks calls exercised here (the connector's d.ts declares only the ones it uses). */
interface Sdk {
  endpoint: string;
  realmId: string;
  findInvoices(criteria: unknown, done: Done): void;
  findPayments(criteria: unknown, done: Done): void;
  findCustomers(criteria: unknown, done: Done): void;
  changeDataCapture(entities: string[], since: string, done: Done): void;
  getInvoice(id: unknown, done: Done): void;
  getCustomer(id: unknown, done: Done): void;
  getPayment(id: unknown, done: Done): void;
  getInvoicePdf(id: unknown, done: Done): void;
  getPreferences(done: Done): void;
  refreshAccessToken(done: Done): void;
}
/** Runs one callback-style node-quickbooks call; rejects with what the SDK reports as the error. */
const call = <T>(run: (done: Done) => void) => new Promise<T>((resolve, reject) => run((error, body) => (error ? reject(error) : resolve(body as T))));

describe('QuickBooks emulator driven by node-quickbooks', () => {
  let emulator: QuickBooksEmulator;
  let seed: QuickBooksDemoSeed;
  let sdk: Sdk;
  beforeEach(async () => {
    const store = new QuickBooksEmulatorStore();
    seed = store.seedDemo();
    emulator = await startQuickBooksEmulator({ store, oauth: { clientId: 'qbo-client', clientSecret: 'qbo-secret' } });
    // As the connector builds it: OAuth 2 ('2.0' 9th argument), endpoint on the instance.
    sdk = new QuickBooks('qbo-client', 'qbo-secret', 'access-1', false, store.realmId, false, false, 75, '2.0', 'refresh-1') as unknown as Sdk;
    sdk.endpoint = emulator.apiBase;
  });
  afterEach(() => emulator.close());

  it('pages invoice queries ordered by LastUpdatedTime, filters incrementally, and counts', async () => {
    const find = (criteria: unknown) => call<{ QueryResponse: { Invoice?: Record<string, unknown>[]; startPosition?: number; maxResults?: number; totalCount?: number }; time: string }>((done) => sdk.findInvoices(criteria, done));
    const page = (offset: number, extra: unknown[] = []) => find([...extra, { field: 'asc', value: 'Metadata.LastUpdatedTime' }, { field: 'limit', value: 4 }, { field: 'offset', value: offset }]);
    const first = await page(1);
    expect(first.QueryResponse).toMatchObject({ startPosition: 1, maxResults: 4 });
    expect(first.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}-0[78]:00$/);
    const all = [...first.QueryResponse.Invoice!, ...(await page(5)).QueryResponse.Invoice!, ...((await page(9)).QueryResponse.Invoice ?? [])];
    expect(all).toHaveLength(9);
    const times = all.map((invoice) => Date.parse((invoice.MetaData as { LastUpdatedTime: string }).LastUpdatedTime));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(all[0]).toMatchObject({ domain: 'QBO', Id: expect.stringMatching(/^\d+$/), SyncToken: expect.any(String), CustomerRef: { value: expect.any(String), name: expect.any(String) } });
    expect((await page(13)).QueryResponse).toEqual({});

    // Incremental, as the connector asks: UTC with Z, >=.
    const since = new Date(times[6]!).toISOString().replace('.000Z', 'Z');
    const recent = await page(1, [{ field: 'Metadata.LastUpdatedTime', value: since, operator: '>=' }]);
    expect(recent.QueryResponse.Invoice!.map((invoice) => invoice.Id)).toEqual(all.slice(6).map((invoice) => invoice.Id));
    expect((await find({ count: true })).QueryResponse).toEqual({ totalCount: 9 });
    const byIds = await call<{ QueryResponse: { Payment: { Id: string }[] } }>((done) => sdk.findPayments([{ field: 'Id', value: [seed.paymentIds.settlingTwo, '99999'], operator: 'IN' }], done));
    expect(byIds.QueryResponse.Payment.map((payment) => payment.Id)).toEqual([seed.paymentIds.settlingTwo]);
    // Every answer carries Intuit's transaction id.
    const raw = await fetch(`${emulator.apiBase}${emulator.store.realmId}/query?query=select%20*%20from%20CreditMemo&minorversion=75`, { headers: { authorization: 'Bearer x', accept: 'application/json' } });
    expect(raw.headers.get('intuit_tid')).toMatch(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    expect(((await raw.json()) as { QueryResponse: { CreditMemo: unknown[] } }).QueryResponse.CreditMemo).toHaveLength(1);
  });

  it('answers CDC with deleted entities as status Deleted, reads by id, serves the PDF and preferences', async () => {
    const since = new Date(Date.now() - 20 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const cdc = await call<{ CDCResponse: { QueryResponse: Record<string, unknown>[] }[] }>((done) => sdk.changeDataCapture(['Invoice', 'Payment'], since, done));
    const [invoices, payments] = cdc.CDCResponse[0]!.QueryResponse as { Invoice?: Record<string, unknown>[]; Payment?: Record<string, unknown>[] }[];
    expect(invoices!.Invoice!.at(-1)).toEqual({ domain: 'QBO', status: 'Deleted', Id: seed.deletedInvoiceId, MetaData: { LastUpdatedTime: expect.any(String) } });
    expect(payments!.Payment!.map((payment) => payment.Id).sort()).toEqual(Object.values(seed.paymentIds).sort());
    // An offset with "+" reaches Intuit as a space when sent unencoded: refused.
    const plus = await call((done) => sdk.changeDataCapture(['Invoice'], '2026-11-01T10:00:00+01:00', done)).catch((error: unknown) => error);
    expect((plus as { response: { status: number } }).response.status).toBe(400);

    const invoice = await call<Record<string, unknown>>((done) => sdk.getInvoice(seed.invoiceIds['1004'], done));
    expect(invoice).toMatchObject({ Id: seed.invoiceIds['1004'], DocNumber: '1004', TotalAmt: 1196.25, Balance: 596.25 });
    const customer = await call<Record<string, unknown>>((done) => sdk.getCustomer(seed.customerIds['Acme Robotics'], done));
    expect(customer).toMatchObject({ DisplayName: 'Acme Robotics', WebAddr: { URI: 'https://acme-robotics.example' }, Active: true });
    const missing = await call((done) => sdk.getPayment('424242', done)).catch((error: unknown) => error);
    expect((missing as { response: { status: number; data: unknown } }).response).toMatchObject({ status: 400, data: { Fault: { Error: [{ code: '610', Message: 'Object Not Found' }], type: 'ValidationFault' } } });

    const pdf = await call<Buffer>((done) => sdk.getInvoicePdf(seed.invoiceIds['1003'], done));
    expect(looksLikePdf(Buffer.from(pdf))).toBe(true);
    expect(Buffer.from(pdf).toString('latin1')).toContain('Invoice 1003');
    const preferences = await call<{ CurrencyPrefs: { HomeCurrency: { value: string } } }>((done) => sdk.getPreferences(done));
    expect(preferences.CurrencyPrefs.HomeCurrency).toEqual({ value: 'USD' });
  });

  it('refreshes with rotating refresh tokens, refuses expired tokens and other companies, and throttles with a Fault', async () => {
    QuickBooks.TOKEN_URL = emulator.tokenUrl;
    const first = await call<{ access_token: string; refresh_token: string; expires_in: number; x_refresh_token_expires_in: number }>((done) => sdk.refreshAccessToken(done));
    expect(first).toMatchObject({ token_type: 'bearer', expires_in: 3600, x_refresh_token_expires_in: 8_726_400 });
    expect(first.refresh_token).not.toBe('refresh-1');
    const reused = new QuickBooks('qbo-client', 'qbo-secret', '', false, '', false, false, 75, '2.0', 'refresh-1') as unknown as Sdk;
    const refused = await call((done) => reused.refreshAccessToken(done)).catch((error: unknown) => error);
    expect((refused as { response: { status: number; data: unknown } }).response).toMatchObject({ status: 400, data: { error: 'invalid_grant' } });

    emulator.tokens.expire(first.access_token);
    const expired = await call((done) => sdk.getPreferences(done)).catch((error: unknown) => error);
    expect((expired as { response: { status: number; data: { fault: { error: { code: string }[] } } } }).response).toMatchObject({ status: 401, data: { fault: { error: [{ code: '3200' }], type: 'AUTHENTICATION' } } });
    await call((done) => sdk.refreshAccessToken(done));
    sdk.realmId = '1234';
    const otherCompany = await call((done) => sdk.getPreferences(done)).catch((error: unknown) => error);
    expect((otherCompany as { response: { status: number } }).response.status).toBe(403);
    sdk.realmId = emulator.store.realmId;

    emulator.throttleNext();
    const throttled = await call((done) => sdk.findCustomers([], done)).catch((error: unknown) => error);
    expect((throttled as { response: { status: number; data: unknown } }).response).toMatchObject({ status: 429, data: { Fault: { Error: [{ code: '3001', Message: expect.stringContaining('ThrottleExceeded') }], type: 'SERVICE' } } });
    expect(((await call<{ QueryResponse: { Customer: unknown[] } }>((done) => sdk.findCustomers([], done))).QueryResponse.Customer)).toHaveLength(3);
  });

  it('authorizes by redirecting with code, state and realmId; exchanges the code once', async () => {
    const authorize = new URL(emulator.authorizeUrl);
    Object.entries({ client_id: 'qbo-client', response_type: 'code', scope: 'com.intuit.quickbooks.accounting', redirect_uri: 'http://hub.test/oauth/quickbooks/callback', state: 'st-1' }).forEach(([k, v]) => authorize.searchParams.set(k, v));
    const redirect = await fetch(authorize, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    const back = new URL(redirect.headers.get('location')!);
    expect(back.searchParams.get('state')).toBe('st-1');
    expect(back.searchParams.get('realmId')).toBe(emulator.store.realmId);
    const exchange = (secret = 'qbo-secret') =>
      fetch(emulator.tokenUrl, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from(`qbo-client:${secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({ grant_type: 'authorization_code', code: back.searchParams.get('code')!, redirect_uri: 'http://hub.test/oauth/quickbooks/callback' }),
      });
    expect((await exchange('wrong')).status).toBe(401);
    const tokens = (await (await exchange()).json()) as { access_token: string };
    expect(tokens.access_token).toBeTruthy();
    expect((await exchange()).status).toBe(400);
  });
});
