import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import nock from 'nock';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createTestApp, type TestApp } from '../../tests/support/create-test-app.js';
import { runPull } from '../../src/sync/run-pull.js';
import { getSyncRun } from '../../src/sync/sync-run-repository.js';
import { startServer } from '../../src/server/start-server.js';
import { fetchAndApply } from '../../src/sync/fetch-and-apply.js';
import { RateLimitError } from '../../src/sync/sync-errors.js';
import { mapQuickBooksInvoice } from '../../mappings/quickbooks/invoice.js';
import { loadConfig } from '../../src/config/load-config.js';
import { sqlAll, sqlGet, sqlRun, sqlValue } from '../../tests/support/sql.js';

const QBO = 'https://quickbooks.test';
const REALM = '9130350604308576';
const VERIFIER = 'quickbooks-webhook-verifier-token';
// Intuit's documented invoice sample (DocNumber 1070, Amy's Bird Sanctuary), kept in shared/.
const sampleInvoice = JSON.parse(readFileSync(new URL('./testing/samples/invoice.json', import.meta.url), 'utf8')) as Record<string, unknown>;

function invoice(id: string, updated: string, fields: Record<string, unknown> = {}) {
  return { ...sampleInvoice, Id: id, DocNumber: `10${id}`, MetaData: { CreateTime: updated, LastUpdatedTime: updated }, ...fields };
}

const queryPath = `/v3/company/${REALM}/query`;

