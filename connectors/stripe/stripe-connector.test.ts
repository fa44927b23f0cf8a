import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import nock from 'nock';
import { createHmac } from 'node:crypto';
import { createTestApp, type TestApp } from '../../tests/support/create-test-app.js';
import { runPull } from '../../src/sync/run-pull.js';
import { getSyncRun } from '../../src/sync/sync-run-repository.js';
import { startServer } from '../../src/server/start-server.js';
import { findConnection } from '../../src/store/connections/find-connection.js';
import { buildConnectorContext } from '../../src/connections/build-connector-context.js';
import { RateLimitError } from '../../src/sync/sync-errors.js';
import { EVENT_TYPES } from './object-types.js';
import { currentInvoice, customer, event, list, openInvoice, paidInvoice, invoicePayment, sample, succeededIntent, DAY } from './testing/stripe-payloads.js';
import { sqlAll, sqlGet, sqlRun, sqlValue } from '../../tests/support/sql.js';

const STRIPE = 'https://stripe.test';
const KEY = 'sk_test_51ClientHubTestKey';
const WEBHOOK_SECRET = 'whsec_test_clienthub';
const PI = 'pi_1MoS6tLgUG5tbmjcQ62U6djv';

/** Every request the fake Stripe saw: path, decoded query, headers. */
interface Seen {
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
}

