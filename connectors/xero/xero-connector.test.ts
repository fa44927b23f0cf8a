import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import nock from 'nock';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createTestApp, type TestApp } from '../../tests/support/create-test-app.js';
import { runPull } from '../../src/sync/run-pull.js';
import { getSyncRun } from '../../src/sync/sync-run-repository.js';
import { startServer } from '../../src/server/start-server.js';
import { fetchAndApply } from '../../src/sync/fetch-and-apply.js';
import { readCredentials } from '../../src/connections/connection-repository.js';
import { RateLimitError } from '../../src/sync/sync-errors.js';
import { sqlAll, sqlGet, sqlValue } from '../../tests/support/sql.js';

const XERO = 'https://xero.test';
const IDENTITY = 'https://identity.xero.test';
const TENANT = 'aef86862-2015-4b6b-88bc-d89032cecc50';
const WEBHOOK_KEY = 'xero-webhook-key';
const sample = (name: string) => JSON.parse(readFileSync(new URL(`./testing/samples/${name}`, import.meta.url), 'utf8')) as Record<string, unknown[]>;

describe('Xero connector (xero-node against nock)', () => {
  let app: TestApp;
  beforeEach(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    app = await createTestApp({
      HUBSPOT_ACCESS_TOKEN: '',
      XERO_BASE_URL: XERO,
      XERO_IDENTITY_URL: IDENTITY,
      XERO_TENANT_ID: TENANT,
      XERO_ACCESS_TOKEN: 'xero-access-1',
      XERO_REFRESH_TOKEN: 'xero-refresh-1',
      XERO_CLIENT_ID: 'xero-client',
      XERO_CLIENT_SECRET: 'xero-secret',
      XERO_WEBHOOK_KEY: WEBHOOK_KEY,
    });
  });
  afterEach(async () => {
    nock.cleanAll();
    nock.enableNetConnect();
    await app.dispose();
  });
  const connectionId = async () => (await sqlValue<number>(app, `SELECT id FROM connections WHERE provider = 'xero'`))!;

  it('pulls sales invoices page by page with If-Modified-Since, reading MS-JSON dates and statuses', async () => {
    const requests: { query: Record<string, string>; ims?: string; tenant?: string }[] = [];
    nock(XERO)
      .get('/api.xro/2.0/Invoices')
      .query((q) => { requests.push({ query: q as Record<string, string> }); return true; })
      .reply(function () {
        requests.at(-1)!.ims = this.req.headers['if-modified-since'] as string | undefined;
        requests.at(-1)!.tenant = this.req.headers['xero-tenant-id'] as string | undefined;
        return [200, sample('invoices_list.json')];
      })
      .persist();
    const backfillStarted = Date.now();
    const result = await runPull(app, await connectionId(), 'Invoice', 'backfill');
    const backfillEnded = Date.now();
    expect(await getSyncRun(app.store.db, result.runId!)).toMatchObject({ status: 'succeeded', pages: 1, added: 3 });
    expect(requests[0]!.query).toMatchObject({ where: 'Type=="ACCREC"', order: 'UpdatedDateUTC ASC', page: '1', pageSize: '100', includeArchived: 'true', unitdp: '4' });
    expect(requests[0]!.tenant).toBe(TENANT);
    expect(requests[0]!.ims).toBeUndefined();
    const invoices = (await sqlAll<{ data: string }>(app, `SELECT data FROM records ORDER BY source_updated_at`)).map((row) => {
      const data = JSON.parse(row.data) as Record<string, unknown>;
      return { status: data.status ?? null, total: data.totalMinor ?? null, currency: data.currency ?? null, issued: data.issueDate ?? null };
    });
    expect(invoices).toEqual([
      { status: 'void', total: 4000, currency: 'NZD', issued: '2018-10-20' },
      { status: 'paid', total: 4600, currency: 'NZD', issued: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) },
      { status: 'overdue', total: 11500, currency: 'NZD', issued: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) },
    ]);

    await runPull(app, await connectionId(), 'Invoice', 'incremental');
    // The newest UpdatedDateUTC in the sample is 2018: the completed backfill moved the cursor to when it
    // started (less two minutes of overlap), and the next pull asks from two minutes before that.
    const ims = Date.parse(requests.at(-1)!.ims!);
    expect(ims).toBeGreaterThanOrEqual(backfillStarted - 240_000 - 1000);
    expect(ims).toBeLessThanOrEqual(backfillEnded - 240_000);
  });

  it('polls payments (Xero has no payment webhook) and links each to its invoice', async () => {
    nock(XERO).get('/api.xro/2.0/Payments').query(true).reply(200, sample('payments_list.json'));
    await runPull(app, await connectionId(), 'Payment', 'backfill');
    const payment = JSON.parse((await sqlValue<string>(app, `SELECT data FROM records WHERE external_id = '99ea7f6b-c513-4066-bc27-b7c65dcd76c2'`))!) as Record<string, unknown>;
    expect(payment).toMatchObject({ amountMinor: 4600, currency: 'NZD', invoiceExternalIds: ['046d8a6d-1ae1-4b4d-9340-5601bdf41b87'], allocations: [{ invoiceExternalId: '046d8a6d-1ae1-4b4d-9340-5601bdf41b87', amountMinor: 4600 }], paidAt: '2018-11-29' });
  });

  it('answers the intent-to-receive probe 200 when signed and 401 when not, then fetches the invoices events name', async () => {
    const server = await startServer(app, { port: 0, host: '127.0.0.1', scheduler: false });
    const sign = (body: string, key = WEBHOOK_KEY) => createHmac('sha256', key).update(body).digest('base64');
    const post = (body: string, signature: string) => fetch(`${server.url}/webhooks/xero`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-xero-signature': signature }, body });
    try {
      const probe = '{"events":[],"firstEventSequence":0,"lastEventSequence":0,"entropy":"S0m3r4Nd0mt3xt"}';
      expect((await post(probe, sign(probe))).status).toBe(200);
      expect((await post(probe, sign(probe, 'not-the-key'))).status).toBe(401);
      const invoice = (sample('invoices_list.json').Invoices as Record<string, unknown>[])[2]!;
      nock(XERO).get('/api.xro/2.0/Invoices').query((q) => q.IDs === invoice.InvoiceID).reply(200, { Invoices: [invoice] });
      const event = JSON.stringify({ events: [{ resourceUrl: `https://api.xero.com/api.xro/2.0/Invoices/${invoice.InvoiceID as string}`, resourceId: invoice.InvoiceID, tenantId: TENANT, tenantType: 'ORGANISATION', eventCategory: 'INVOICE', eventType: 'UPDATE', eventDateUtc: '2026-11-23T09:00:00.000' }], firstEventSequence: 1, lastEventSequence: 1, entropy: 'ABC' });
      const delivered = await post(event, sign(event));
      expect(await delivered.json()).toEqual({ received: 1, duplicates: 0 });
      await app.jobs.drain();
    } finally {
      await server.close();
    }
    expect(await sqlGet(app, `SELECT COUNT(*) AS n FROM records WHERE kind = 'invoice'`)).toEqual({ n: 1 });
    expect(await sqlAll(app, `SELECT status, reason FROM webhook_deliveries ORDER BY id`)).toEqual([
      { status: 'accepted', reason: 'no events for the hub (probe, heartbeat or untracked objects)' },
      { status: 'rejected', reason: 'signature does not match (x-xero-signature)' },
      { status: 'accepted', reason: null },
    ]);
  });

  it('waits out 429s and refreshes a rotated token once for racing jobs', async () => {
    // The minute limit's Retry-After is waited out in place: the run goes on.
    nock(XERO).get('/api.xro/2.0/Contacts').query(true).reply(429, 'Rate limit exceeded', { 'Retry-After': '37', 'X-Rate-Limit-Problem': 'minute' });
    nock(XERO).get('/api.xro/2.0/Contacts').query(true).reply(200, { Contacts: [] });
    await runPull(app, await connectionId(), 'Contact', 'backfill');
    expect(await sqlGet(app, `SELECT status FROM sync_runs ORDER BY id DESC LIMIT 1`)).toEqual({ status: 'succeeded' });
    // The day's limit is not: the job is rescheduled for when Xero says, and the run waits, not fails.
    nock(XERO).get('/api.xro/2.0/Contacts').query(true).reply(429, '', { 'Retry-After': '5400', 'X-Rate-Limit-Problem': 'day' });
    const limited = await runPull(app, await connectionId(), 'Contact', 'backfill').catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(RateLimitError);
    expect((limited as RateLimitError).retryAfterMs).toBe(5_400_000);
    expect((limited as Error).message).toBe('Xero 429: rate limit reached (day)');
    expect(await sqlGet(app, `SELECT status FROM sync_runs ORDER BY id DESC LIMIT 1`)).toEqual({ status: 'rate_limited' });

    let refreshes = 0;
    nock(IDENTITY)
      .post('/connect/token', (b: Record<string, string>) => b.grant_type === 'refresh_token' && b.refresh_token === 'xero-refresh-1')
      .delay(50)
      .reply(200, () => {
        refreshes++;
        return { access_token: 'xero-access-2', refresh_token: 'xero-refresh-2', expires_in: 1800, token_type: 'Bearer' };
      });
    const contacts = sample('contacts_list.json');
    nock(XERO).get('/api.xro/2.0/Contacts').query(true).matchHeader('authorization', 'Bearer xero-access-1').times(2).reply(401, { Type: null, Title: 'Unauthorized', Status: 401, Detail: 'TokenExpired: token expired at 11/23/2026 10:00:00' });
    nock(XERO).get('/api.xro/2.0/Contacts').query(true).matchHeader('authorization', 'Bearer xero-access-2').times(2).reply(200, contacts);
    const id = (contacts.Contacts as { ContactID: string }[])[0]!.ContactID;
    await Promise.all([fetchAndApply(app, await connectionId(), 'Contact', [id]), fetchAndApply(app, await connectionId(), 'Contact', [id])]);
    expect(refreshes).toBe(1);
    expect(await readCredentials(app.store.db, app.keyring, await connectionId())).toMatchObject({ accessToken: 'xero-access-2', refreshToken: 'xero-refresh-2' });
    expect(JSON.parse((await sqlValue<string>(app, `SELECT data FROM records WHERE external_id = ?`, id))!).name).toBe('Katherine Warren');
  });

  it('pulls sales credit notes with their allocations, and serves an invoice PDF', async () => {
    const note = (id: string, fields: Record<string, unknown>) => ({
      CreditNoteID: id, CreditNoteNumber: `CN-${id.slice(0, 4)}`, Type: 'ACCRECCREDIT', Date: '/Date(1762732800000+0000)/',
      Contact: { ContactID: '565acaa9-e7f3-4fbf-80c3-16b081ddae10', Name: 'Ridgeway University' }, CurrencyCode: 'USD', SubTotal: 100, TotalTax: 0, Total: 100,
      LineItems: [{ Description: 'Workshop cancelled', Quantity: 1, UnitAmount: 100, LineAmount: 100, AccountCode: '200' }],
      UpdatedDateUTC: '/Date(1762779600000+0000)/', ...fields,
    });
    let where = '';
    nock(XERO).get('/api.xro/2.0/CreditNotes').query((q) => { where = String(q.where); return true; }).reply(200, {
      Id: 'c5a5b6b8-5d9c-4b2a-9c11-1c3f4c1d6f01', Status: 'OK', ProviderName: 'ClientHub', DateTimeUTC: '/Date(1763800000000)/',
      CreditNotes: [
        note('0e4f8d4a-3c1b-4f3e-9d5e-1a2b3c4d5e61', { Status: 'AUTHORISED', RemainingCredit: 40, Allocations: [{ Amount: 60, Date: '/Date(1762819200000+0000)/', Invoice: { InvoiceID: '4f7a2d3e-9a4b-4c5d-8e6f-7a8b9c0d1e2f', InvoiceNumber: 'INV-0001' } }] }),
        note('1e4f8d4a-3c1b-4f3e-9d5e-1a2b3c4d5e62', { Status: 'PAID', RemainingCredit: 0 }),
        note('2e4f8d4a-3c1b-4f3e-9d5e-1a2b3c4d5e63', { Status: 'VOIDED', RemainingCredit: 0 }),
      ],
    });
    await runPull(app, await connectionId(), 'CreditNote', 'backfill');
    expect(where).toBe('Type=="ACCRECCREDIT"');
    const notes = (await sqlAll<{ data: string }>(app, `SELECT data FROM records WHERE object_type = 'CreditNote' ORDER BY external_id`)).map((r) => JSON.parse(r.data) as Record<string, unknown>);
    expect(notes.map((n) => [n.status, n.remainingMinor, n.invoiceExternalIds, n.allocations])).toEqual([
      ['open', 4000, ['4f7a2d3e-9a4b-4c5d-8e6f-7a8b9c0d1e2f'], [{ invoiceExternalId: '4f7a2d3e-9a4b-4c5d-8e6f-7a8b9c0d1e2f', amountMinor: 6000 }]],
      ['applied', 0, [], []],
      ['void', 0, [], []],
    ]);
    expect(notes[0]).toMatchObject({ issueDate: '2025-11-10', currency: 'USD', totalMinor: 10000, lines: [{ description: 'Workshop cancelled', amountMinor: 10000 }] });

    const pdf = Buffer.from('%PDF-1.7\nXero invoice\n%%EOF');
    let accept = '';
    nock(XERO).get('/api.xro/2.0/Invoices/4f7a2d3e-9a4b-4c5d-8e6f-7a8b9c0d1e2f').reply(function () { accept = String(this.req.headers.accept); return [200, pdf, { 'content-type': 'application/pdf' }]; });
    const { buildConnectorContext } = await import('../../src/connections/build-connector-context.js');
    const { findConnection } = await import('../../src/store/connections/find-connection.js');
    const document = await app.connectors.get('xero').invoicePdf!(await buildConnectorContext(app, (await findConnection(app.store.db, await connectionId()))!), '4f7a2d3e-9a4b-4c5d-8e6f-7a8b9c0d1e2f');
    expect(accept).toContain('application/pdf');
    expect(document.body.equals(pdf)).toBe(true);
  });

  it('never has more than five calls in flight to one organisation', async () => {
    let inFlight = 0;
    let most = 0;
    nock(XERO).get('/api.xro/2.0/Contacts').query(true).times(8).reply(async () => {
      inFlight++;
      most = Math.max(most, inFlight);
      // Long enough that all five slots are taken before the first call returns, however busy the machine.
      await new Promise((resolve) => setTimeout(resolve, 400));
      inFlight--;
      return [200, { Contacts: [] }];
    });
    const { buildConnectorContext } = await import('../../src/connections/build-connector-context.js');
    const { findConnection } = await import('../../src/store/connections/find-connection.js');
    const connector = app.connectors.get('xero');
    const ids = Array.from({ length: 8 }, (_, i) => `00000000-0000-4000-8000-00000000000${i}`);
    // Separate contexts, as separate jobs would have: the limit lives in the database, not in one object.
    const connection = await connectionId();
    await Promise.all(ids.map(async (id) => connector.fetchByIds(await buildConnectorContext(app, (await findConnection(app.store.db, connection))!), 'Contact', [id])));
    expect(most).toBe(5);
    expect(await sqlGet(app, 'SELECT COUNT(*) AS n FROM concurrency_slots')).toEqual({ n: 0 });
  });
});