describe('QuickBooks Online connector (node-quickbooks against nock)', () => {
  let app: TestApp;
  beforeEach(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    app = await createTestApp({
      HUBSPOT_ACCESS_TOKEN: '',
      QUICKBOOKS_BASE_URL: QBO,
      QUICKBOOKS_REALM_ID: REALM,
      QUICKBOOKS_ACCESS_TOKEN: 'qbo-access-1',
      QUICKBOOKS_REFRESH_TOKEN: 'qbo-refresh-1',
      QUICKBOOKS_CLIENT_ID: 'qbo-client',
      QUICKBOOKS_CLIENT_SECRET: 'qbo-secret',
      QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN: VERIFIER,
      QUICKBOOKS_TOKEN_URL: 'https://oauth.quickbooks.test/oauth2/v1/tokens/bearer',
    });
    // Every run reads the home currency first (cached for hours): a US company unless a test says otherwise.
    nock(QBO).get(`/v3/company/${REALM}/preferences`).query(true).reply(200, preferencesAnswer('USD')).persist();
  });
  const preferencesAnswer = (currency: string) => ({
    Preferences: { CurrencyPrefs: { MultiCurrencyEnabled: false, HomeCurrency: { value: currency } }, domain: 'QBO', Id: '1', MetaData: { CreateTime: '2026-01-01T00:00:00-08:00', LastUpdatedTime: '2026-01-01T00:00:00-08:00' } },
    time: '2026-11-23T02:00:00.000-08:00',
  });
  afterEach(async () => {
    nock.cleanAll();
    nock.enableNetConnect();
    await app.dispose();
  });
  const connectionId = async () => (await sqlValue<number>(app, `SELECT id FROM connections WHERE provider = 'quickbooks'`))!;

  it('backfills over STARTPOSITION/MAXRESULTS pages ordered by LastUpdatedTime, then pulls from the cursor', async () => {
    const queries: string[] = [];
    const many = Array.from({ length: 1000 }, (_, i) => invoice(String(1000 + i), `2026-11-01T10:${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}-07:00`));
    nock(QBO)
      .get(queryPath).query((q) => { queries.push(String(q.query)); return / startposition 1 /i.test(String(q.query)); })
      .reply(200, { QueryResponse: { Invoice: many, startPosition: 1, maxResults: 1000 }, time: '2026-11-23T02:00:00.000-08:00' })
      .get(queryPath).query((q) => { queries.push(String(q.query)); return / startposition 1001 /i.test(String(q.query)); })
      .reply(200, { QueryResponse: { Invoice: [invoice('3000', '2026-11-02T09:00:00-07:00')], startPosition: 1001, maxResults: 1 }, time: '2026-11-23T02:00:00.000-08:00' });
    const first = await runPull(app, await connectionId(), 'Invoice', 'backfill');
    expect(await getSyncRun(app.store.db, first.runId!)).toMatchObject({ status: 'succeeded', pages: 2, added: 1001 });
    expect(queries[0]).toBe('select * from invoice orderby Metadata.LastUpdatedTime asc startposition 1 maxresults 1000');

    // The cursor is recent enough for CDC, which is how QuickBooks reports deletions.
    await sqlRun(app, `UPDATE sync_cursors SET cursor = ? WHERE object_type = 'Invoice'`, JSON.stringify({ since: Date.now() - 3600_000 }));
    // CDC alone answers an incremental pass: the full payload of what changed, deletions included.
    let changedSince = '';
    const queriesBefore = queries.length;
    nock(QBO)
      .get(`/v3/company/${REALM}/cdc`).query((q) => { changedSince = String(q.changedSince); return q.entities === 'Invoice'; })
      .reply(200, {
        CDCResponse: [{ QueryResponse: [{ Invoice: [invoice('1006', new Date().toISOString(), { Balance: 0 }), { domain: 'QBO', status: 'Deleted', Id: '1005', MetaData: { LastUpdatedTime: new Date().toISOString() } }], startPosition: 1, maxResults: 2 }] }],
        time: new Date().toISOString(),
      });
    const incremental = await runPull(app, await connectionId(), 'Invoice', 'incremental');
    expect(queries.length).toBe(queriesBefore);
    expect(changedSince).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(await getSyncRun(app.store.db, incremental.runId!)).toMatchObject({ status: 'succeeded', pages: 1, updated: 1, deleted: 1 });
    expect(await sqlGet(app, `SELECT deleted FROM records WHERE external_id = '1005'`)).toEqual({ deleted: 1 });
    expect(JSON.parse((await sqlValue<string>(app, `SELECT data FROM records WHERE external_id = '1006'`))!).amountDueMinor).toBe(0);

    // A cursor older than CDC's 30 days: everything is listed again, and what is gone is swept.
    await sqlRun(app, `UPDATE sync_cursors SET cursor = ? WHERE object_type = 'Invoice'`, JSON.stringify({ since: Date.now() - 40 * 86_400_000 }));
    nock(QBO)
      .get(queryPath).query((q) => { queries.push(String(q.query)); return true; })
      .reply(200, { QueryResponse: { Invoice: many.slice(0, 10) }, time: '2026-11-23T02:00:00.000-08:00' });
    const full = await runPull(app, await connectionId(), 'Invoice', 'incremental');
    expect(queries.at(-1)).toBe('select * from invoice orderby Metadata.LastUpdatedTime asc startposition 1 maxresults 1000');
    // 1 001 stored, 1 already deleted; the ten listed include that one, older than its deletion, so it stays deleted.
    expect(await getSyncRun(app.store.db, full.runId!)).toMatchObject({ status: 'succeeded', deleted: 991 });
    expect(await sqlGet(app, `SELECT COUNT(*) AS n FROM records WHERE deleted = 0`)).toEqual({ n: 9 });

    // A CDC answer cut at 1 000 objects: the changes are queried page by page, and the next run lists everything.
    await sqlRun(app, `UPDATE sync_cursors SET cursor = ? WHERE object_type = 'Invoice'`, JSON.stringify({ since: Date.now() - 3600_000 }));
    nock(QBO)
      .get(`/v3/company/${REALM}/cdc`).query(true)
      .reply(200, { CDCResponse: [{ QueryResponse: [{ Invoice: many.map((item) => ({ ...item, MetaData: { ...item.MetaData, LastUpdatedTime: new Date().toISOString() } })), startPosition: 1, maxResults: 1000 }] }], time: new Date().toISOString() })
      .get(queryPath).query((q) => { queries.push(String(q.query)); return true; })
      .reply(200, { QueryResponse: { Invoice: [invoice('1007', new Date().toISOString())] }, time: new Date().toISOString() });
    const capped = await runPull(app, await connectionId(), 'Invoice', 'incremental');
    expect(queries.at(-1)).toMatch(/^select \* from invoice where Metadata\.LastUpdatedTime >= '\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z' orderby Metadata\.LastUpdatedTime asc startposition 1 maxresults 1000$/);
    expect(await getSyncRun(app.store.db, capped.runId!)).toMatchObject({ status: 'succeeded', pages: 2 });
    expect(JSON.parse((await sqlValue<string>(app, `SELECT cursor FROM sync_cursors WHERE object_type = 'Invoice'`))!)).toEqual({ since: null });
  });

  it('works out invoice status from the amounts, and keeps JPY and three-decimal currencies exact', () => {
    const context = { metadata: { get: () => undefined, set: () => {} }, config: loadConfig({}) };
    const today = '2026-11-23';
    expect(mapQuickBooksInvoice(invoice('1', 'x', { TotalAmt: 150, Balance: 150, DueDate: '2026-12-01' }), context, today).status).toBe('open');
    expect(mapQuickBooksInvoice(invoice('2', 'x', { TotalAmt: 150, Balance: 50, DueDate: '2026-12-01' }), context, today).status).toBe('partially_paid');
    expect(mapQuickBooksInvoice(invoice('3', 'x', { TotalAmt: 150, Balance: 0 }), context, today).status).toBe('paid');
    expect(mapQuickBooksInvoice(invoice('4', 'x', { TotalAmt: 150, Balance: 150, DueDate: '2026-11-01' }), context, today).status).toBe('overdue');
    expect(mapQuickBooksInvoice(invoice('5', 'x', { TotalAmt: 0, Balance: 0, PrivateNote: 'Voided' }), context, today).status).toBe('void');
    const yen = mapQuickBooksInvoice(invoice('6', 'x', { CurrencyRef: { value: 'JPY' }, TotalAmt: 125000, Balance: 125000, Line: [{ DetailType: 'SalesItemLineDetail', Amount: 125000, Description: 'Retainer', SalesItemLineDetail: { Qty: 1, UnitPrice: 125000 } }] }), context, today);
    expect(yen).toMatchObject({ currency: 'JPY', totalMinor: 125000, lines: [{ description: 'Retainer', amountMinor: 125000, unitAmountMinor: 125000 }] });
    const dinar = mapQuickBooksInvoice(invoice('7', 'x', { CurrencyRef: { value: 'KWD' }, TotalAmt: 12.345, Balance: 0.005, TxnTaxDetail: { TotalTax: 0.615 }, DueDate: '2026-12-31' }), context, today);
    expect(dinar).toMatchObject({ currency: 'KWD', totalMinor: 12_345, amountDueMinor: 5, taxMinor: 615, subtotalMinor: 11_730, status: 'partially_paid' });
    // The sample itself: $150.00 for "Services", unpaid.
    expect(mapQuickBooksInvoice(sampleInvoice, context, today)).toMatchObject({ number: '1070', totalMinor: 15_000, amountDueMinor: 15_000, customerExternalId: '1', lines: [{ description: 'Services', amountMinor: 15_000 }] });
  });

  it('records a payment that settles two invoices', async () => {
    nock(QBO)
      .get(queryPath).query((q) => /from payment where Id IN \('77'\)/i.test(String(q.query)))
      .reply(200, { QueryResponse: { Payment: [{ Id: '77', TxnDate: '2026-11-20', TotalAmt: 300.5, CustomerRef: { value: '1', name: "Amy's Bird Sanctuary" }, Line: [{ Amount: 150, LinkedTxn: [{ TxnId: '239', TxnType: 'Invoice' }] }, { Amount: 150.5, LinkedTxn: [{ TxnId: '240', TxnType: 'Invoice' }] }], MetaData: { LastUpdatedTime: '2026-11-20T10:00:00-08:00' } }] } });
    await fetchAndApply(app, await connectionId(), 'Payment', ['77']);
    const payment = JSON.parse((await sqlValue<string>(app, `SELECT data FROM records WHERE kind = 'payment'`))!) as Record<string, unknown>;
    expect(payment).toMatchObject({ amountMinor: 30_050, currency: 'USD', invoiceExternalIds: ['239', '240'], allocations: [{ invoiceExternalId: '239', amountMinor: 15_000 }, { invoiceExternalId: '240', amountMinor: 15_050 }], customerExternalId: '1', paidAt: '2026-11-20' });
  });

  it('verifies intuit-signature over the raw bytes: accepted, forged, and re-serialized', async () => {
    const server = await startServer(app, { port: 0, host: '127.0.0.1', scheduler: false });
    try {
      const body = readFileSync(new URL('./testing/samples/webhook_cloudevents.json', import.meta.url), 'utf8').replace('9876543210', REALM);
      const sign = (text: string, key = VERIFIER) => createHmac('sha256', key).update(text).digest('base64');
      const post = (text: string, signature: string) => fetch(`${server.url}/webhooks/quickbooks`, { method: 'POST', headers: { 'content-type': 'application/json', 'intuit-signature': signature }, body: text });
      nock(QBO).get(queryPath).query(true).reply(200, { QueryResponse: { Invoice: [invoice('103', '2026-03-05T10:00:00Z')] } });
      const good = await post(body, sign(body));
      expect(good.status).toBe(200);
      expect(await good.json()).toEqual({ received: 1, duplicates: 0 });
      expect((await post(body, sign(body, 'wrong-token'))).status).toBe(401);
      // Same JSON, different bytes (pretty-printed by a proxy): the signature must not match.
      const reserialized = JSON.stringify(JSON.parse(body), null, 2);
      expect((await post(reserialized, sign(body))).status).toBe(401);
      await app.jobs.drain();
    } finally {
      await server.close();
    }
    expect(await sqlAll(app, `SELECT external_id AS id FROM records WHERE kind = 'invoice'`)).toEqual([{ id: '103' }]);
    expect(await sqlAll(app, `SELECT reason FROM webhook_deliveries WHERE status = 'rejected' ORDER BY id`)).toEqual([
      { reason: 'signature does not match (intuit-signature)' },
      { reason: 'signature does not match (intuit-signature)' },
    ]);
  });

  it('backs off a ThrottleExceeded 429 in place from a second, reschedules only when it persists, and refreshes once when two jobs meet an expired token', async () => {
    const throttle = { Fault: { Error: [{ Message: 'message=ThrottleExceeded; errorCode=003001; statusCode=429', code: '3001' }], type: 'SERVICE' } };
    const waits: number[] = [];
    const waiting = await createTestApp(
      { HUBSPOT_ACCESS_TOKEN: '', QUICKBOOKS_BASE_URL: QBO, QUICKBOOKS_REALM_ID: REALM, QUICKBOOKS_ACCESS_TOKEN: 'qbo-access-1' },
      { sleep: async (ms) => void waits.push(ms) },
    );
    try {
      const id = (await sqlValue<number>(waiting, `SELECT id FROM connections WHERE provider = 'quickbooks'`))!;
      // Intuit names no wait: 1 s, then 2 s, in place; the run carries on and succeeds.
      nock(QBO).get(queryPath).query(true).times(2).reply(429, throttle);
      nock(QBO).get(queryPath).query(true).reply(200, { QueryResponse: { Customer: [{ Id: '1', DisplayName: 'Amy', MetaData: { LastUpdatedTime: '2026-11-20T10:00:00Z' } }] } });
      await runPull(waiting, id, 'Customer', 'backfill');
      expect(nock.pendingMocks()).toEqual([]);
      expect(waits.filter((ms) => ms >= 1000)).toEqual([1000, 2000]);
      expect(await sqlAll(waiting, `SELECT status FROM sync_runs`)).toEqual([{ status: 'succeeded' }]);

      // A throttle that outlasts Intuit's minute (1+2+4+8+16+32 s in place) reschedules the job: not a failure.
      nock(QBO).get(queryPath).query(true).times(7).reply(429, throttle);
      const throttled = await runPull(waiting, id, 'Customer', 'backfill').catch((e: unknown) => e);
      expect(throttled).toBeInstanceOf(RateLimitError);
      expect((throttled as RateLimitError).retryAfterMs).toBe(64_000);
      expect(await sqlGet(waiting, `SELECT status, CASE WHEN resumes_at IS NOT NULL THEN 1 ELSE 0 END AS resumes FROM sync_runs ORDER BY id DESC LIMIT 1`)).toEqual({ status: 'rate_limited', resumes: 1 });
    } finally {
      await waiting.dispose();
    }

    let refreshes = 0;
    nock('https://oauth.quickbooks.test')
      .post('/oauth2/v1/tokens/bearer', (b: Record<string, string>) => b.grant_type === 'refresh_token' && b.refresh_token === 'qbo-refresh-1')
      .delay(50)
      .reply(200, () => {
        refreshes++;
        return { token_type: 'bearer', access_token: 'qbo-access-2', refresh_token: 'qbo-refresh-2', expires_in: 3600, x_refresh_token_expires_in: 8_726_400 };
      });
    nock(QBO).get(queryPath).query(true).matchHeader('authorization', 'Bearer qbo-access-1').times(2).reply(401, { Fault: { Error: [{ Message: 'AuthenticationFailed', code: '3200' }], type: 'AUTHENTICATION' } });
    nock(QBO).get(queryPath).query(true).matchHeader('authorization', 'Bearer qbo-access-2').times(2).reply(200, { QueryResponse: { Customer: [{ Id: '1', DisplayName: "Amy's Bird Sanctuary", MetaData: { LastUpdatedTime: '2026-11-20T10:00:00Z' } }] } });
    await Promise.all([fetchAndApply(app, await connectionId(), 'Customer', ['1']), fetchAndApply(app, await connectionId(), 'Customer', ['1'])]);
    expect(refreshes).toBe(1);
    expect(JSON.parse((await sqlValue<string>(app, `SELECT data FROM records WHERE kind = 'company'`))!).name).toBe("Amy's Bird Sanctuary");
  });

  it('paces a burst under Intuit’s 10 requests a second instead of bouncing off 429s', async () => {
    const paced = await createTestApp(
      { HUBSPOT_ACCESS_TOKEN: '', QUICKBOOKS_BASE_URL: QBO, QUICKBOOKS_REALM_ID: REALM, QUICKBOOKS_ACCESS_TOKEN: 'qbo-access-1' },
      { sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) },
    );
    const sentAt: number[] = [];
    nock(QBO).get(queryPath).query(true).times(12).reply(() => {
      sentAt.push(Date.now());
      return [200, { QueryResponse: {} }];
    });
    try {
      const id = (await sqlValue<number>(paced, `SELECT id FROM connections WHERE provider = 'quickbooks'`))!;
      // 1 200 ids are asked for in chunks of 100: twelve requests at once.
      await fetchAndApply(paced, id, 'Invoice', Array.from({ length: 1200 }, (_, i) => String(5000 + i)));
    } finally {
      await paced.dispose();
    }
    expect(sentAt).toHaveLength(12);
    // The pacer grants 8 a sliding second; these times are taken where the requests arrive, a few
    // milliseconds (more on a loaded machine) after each grant, so two grants just over a second apart
    // may arrive just under one. What must hold is Intuit's limit: no sliding second holds more than 10,
    // and the burst was really spread (12 requests at 8 a second take more than a second).
    for (const start of sentAt) expect(sentAt.filter((t) => t >= start && t < start + 1000).length).toBeLessThanOrEqual(10);
    expect(Math.max(...sentAt) - Math.min(...sentAt)).toBeGreaterThanOrEqual(900);
  });

  it('reads the home currency from Preferences for amounts that name none, once per few hours', async () => {
    nock.cleanAll();
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    let preferenceReads = 0;
    nock(QBO).get(`/v3/company/${REALM}/preferences`).query(true).times(5).reply(() => { preferenceReads++; return [200, preferencesAnswer('JPY')]; });
    const withoutCurrency: Record<string, unknown> = invoice('7', '2026-11-01T10:00:00-07:00', { TotalAmt: 12000, Balance: 12000 });
    delete withoutCurrency.CurrencyRef;
    nock(QBO).get(queryPath).query(true).twice().reply(200, { QueryResponse: { Invoice: [withoutCurrency] }, time: '2026-11-23T02:00:00.000-08:00' });
    await runPull(app, await connectionId(), 'Invoice', 'backfill');
    await runPull(app, await connectionId(), 'Invoice', 'backfill');
    const data = JSON.parse((await sqlValue<string>(app, `SELECT data FROM records WHERE external_id = '7'`))!) as { currency: string; totalMinor: number };
    expect(data).toMatchObject({ currency: 'JPY', totalMinor: 12000 });
    expect(preferenceReads).toBe(1);
  });

  it('maps credit memos (open, applied, voided) and serves an invoice PDF from QuickBooks', async () => {
    const memo = (id: string, fields: Record<string, unknown>) => ({
      Id: id, DocNumber: `CM-${id}`, TxnDate: '2026-11-10', CustomerRef: { value: '21', name: "Amy's Bird Sanctuary" }, CurrencyRef: { value: 'USD' },
      Line: [{ Id: '1', LineNum: 1, Amount: 50, DetailType: 'SalesItemLineDetail', Description: 'Refund for missed session', SalesItemLineDetail: { ItemRef: { value: '1', name: 'Services' } } }, { Amount: 50, DetailType: 'SubTotalLineDetail', SubTotalLineDetail: {} }],
      MetaData: { CreateTime: '2026-11-10T10:00:00-08:00', LastUpdatedTime: `2026-11-10T10:0${id}:00-08:00` }, ...fields,
    });
    nock(QBO).get(queryPath).query((q) => /from creditmemo/i.test(String(q.query))).reply(200, {
      QueryResponse: { CreditMemo: [memo('1', { TotalAmt: 50, RemainingCredit: 50, Balance: 50 }), memo('2', { TotalAmt: 50, RemainingCredit: 0, Balance: 0 }), memo('3', { TotalAmt: 0, RemainingCredit: 0, Balance: 0, PrivateNote: 'Voided' })] },
      time: '2026-11-23T02:00:00.000-08:00',
    });
    await runPull(app, await connectionId(), 'CreditMemo', 'backfill');
    const rows = await sqlAll<{ external_id: string; kind: string; data: string }>(app, `SELECT external_id, kind, data FROM records WHERE object_type = 'CreditMemo' ORDER BY external_id`);
    expect(rows.map((r) => [r.kind, JSON.parse(r.data).status, JSON.parse(r.data).remainingMinor])).toEqual([['credit_note', 'open', 5000], ['credit_note', 'applied', 0], ['credit_note', 'void', 0]]);
    expect(JSON.parse(rows[0]!.data).lines).toEqual([{ description: 'Refund for missed session', amountMinor: 5000 }]);

    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from('invoice 1070 body'), Buffer.from('\n%%EOF')]);
    let accept = '';
    nock(QBO).get(`/v3/company/${REALM}/invoice/130/pdf`).query(true).reply(function () { accept = String(this.req.headers.accept); return [200, pdf, { 'content-type': 'application/pdf' }]; });
    const { buildConnectorContext } = await import('../../src/connections/build-connector-context.js');
    const { findConnection } = await import('../../src/store/connections/find-connection.js');
    const connector = app.connectors.get('quickbooks');
    const document = await connector.invoicePdf!(await buildConnectorContext(app, (await findConnection(app.store.db, await connectionId()))!), '130');
    expect(accept).toBe('application/pdf');
    expect(document).toMatchObject({ contentType: 'application/pdf', filename: 'invoice-130.pdf' });
    expect(document.body.equals(pdf)).toBe(true);

    nock(QBO).get(`/v3/company/${REALM}/invoice/131/pdf`).query(true).reply(200, { QueryResponse: {} });
    await expect(connector.invoicePdf!(await buildConnectorContext(app, (await findConnection(app.store.db, await connectionId()))!), '131')).rejects.toThrow(/not a PDF/);
  });
});