describe('Stripe connector (stripe SDK against nock)', () => {
  let app: TestApp;
  let seen: Seen[];
  beforeEach(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    seen = [];
    app = await createTestApp({ HUBSPOT_ACCESS_TOKEN: '', STRIPE_SECRET_KEY: KEY, STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_BASE_URL: STRIPE });
  });
  afterEach(async () => {
    nock.cleanAll();
    nock.enableNetConnect();
    await app.dispose();
  });
  const connectionId = async () => (await sqlValue<number>(app, `SELECT id FROM connections WHERE provider = 'stripe'`))!;
  const record = async (externalId: string) => {
    const row = await sqlGet<{ data: string; deleted: number; raw: string }>(app, `SELECT data, deleted, raw FROM records WHERE external_id = ?`, externalId);
    return row && { data: JSON.parse(row.data) as Record<string, unknown>, deleted: row.deleted === 1, raw: JSON.parse(row.raw) as Record<string, unknown> };
  };
  const cursorOf = async (objectType: string) => JSON.parse((await sqlValue<string>(app, `SELECT cursor FROM sync_cursors WHERE object_type = ?`, objectType))!) as Record<string, unknown>;
  /** A GET on the fake Stripe whose path is exactly `path`, answering `answer` (a body or a function of the request). */
  const stripeGet = (path: string, answer: Record<string, unknown> | ((seen: Seen) => [number, unknown]), times = 1) =>
    nock(STRIPE)
      .get((uri) => uri.split('?')[0] === path)
      .times(times)
      .reply(function (uri) {
        const request: Seen = { path, query: new URLSearchParams(uri.split('?')[1] ?? ''), headers: this.req.headers };
        seen.push(request);
        return typeof answer === 'function' ? answer(request) : [200, answer];
      });
  const noInvoicePayments = () => stripeGet('/v1/invoice_payments', list([], '/v1/invoice_payments'), 10);

  it('backfills customers page by page with starting_after, then a complete listing sweeps what Stripe no longer lists', async () => {
    stripeGet('/v1/customers', (request) =>
      request.query.get('starting_after') === 'cus_B'
        ? [200, list([customer('cus_C', { name: 'Cobalt Ltd' })], '/v1/customers')]
        : [200, list([customer('cus_A', { name: 'Acme Inc', email: 'billing@acme.test', metadata: { crm_id: '42' }, address: { city: 'Leeds', country: 'GB', line1: null, line2: null, postal_code: null, state: null } }), customer('cus_B', { name: 'Bravo' })], '/v1/customers', true)],
      2,
    );
    const first = await runPull(app, await connectionId(), 'Customer', 'backfill');
    expect(await getSyncRun(app.store.db, first.runId!)).toMatchObject({ status: 'succeeded', pages: 2, added: 3 });
    expect(seen.map((s) => Object.fromEntries(s.query))).toEqual([{ limit: '100' }, { limit: '100', starting_after: 'cus_B' }]);
    expect((await record('cus_A'))!.data).toMatchObject({ name: 'Acme Inc', domain: null, phone: null, website: null, city: 'Leeds', country: 'GB', ownerExternalId: null, emails: ['billing@acme.test'] });
    // Billing email and metadata have no unified field: the raw payload keeps them.
    expect((await record('cus_A'))!.raw).toMatchObject({ email: 'billing@acme.test', metadata: { crm_id: '42' } });
    expect(await cursorOf('Customer')).toMatchObject({ phase: 'events', since: expect.any(Number) });

    stripeGet('/v1/customers', list([customer('cus_A', { name: 'Acme Inc' }), customer('cus_C', { name: 'Cobalt Ltd' })], '/v1/customers'));
    const second = await runPull(app, await connectionId(), 'Customer', 'backfill');
    expect(await getSyncRun(app.store.db, second.runId!)).toMatchObject({ status: 'succeeded', deleted: 1 });
    expect((await record('cus_B'))!.deleted).toBe(true);
    expect((await record('cus_A'))!.deleted).toBe(false);
  });

  it('maps invoices in the current shape and tolerates the older one (the public sample)', async () => {
    const old = sample('invoice.json');
    const withTax = openInvoice('in_open', { total: 1200, tax: 200, dueInDays: 10, number: 'INV-7' });
    const paid = paidInvoice('in_paid', PI);
    const overdue = openInvoice('in_late', { dueInDays: -3 });
    stripeGet('/v1/invoices', list([withTax, paid, overdue, old], '/v1/invoices'));
    await runPull(app, await connectionId(), 'Invoice', 'backfill');
    expect(seen[0]!.query.get('expand[0]')).toBe('data.payments');
    expect((await record('in_open'))!.data).toMatchObject({ number: 'INV-7', status: 'open', currency: 'USD', subtotalMinor: 1000, taxMinor: 200, totalMinor: 1200, amountDueMinor: 1200, payUrl: withTax.hosted_invoice_url, pdfAvailable: true, customerExternalId: 'cus_NZbFQAsc0ptasX' });
    expect((await record('in_open'))!.data.lines).toEqual([{ description: 'My First Invoice Item (created for API docs)', quantity: 1, unitAmountMinor: 1000, amountMinor: 1000 }]);
    // Paid: nothing due, so no pay link; the PDF stays available.
    expect((await record('in_paid'))!.data).toMatchObject({ status: 'paid', amountDueMinor: 0, payUrl: null, pdfAvailable: true });
    expect((await record('in_late'))!.data).toMatchObject({ status: 'overdue', payUrl: overdue.hosted_invoice_url });
    // The older shape: paid/payment_intent/subscription on the invoice, tax null, line price.unit_amount.
    expect((await record(old.id as string))!.data).toMatchObject({ status: 'draft', number: null, totalMinor: 1000, taxMinor: 0, payUrl: null, pdfAvailable: false, issueDate: '2009-02-13', lines: [{ quantity: 1, unitAmountMinor: 1000, amountMinor: 1000 }] });
  });

  it('keeps a compact subscription summary on the raw invoice and reads lines beyond the first page', async () => {
    const invoice = openInvoice('in_sub');
    const firstLine = (invoice.lines as { data: Record<string, unknown>[] }).data[0]!;
    invoice.parent = { type: 'subscription_details', quote_details: null, subscription_details: { subscription: 'sub_1Plan', metadata: { plan: 'retainer' } } };
    invoice.billing_reason = 'subscription_cycle';
    invoice.lines = { object: 'list', data: [{ ...firstLine, id: 'il_1', period: { start: 1700000000, end: 1702592000 } }], has_more: true, url: '/v1/invoices/in_sub/lines' };
    stripeGet('/v1/invoices', list([invoice], '/v1/invoices'));
    stripeGet('/v1/invoices/in_sub/lines', list([{ ...firstLine, id: 'il_2', amount: 500, description: 'Extra hours', quantity: 5, pricing: { type: 'price_details', unit_amount_decimal: '100', price_details: { price: 'price_h', product: 'prod_h' } }, period: { start: 1700000000, end: 1702592000 } }], '/v1/invoices/in_sub/lines'));
    await runPull(app, await connectionId(), 'Invoice', 'backfill');
    expect(seen.find((s) => s.path.endsWith('/lines'))!.query.get('starting_after')).toBe('il_1');
    const stored = (await record('in_sub'))!;
    expect(stored.data.lines).toHaveLength(2);
    expect((stored.data.lines as unknown[])[1]).toEqual({ description: 'Extra hours', quantity: 5, unitAmountMinor: 100, amountMinor: 500 });
    expect(stored.raw.subscription_summary).toEqual({ id: 'sub_1Plan', billing_reason: 'subscription_cycle', period_start: 1700000000, period_end: 1702592000, metadata: { plan: 'retainer' } });
  });

  it('pulls PaymentIntents that received money, with their invoices (invoice payments) and payment method; skips the rest', async () => {
    stripeGet('/v1/payment_intents', list([succeededIntent(), sample('payment_intent.json')], '/v1/payment_intents'));
    const paidAt = 1679493300;
    stripeGet('/v1/invoice_payments', list([invoicePayment('in_paid', PI, 1099, paidAt)], '/v1/invoice_payments'));
    await runPull(app, await connectionId(), 'PaymentIntent', 'backfill');
    expect(seen[0]!.query.get('expand[0]')).toBe('data.latest_charge');
    // One walk over the account's invoice payments (newest first), not a filtered request per intent.
    expect(Object.fromEntries(seen[1]!.query)).toEqual({ limit: '100' });
    expect((await record(PI))!.data).toEqual({ amountMinor: 1099, currency: 'USD', paidAt: new Date(paidAt * 1000).toISOString(), refundedMinor: 0, method: 'card', customerExternalId: 'cus_NZbFQAsc0ptasX', invoiceExternalIds: ['in_paid'], allocations: [{ invoiceExternalId: 'in_paid', amountMinor: 1099 }], creditAllocations: [] });
    // requires_payment_method, nothing received: not a payment.
    expect(await record('pi_1MoS6fLgUG5tbmjca6AdBPsl')).toBeUndefined();
  });

  it('catches up through the events API from the cursor and re-fetches what the events name', async () => {
    stripeGet('/v1/invoices', list([openInvoice('in_open')], '/v1/invoices'));
    await runPull(app, await connectionId(), 'Invoice', 'backfill');
    const since = (await cursorOf('Invoice')).since as number;
    const now = Math.floor(Date.now() / 1000);
    stripeGet('/v1/events', list([
      event('evt_3', 'invoice_payment.paid', invoicePayment('in_open', PI, 1000, now), now),
      event('evt_2', 'invoice.paid', paidInvoice('in_open', PI), now - 1),
      event('evt_1', 'invoice.created', currentInvoice('in_new'), now - 2),
    ], '/v1/events'));
    stripeGet('/v1/invoices/in_open', paidInvoice('in_open', PI));
    stripeGet('/v1/invoices/in_new', currentInvoice('in_new'));
    const run = await runPull(app, await connectionId(), 'Invoice', 'incremental');
    expect(await getSyncRun(app.store.db, run.runId!)).toMatchObject({ status: 'succeeded', added: 1, updated: 1 });
    const events = seen.find((s) => s.path === '/v1/events')!;
    expect(events.query.get('created[gte]')).toBe(String(Math.floor((since - 120_000) / 1000)));
    expect(EVENT_TYPES.Invoice.map((_, i) => events.query.get(`types[${i}]`))).toEqual(EVENT_TYPES.Invoice);
    expect(seen.filter((s) => s.path === '/v1/invoices/in_open')).toHaveLength(1);
    expect(seen.find((s) => s.path === '/v1/invoices/in_open')!.query.get('expand[0]')).toBe('payments');
    expect((await record('in_open'))!.data.status).toBe('paid');
    expect((await record('in_new'))!.data.status).toBe('draft');
    expect((await cursorOf('Invoice')).since).toBeGreaterThanOrEqual(since);
    expect((await cursorOf('Invoice')).phase).toBe('events');
  });

  it('pages through events with starting_after and tombstones what the re-fetch no longer finds', async () => {
    stripeGet('/v1/customers', list([customer('cus_A'), customer('cus_B')], '/v1/customers'));
    await runPull(app, await connectionId(), 'Customer', 'backfill');
    const now = Math.floor(Date.now() / 1000);
    stripeGet('/v1/events', (request) =>
      request.query.get('starting_after') === 'evt_a'
        ? [200, list([event('evt_b', 'customer.updated', customer('cus_B'), now - 5)], '/v1/events')]
        : [200, list([event('evt_a', 'customer.deleted', { ...customer('cus_A'), deleted: true }, now)], '/v1/events', true)],
      2,
    );
    stripeGet('/v1/customers/cus_A', { id: 'cus_A', object: 'customer', deleted: true });
    stripeGet('/v1/customers/cus_B', () => [404, { error: { code: 'resource_missing', doc_url: 'https://stripe.com/docs/error-codes/resource-missing', message: "No such customer: 'cus_B'", param: 'id', type: 'invalid_request_error' } }]);
    await runPull(app, await connectionId(), 'Customer', 'incremental');
    expect((await record('cus_A'))!.deleted).toBe(true);
    expect((await record('cus_B'))!.deleted).toBe(true);
  });

  it('falls back to a full listing (with its deletion sweep) when the cursor is older than the 30 days events are kept', async () => {
    stripeGet('/v1/customers', list([customer('cus_A'), customer('cus_B')], '/v1/customers'));
    await runPull(app, await connectionId(), 'Customer', 'backfill');
    await sqlRun(app, `UPDATE sync_cursors SET cursor = ? WHERE object_type = 'Customer'`, JSON.stringify({ phase: 'events', since: Date.now() - 31 * DAY * 1000 }));
    seen = [];
    stripeGet('/v1/customers', list([customer('cus_A')], '/v1/customers'));
    const run = await runPull(app, await connectionId(), 'Customer', 'incremental');
    expect(seen.map((s) => s.path)).toEqual(['/v1/customers']);
    expect(await getSyncRun(app.store.db, run.runId!)).toMatchObject({ status: 'succeeded', deleted: 1 });
    expect((await record('cus_B'))!.deleted).toBe(true);
    expect(await cursorOf('Customer')).toMatchObject({ phase: 'events' });
    expect(Date.now() - ((await cursorOf('Customer')).since as number)).toBeLessThan(60_000);
  });

  it('finishes an interrupted full listing from its last id without sweeping (the earlier part is not known)', async () => {
    stripeGet('/v1/customers', list([customer('cus_A'), customer('cus_B')], '/v1/customers'));
    await runPull(app, await connectionId(), 'Customer', 'backfill');
    await sqlRun(app, `UPDATE sync_cursors SET cursor = ? WHERE object_type = 'Customer'`, JSON.stringify({ phase: 'full', startedAt: Date.now() - 60_000, after: 'cus_A' }));
    seen = [];
    stripeGet('/v1/customers', list([customer('cus_C')], '/v1/customers'));
    const run = await runPull(app, await connectionId(), 'Customer', 'incremental');
    expect(seen[0]!.query.get('starting_after')).toBe('cus_A');
    expect(await getSyncRun(app.store.db, run.runId!)).toMatchObject({ status: 'succeeded', added: 1, deleted: 0 });
    expect((await record('cus_B'))!.deleted).toBe(false);
  });

  it('waits out short 429s in place and reschedules when Stripe asks for a long pause', async () => {
    const limited = { error: { code: 'rate_limit', message: 'Too many requests hit the API too quickly. We recommend an exponential backoff of your requests.', type: 'invalid_request_error' } };
    let calls = 0;
    nock(STRIPE).get(/^\/v1\/customers/).times(2).reply(() => { calls++; return [429, limited, { 'Request-Id': 'req_429' }]; });
    nock(STRIPE).get(/^\/v1\/customers/).reply(() => { calls++; return [200, list([customer('cus_A')], '/v1/customers')]; });
    await runPull(app, await connectionId(), 'Customer', 'backfill');
    expect(calls).toBe(3);
    expect(await record('cus_A')).toBeDefined();

    // A wait longer than the shared in-place limit (a minute) reschedules the job; the run waits, it has not failed.
    nock(STRIPE).get(/^\/v1\/customers/).reply(429, limited, { 'Retry-After': '90' });
    const failed = await runPull(app, await connectionId(), 'Customer', 'backfill').catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(RateLimitError);
    expect((failed as RateLimitError).retryAfterMs).toBe(90_000);
    expect((failed as Error).message).toContain('Too many requests');
    expect(await sqlGet(app, `SELECT status FROM sync_runs ORDER BY id DESC LIMIT 1`)).toEqual({ status: 'rate_limited' });
  });

  it('downloads an invoice PDF from its invoice_pdf file URL; drafts have none', async () => {
    const invoice = openInvoice('in_open', { number: 'INV/0007' });
    stripeGet('/v1/invoices/in_open', invoice);
    nock('https://pay.stripe.test').get('/invoice/acct_1/test_in_open/pdf').reply(302, '', { Location: 'https://files.stripe.test/links/fl_1/pdf' });
    nock('https://files.stripe.test').get('/links/fl_1/pdf').reply(200, Buffer.from('%PDF-1.7\n%fake but PDF-shaped\n'), { 'Content-Type': 'application/pdf' });
    const connector = app.connectors.get('stripe');
    const ctx = await buildConnectorContext(app, (await findConnection(app.store.db, await connectionId()))!);
    const document = await connector.invoicePdf!(ctx, 'in_open');
    expect(document.contentType).toBe('application/pdf');
    expect(document.filename).toBe('INV_0007.pdf');
    expect(document.body.subarray(0, 8).toString()).toBe('%PDF-1.7');

    stripeGet('/v1/invoices/in_draft', currentInvoice('in_draft'));
    await expect(connector.invoicePdf!(ctx, 'in_draft')).rejects.toThrow(/no PDF for invoice in_draft/);
  });

  describe('webhooks (POST /webhooks/stripe)', () => {
    const sign = (body: string, timestamp = Math.floor(Date.now() / 1000), secret = WEBHOOK_SECRET) =>
      `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
    const deliver = async (body: string, signature: string | null) => {
      const server = await startServer(app, { port: 0, host: '127.0.0.1', scheduler: false });
      try {
        const response = await fetch(`${server.url}/webhooks/stripe`, { method: 'POST', headers: { 'content-type': 'application/json', ...(signature ? { 'stripe-signature': signature } : {}) }, body });
        const answer = { status: response.status, body: (await response.json()) as Record<string, unknown> };
        await app.jobs.drain();
        return answer;
      } finally {
        await server.close();
      }
    };
    const reasons = () => sqlAll(app, `SELECT status, reason FROM webhook_deliveries ORDER BY id`);

    it('accepts a signed delivery once, drops its duplicate, and refuses bad, expired, unsigned and re-serialized ones with the reason', async () => {
      const body = JSON.stringify(event('evt_1Finalized', 'invoice.finalized', openInvoice('in_open')));
      stripeGet('/v1/invoices/in_open', openInvoice('in_open'));
      expect(await deliver(body, sign(body))).toEqual({ status: 200, body: { received: 1, duplicates: 0 } });
      expect(await deliver(body, sign(body))).toEqual({ status: 200, body: { received: 1, duplicates: 1 } });
      expect(seen.filter((s) => s.path === '/v1/invoices/in_open')).toHaveLength(1);
      expect((await record('in_open'))!.data.status).toBe('open');

      expect((await deliver(body, sign(body, undefined, 'whsec_someone_else'))).status).toBe(401);
      expect((await deliver(body, sign(body, Math.floor(Date.now() / 1000) - 301))).status).toBe(401);
      expect((await deliver(body, null)).status).toBe(401);
      // Same event, re-serialized with indentation: the signature covered the exact bytes Stripe sent.
      expect((await deliver(JSON.stringify(JSON.parse(body), null, 2), sign(body))).status).toBe(401);
      expect((await deliver(body, 'v1=abc'))).toMatchObject({ status: 401 });
      expect((await deliver(body, `t=${Math.floor(Date.now() / 1000)},v0=abc`))).toMatchObject({ status: 401 });
      expect(await reasons()).toEqual([
        { status: 'accepted', reason: null },
        { status: 'accepted', reason: null },
        { status: 'rejected', reason: 'signature does not match (Stripe-Signature v1 over the exact raw body with STRIPE_WEBHOOK_SECRET)' },
        { status: 'rejected', reason: expect.stringMatching(/^Stripe-Signature timestamp is outside the 300s tolerance \(signed 30[12]s before it arrived\)/) },
        { status: 'rejected', reason: 'missing Stripe-Signature header' },
        { status: 'rejected', reason: 'signature does not match (Stripe-Signature v1 over the exact raw body with STRIPE_WEBHOOK_SECRET)' },
        { status: 'rejected', reason: 'malformed Stripe-Signature header (expected t=<unix time>,v1=<hex>)' },
        { status: 'rejected', reason: 'Stripe-Signature header has no v1 signature' },
      ]);
    });

    it('ends with the invoice paid when invoice.paid arrives before invoice.finalized', async () => {
      const now = Math.floor(Date.now() / 1000);
      const paid = JSON.stringify(event('evt_2Paid', 'invoice.paid', paidInvoice('in_open', PI), now));
      const finalized = JSON.stringify(event('evt_1Finalized', 'invoice.finalized', openInvoice('in_open'), now - 5));
      // Whatever the event carries, Stripe's current state is paid.
      stripeGet('/v1/invoices/in_open', paidInvoice('in_open', PI), 2);
      await deliver(paid, sign(paid));
      expect((await record('in_open'))!.data.status).toBe('paid');
      await deliver(finalized, sign(finalized));
      expect(seen.filter((s) => s.path === '/v1/invoices/in_open')).toHaveLength(2);
      expect((await record('in_open'))!.data).toMatchObject({ status: 'paid', amountDueMinor: 0, payUrl: null });
    });

    it('reflects refunds in the payment: charge.refunded by webhook, refund.created through the events API', async () => {
      stripeGet('/v1/payment_intents', list([succeededIntent()], '/v1/payment_intents'));
      noInvoicePayments();
      await runPull(app, await connectionId(), 'PaymentIntent', 'backfill');
      expect((await record(PI))!.data.refundedMinor).toBe(0);

      const refundedCharge = (succeededIntent(500).latest_charge as Record<string, unknown>);
      const body = JSON.stringify(event('evt_Refunded', 'charge.refunded', refundedCharge));
      stripeGet(`/v1/payment_intents/${PI}`, succeededIntent(500));
      expect(await deliver(body, sign(body))).toMatchObject({ status: 200, body: { received: 1 } });
      expect(seen.find((s) => s.path === `/v1/payment_intents/${PI}`)!.query.get('expand[0]')).toBe('latest_charge');
      expect((await record(PI))!.data).toMatchObject({ amountMinor: 1099, refundedMinor: 500 });

      const refund = { id: 're_1', object: 'refund', amount: 599, charge: refundedCharge.id, currency: 'usd', payment_intent: PI, status: 'succeeded', created: Math.floor(Date.now() / 1000) };
      stripeGet('/v1/events', list([event('evt_Refund2', 'refund.created', refund)], '/v1/events'));
      stripeGet(`/v1/payment_intents/${PI}`, succeededIntent(1099));
      await runPull(app, await connectionId(), 'PaymentIntent', 'incremental');
      expect((await record(PI))!.data.refundedMinor).toBe(1099);
    });
  });
});

describe('Stripe connector with a restricted key on a Connect account', () => {
  let app: TestApp;
  beforeEach(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    app = await createTestApp({ HUBSPOT_ACCESS_TOKEN: '', STRIPE_SECRET_KEY: 'rk_test_51Restricted', STRIPE_ACCOUNT_ID: 'acct_1Connected', STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_BASE_URL: 'http://127.0.0.2:4242' });
  });
  afterEach(async () => {
    nock.cleanAll();
    nock.enableNetConnect();
    await app.dispose();
  });

  it('sends the restricted key, the Stripe-Account header and the pinned API version to the configured endpoint', async () => {
    const connectionId = (await sqlValue<number>(app, `SELECT id FROM connections WHERE provider = 'stripe'`))!;
    nock('http://127.0.0.2:4242')
      .matchHeader('authorization', 'Bearer rk_test_51Restricted')
      .matchHeader('stripe-account', 'acct_1Connected')
      .matchHeader('stripe-version', '2026-10-28.endive')
      .get('/v1/customers')
      .query({ limit: '100' })
      .reply(200, list([customer('cus_A', { name: 'Connected customer' })], '/v1/customers'));
    const run = await runPull(app, connectionId, 'Customer', 'backfill');
    expect(await getSyncRun(app.store.db, run.runId!)).toMatchObject({ status: 'succeeded', added: 1 });
    expect(nock.isDone()).toBe(true);
  });

  it('routes a Connect webhook naming the connected account to this connection and fetches with Stripe-Account', async () => {
    const body = JSON.stringify(event('evt_Connect1', 'customer.updated', customer('cus_A', { name: 'Renamed' }), Math.floor(Date.now() / 1000), { account: 'acct_1Connected' }));
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = `t=${timestamp},v1=${createHmac('sha256', WEBHOOK_SECRET).update(`${timestamp}.${body}`).digest('hex')}`;
    nock('http://127.0.0.2:4242').matchHeader('stripe-account', 'acct_1Connected').get('/v1/customers/cus_A').reply(200, customer('cus_A', { name: 'Renamed' }));
    const server = await startServer(app, { port: 0, host: '127.0.0.1', scheduler: false });
    try {
      const response = await fetch(`${server.url}/webhooks/stripe`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': signature }, body });
      expect(response.status).toBe(200);
      await app.jobs.drain();
    } finally {
      await server.close();
    }
    expect(JSON.parse((await sqlValue<string>(app, `SELECT data FROM records WHERE external_id = 'cus_A'`))!).name).toBe('Renamed');
  });

  it('refuses a publishable key at start-up with the reason', async () => {
    await expect(createTestApp({ HUBSPOT_ACCESS_TOKEN: '', STRIPE_SECRET_KEY: 'pk_test_123' })).rejects.toThrow(/secret key .* or a restricted key/);
  });
});
