/**
 * Issue 18 end to end over HTTP on the suite's engine: one bill kept in Stripe, Xero and QuickBooks
 * is listed and counted once, names every system, and is paid on whichever copy has a payment page;
 * near-misses stay apart and doubtful pairs wait for staff, whose decision is final and audited.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import express from 'express';
import { createPortalRouter } from './create-portal-router.js';
import { createPortalTestApp, seedPortalClient, type PortalTestApp } from '../tests/support/seed-portal.js';
import { serveHttp, type ServedHttp } from '../tests/support/portal-http-client.js';
import { fakeConnector, invoiceData, paymentData, registryOf, seedConnection, seedPortalUser, seedRecord, signedInClient } from '../tests/support/seed-portal-records.js';
import { refreshInvoiceMatches } from '../src/billing/refresh-invoice-matches.js';
import { decideInvoiceMatch } from '../src/billing/decide-invoice-match.js';
import { listInvoiceMatchReviews } from '../src/billing/list-invoice-match-reviews.js';
import type { Invoice } from '../src/model/unified-model.js';
import { loadStatement } from './loaders/load-statement.js';
import { runMatchesCommand } from '../src/cli/matches-command.js';
import { purgeConnectionRecords } from '../src/staff/services/purge-connection-records.js';
import { sqlAll, sqlGet, sqlRun } from '../tests/support/sql.js';

const T0 = Date.parse('2026-11-20T10:00:00Z');
const staff = { type: 'staff' as const, id: 'ops@brightside.example' };

describe('one bill in several systems', () => {
  let test: PortalTestApp;
  let served: ServedHttp;
  const onlineInvoiceCalls: string[] = [];
  const xero = { ...fakeConnector('xero', 'Xero'), invoicePayUrl: async (_ctx: unknown, externalId: string) => { onlineInvoiceCalls.push(externalId); return `https://in.xero.example/view/${externalId}`; } };

  beforeAll(async () => {
    test = await createPortalTestApp({}, { connectors: registryOf([xero, fakeConnector('stripe', 'Stripe'), fakeConnector('quickbooks', 'QuickBooks')]) });
    const http = express();
    http.use(createPortalRouter(test.app, { now: () => T0 }));
    served = await serveHttp(http);
  });
  afterAll(async () => {
    await served?.close();
    await test?.dispose();
  });

  let world: Awaited<ReturnType<typeof seed>>;
  beforeEach(async () => {
    onlineInvoiceCalls.length = 0;
    for (const table of ['invoice_match_reviews', 'invoice_match_decisions', 'invoice_matches', 'audit_log', 'sessions', 'auth_tokens', 'portal_users', 'record_changes', 'records', 'clients', 'connections']) await sqlRun(test.app, `DELETE FROM ${table}`);
    test.app.config.billing = { systemOfRecord: { 'stripe+xero': 'xero', 'quickbooks+xero': 'xero' }, billingRoles: { quickbooks: 'books' as const, xero: 'books' as const, stripe: 'payments' as const }, matchToleranceDays: 3, paymentInstructions: undefined };
    world = await seed();
  });

  async function seed() {
    const app = test.app;
    const northwind = await seedPortalClient(app, { name: 'Northwind Traders', user: { email: 'nancy@northwind.example', name: 'Nancy', status: 'active', role: 'client_admin' } }, T0);
    const globex = await seedPortalClient(app, { name: 'Globex', user: { email: 'hank@globex.example', name: 'Hank', status: 'active' } }, T0);
    const billing = (await seedPortalUser(app, northwind.clientId, { email: 'bella@northwind.example', name: 'Bella', role: 'billing' }, T0)).userId;
    const stripe = await seedConnection(app, 'stripe', 'seed', T0);
    const xeroId = await seedConnection(app, 'xero', 'seed', T0);
    const quickbooks = await seedConnection(app, 'quickbooks', 'seed', T0);
    const bill = { issueDate: '2026-10-01', dueDate: '2026-10-31', subtotalMinor: 1_440_000, taxMinor: 0, totalMinor: 1_440_000, amountDueMinor: 1_440_000 };
    const invoice = async (connectionId: number, provider: string, data: Partial<Invoice>, externalId?: string, clientId = northwind.clientId) =>
      (await seedRecord(app, { connectionId, provider, kind: 'invoice', clientId, data: invoiceData({ ...bill, ...data }), ...(externalId ? { externalId } : {}) }, T0)).recordId;
    const ids = {
      stripe: await invoice(stripe, 'stripe', { number: '3130EB3-0003', payUrl: 'https://invoice.stripe.example/i/acct_1/in_1NW' }, 'in_1NW'),
      xero: await invoice(xeroId, 'xero', { number: 'INV-0003', references: ['in_1NW'] }, 'a1b2c3d4-0000-4000-8000-000000000003'),
      // No reference at all: the same amount, currency and dates, unique both ways.
      quickbooks: await invoice(quickbooks, 'quickbooks', { number: '1003', issueDate: '2026-10-02', dueDate: '2026-11-01' }, '1003'),
      // Near-misses: the same amount next month; the same number at another client; a partial payment in Stripe only.
      nextMonth: await invoice(stripe, 'stripe', { number: '3130EB3-0004', issueDate: '2026-11-01', dueDate: '2026-11-30', payUrl: 'https://invoice.stripe.example/i/acct_1/in_2NW' }, 'in_2NW'),
      globex: await invoice(xeroId, 'xero', { number: 'INV-0003' }, 'a1b2c3d4-0000-4000-8000-0000000000ff', globex.clientId),
      partStripe: await invoice(stripe, 'stripe', { number: '3130EB3-0005', status: 'partially_paid', issueDate: '2026-11-10', dueDate: '2026-12-10', totalMinor: 50_000, subtotalMinor: 50_000, amountDueMinor: 20_000, payUrl: 'https://invoice.stripe.example/i/acct_1/in_3NW' }, 'in_3NW'),
      partXero: await invoice(xeroId, 'xero', { number: 'INV-0005', issueDate: '2026-11-10', dueDate: '2026-12-10', totalMinor: 50_000, subtotalMinor: 50_000, amountDueMinor: 50_000 }, 'a1b2c3d4-0000-4000-8000-000000000005'),
      // Only in Xero, nothing to click but Xero's online invoice; and a void one.
      xeroOnly: await invoice(xeroId, 'xero', { number: 'INV-0007', issueDate: '2026-11-15', dueDate: '2026-12-15', totalMinor: 70_000, subtotalMinor: 70_000, amountDueMinor: 70_000 }, 'a1b2c3d4-0000-4000-8000-000000000007'),
      xeroVoid: await invoice(xeroId, 'xero', { number: 'INV-0008', status: 'void', issueDate: '2026-09-15', dueDate: '2026-10-15', amountDueMinor: 0 }, 'a1b2c3d4-0000-4000-8000-000000000008'),
    };
    await app.store.transaction((tx) => refreshInvoiceMatches(tx, app.workspaceId, app.config.billing, [northwind.clientId, globex.clientId], T0));
    return { northwind, globex, billing, ids };
  }

  const as = async (userId: number) => (await signedInClient(test.app, served.baseUrl, userId, T0)).client;
  const rowsOf = (page: string) => [...page.matchAll(/<th scope="row" data-label="Invoice"><a href="\/invoices\/(\d+)">([^<]+)<\/a>/g)].map((m) => m[2]);

  it('lists the mirrored bill once, from the system of record, naming every system, with Pay from Stripe', async () => {
    const page = (await (await as(world.billing)).get('/invoices')).text;
    expect(rowsOf(page).filter((n) => ['INV-0003', '3130EB3-0003', '1003'].includes(n ?? ''))).toEqual(['INV-0003']);
    expect(page).toMatch(/INV-0003<\/a><\/th>[\s\S]*?in Xero, Stripe and QuickBooks[\s\S]*?href="https:\/\/invoice.stripe.example\/i\/acct_1\/in_1NW"/);
    // Near-misses stay separate bills.
    expect(rowsOf(page)).toEqual(expect.arrayContaining(['3130EB3-0004', '3130EB3-0005', 'INV-0005', 'INV-0007', 'INV-0008']));
    expect(page).not.toContain('Globex');
    // The copy's own page names the others and still opens.
    const copy = (await (await as(world.billing)).get(`/invoices/${world.ids.quickbooks}`)).text;
    expect(copy).toContain('One bill, kept in QuickBooks, Stripe and Xero (Stripe 3130EB3-0003, Xero INV-0003): it is counted once.');
  });

  it('counts the bill once in the dashboard totals, overdue first with its days', async () => {
    const page = (await (await as(world.billing)).get(`/clients/${world.northwind.clientId}`)).text;
    // 14,400 overdue (once, not three times); next month's 14,400 due soon; 200 + 500 + 700 later.
    expect(page).toContain('$14,400.00 overdue');
    expect(page).toContain('$14,400.00 due soon');
    expect(page).toContain('the oldest 20 days late');
    expect(page).toMatch(/First: <a href="\/invoices\/\d+">invoice INV-0003<\/a>, \$14,400.00, overdue 20 days\./);
    expect(page).toContain('$30,200.00');
    expect(page).not.toContain('$59,');
  });

  it('sends the partial payment in one system only to staff, merges nothing, and lets staff decide once, audited', async () => {
    const reviews = await listInvoiceMatchReviews(test.app.store.db, test.app.workspaceId);
    expect(reviews).toHaveLength(1);
    expect(reviews[0]).toMatchObject({ reason: 'conflict', clientName: 'Northwind Traders', a: { recordId: world.ids.partStripe }, b: { recordId: world.ids.partXero } });
    expect(reviews[0]!.evidence.join(' ')).toContain('amount due differs');
    const input = { workspaceId: test.app.workspaceId, recordA: world.ids.partXero, recordB: world.ids.partStripe, decision: 'same' as const, actor: staff, config: test.app.config.billing, reviewId: reviews[0]!.id };
    await decideInvoiceMatch(test.app.store, input, T0);
    expect(await listInvoiceMatchReviews(test.app.store.db, test.app.workspaceId)).toEqual([]);
    const group = await sqlAll(test.app, 'SELECT record_id, group_id, method FROM invoice_matches WHERE record_id IN (?, ?) ORDER BY record_id', world.ids.partStripe, world.ids.partXero);
    expect(group).toEqual([
      { record_id: world.ids.partStripe, group_id: world.ids.partXero, method: 'manual' },
      { record_id: world.ids.partXero, group_id: world.ids.partXero, method: 'system_of_record' },
    ]);
    expect(await sqlAll(test.app, `SELECT actor_id, details FROM audit_log WHERE action = 'invoice_match.decided'`)).toEqual([{ actor_id: staff.id, details: expect.stringContaining('"decision":"same"') }]);
    // Final: a second answer is refused, and a later refresh keeps the decision.
    await expect(decideInvoiceMatch(test.app.store, { ...input, decision: 'different', reviewId: undefined }, T0)).rejects.toThrow(/final/);
    await test.app.store.transaction((tx) => refreshInvoiceMatches(tx, test.app.workspaceId, test.app.config.billing, [world.northwind.clientId], T0 + 1));
    expect(await sqlGet(test.app, 'SELECT COUNT(*) AS n FROM invoice_matches WHERE group_id = ?', world.ids.partXero)).toEqual({ n: 2 });
  });

  it('answers from the command line too: review lists the pair, answer decides once, refresh re-matches', async () => {
    const printed: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void printed.push(args.map(String).join(' ')));
    try {
      await runMatchesCommand(test.app, ['review'], true);
      const rows = JSON.parse(printed.join('\n')) as { review: number; reason: string; a: string }[];
      expect(rows).toEqual([expect.objectContaining({ reason: 'conflict', a: expect.stringContaining('stripe 3130EB3-0005') })]);
      await runMatchesCommand(test.app, ['answer', String(rows[0]!.review), 'different']);
      expect(printed.at(-1)).toBe(`Review ${rows[0]!.review} answered: two bills (final).`);
      await expect(runMatchesCommand(test.app, ['answer', String(rows[0]!.review), 'same'])).rejects.toThrow(/final/);
      await expect(runMatchesCommand(test.app, ['answer', '999', 'same'])).rejects.toThrow('There is no invoice review 999.');
      await expect(runMatchesCommand(test.app, ['answer', String(rows[0]!.review), 'maybe'])).rejects.toThrow('answer with: same | different');
      await runMatchesCommand(test.app, ['refresh']);
      expect(printed.at(-1)).toBe('1 bill(s) kept in several systems (3 copies); 0 pair(s) sent to review, 0 withdrawn.');
    } finally {
      spy.mockRestore();
    }
  });

  it('purging a connection dissolves its groups, decisions and reviews (no dangling reference), and the rest match again', async () => {
    const stripe = (await sqlGet<{ id: number }>(test.app, `SELECT id FROM connections WHERE provider = 'stripe'`))!.id;
    await test.app.store.transaction((tx) => purgeConnectionRecords(tx, stripe));
    expect(await sqlGet(test.app, 'SELECT COUNT(*) AS n FROM invoice_match_reviews')).toEqual({ n: 0 });
    await test.app.store.transaction((tx) => refreshInvoiceMatches(tx, test.app.workspaceId, test.app.config.billing, [world.northwind.clientId], T0));
    expect(await sqlAll(test.app, 'SELECT record_id, group_id FROM invoice_matches ORDER BY record_id')).toEqual([
      { record_id: world.ids.xero, group_id: world.ids.xero },
      { record_id: world.ids.quickbooks, group_id: world.ids.xero },
    ]);
  });

  it('refuses a decision across clients or on a non-invoice', async () => {
    const base = { workspaceId: test.app.workspaceId, decision: 'same' as const, actor: staff, config: test.app.config.billing };
    await expect(decideInvoiceMatch(test.app.store, { ...base, recordA: world.ids.xero, recordB: world.ids.globex }, T0)).rejects.toThrow(/one client/);
    await expect(decideInvoiceMatch(test.app.store, { ...base, recordA: world.ids.xero, recordB: world.northwind.dealIds[0] ?? 999999 }, T0)).rejects.toThrow(/not both live invoices/);
  });

  it('pays a Xero-only invoice through its online invoice, asked for on the click; never on a void one', async () => {
    const client = await as(world.billing);
    const list = (await client.get('/invoices')).text;
    expect(list).toMatch(new RegExp(`INV-0007</a></th>[\\s\\S]*?href="/invoices/${world.ids.xeroOnly}/pay"`));
    expect(list).not.toContain(`/invoices/${world.ids.xeroVoid}/pay`);
    expect(onlineInvoiceCalls).toEqual([]);
    const res = await client.get(`/invoices/${world.ids.xeroOnly}/pay`);
    expect(res.status).toBe(303);
    expect(res.location).toBe('https://in.xero.example/view/a1b2c3d4-0000-4000-8000-000000000007');
    expect(onlineInvoiceCalls).toEqual(['a1b2c3d4-0000-4000-8000-000000000007']);
    expect((await client.get(`/invoices/${world.ids.xeroVoid}/pay`)).status).toBe(404);
    expect((await client.get(`/invoices/${world.ids.globex}/pay`)).status).toBe(404);
  });

  it('offers the payment instructions when no system has a payment page', async () => {
    test.app.config.billing = { ...test.app.config.billing, paymentInstructions: 'Bank transfer to Brightside Ltd, IBAN GB00 TEST 0000 0000' };
    const noOnline = registryOf([fakeConnector('xero', 'Xero'), fakeConnector('stripe', 'Stripe'), fakeConnector('quickbooks', 'QuickBooks')]);
    const original = test.app.connectors;
    (test.app as { connectors: typeof original }).connectors = noOnline;
    try {
      const page = (await (await as(world.billing)).get(`/invoices/${world.ids.xeroOnly}`)).text;
      expect(page).toContain(`href="/invoices/${world.ids.xeroOnly}#how-to-pay"`);
      expect(page).toContain('<div id="how-to-pay" class="how-to-pay"><h3>How to pay</h3><p class="instructions">Bank transfer to Brightside Ltd, IBAN GB00 TEST 0000 0000</p></div>');
      expect((await (await as(world.billing)).get(`/invoices/${world.ids.xeroVoid}`)).text).not.toContain('how-to-pay');
    } finally {
      (test.app as { connectors: typeof original }).connectors = original;
    }
  });

  it('lists a payment recorded in Stripe and again in Xero once, naming both; a different amount stays apart', async () => {
    const conn = async (provider: string) => (await sqlGet<{ id: number }>(test.app, 'SELECT id FROM connections WHERE provider = ?', provider))!.id;
    const pay = async (provider: string, invoiceExternalId: string, amountMinor: number, paidAt: string, method: string) =>
      await seedRecord(test.app, { connectionId: await conn(provider), provider, kind: 'payment', clientId: world.northwind.clientId, data: paymentData({ amountMinor, paidAt, method, invoiceExternalIds: [invoiceExternalId], allocations: [{ invoiceExternalId, amountMinor }] }) }, T0);
    await pay('stripe', 'in_1NW', 1_440_000, '2026-11-01T10:00:00Z', 'card');
    await pay('xero', 'a1b2c3d4-0000-4000-8000-000000000003', 1_440_000, '2026-11-02', 'ACCRECPAYMENT');
    await pay('xero', 'a1b2c3d4-0000-4000-8000-000000000003', 100_000, '2026-11-02', 'ACCRECPAYMENT');
    const page = (await (await as(world.billing)).get('/payments')).text;
    expect(page.match(/\$14,400.00/g)).toHaveLength(1);
    expect(page).toContain('in Xero and Stripe');
    expect(page).toContain('$1,000.00');
    expect(page).not.toContain('ACCRECPAYMENT');
  });

  it('produces a statement of account PDF for a period: opening balance, each bill once, payments, closing balance', async () => {
    const conn = async (provider: string) => (await sqlGet<{ id: number }>(test.app, 'SELECT id FROM connections WHERE provider = ?', provider))!.id;
    await seedRecord(test.app, { connectionId: await conn('xero'), provider: 'xero', kind: 'payment', clientId: world.northwind.clientId, data: paymentData({ amountMinor: 20_000, paidAt: '2026-11-12', invoiceExternalIds: ['a1b2c3d4-0000-4000-8000-000000000005'] }) }, T0);
    const statement = await loadStatement(test.app.store.db, world.northwind.clientId, '2026-10-15', '2026-11-20', T0);
    expect(statement.sections).toHaveLength(1);
    const usd = statement.sections[0]!;
    // Before the period: INV-0003 (14,400, once — not three times) and nothing paid.
    expect(usd.openingMinor).toBe(1_440_000);
    expect(usd.lines.map((l) => [l.date, l.reference, l.amountMinor])).toEqual([
      ['2026-11-01', 'Invoice 3130EB3-0004', 1_440_000],
      ['2026-11-10', 'Invoice INV-0005', 50_000],
      ['2026-11-10', 'Invoice 3130EB3-0005', 50_000],
      ['2026-11-12', 'Payment for INV-0005', -20_000],
      ['2026-11-15', 'Invoice INV-0007', 70_000],
    ]);
    expect(usd.closingMinor).toBe(1_440_000 + 1_440_000 + 50_000 + 50_000 - 20_000 + 70_000);

    const client = await as(world.billing);
    const res = await client.request('/statement.pdf?from=2026-10-15&to=2026-11-20', { method: 'GET', headers: {} });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="statement-2026-10-15-to-2026-11-20.pdf"');
    expect(res.text.startsWith('%PDF-1.7')).toBe(true);
    expect((await client.get('/statement.pdf?from=2026-11-20&to=2026-10-01')).status).toBe(400);
    expect((await client.get('/statement.pdf?from=2026-02-30')).status).toBe(400);
    expect(await sqlAll(test.app, `SELECT details FROM audit_log WHERE action = 'statement.downloaded'`)).toEqual([{ details: JSON.stringify({ from: '2026-10-15', to: '2026-11-20' }) }]);
  });

  it('exports the list as CSV, each bill once', async () => {
    const res = await (await as(world.billing)).get('/invoices/export.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const lines = res.text.trim().split('\r\n');
    expect(lines[0]).toBe('"Invoice","Status","Status detail","Issued","Due","Currency","Total","Amount due","Kept in"');
    expect(lines.filter((l) => l.includes('"2026-10-01"'))).toEqual(['"INV-0003","Overdue","Overdue 20 days","2026-10-01","2026-10-31","USD","14400.00","14400.00","Xero and Stripe and QuickBooks"']);
  });
});
