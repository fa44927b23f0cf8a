/** The client portal's pages for each role, over real HTTP on the suite's engine. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import express from 'express';
import { createPortalRouter } from './create-portal-router.js';
import { createPortalTestApp, type PortalTestApp } from '../tests/support/seed-portal.js';
import { serveHttp, type ServedHttp, type PortalHttpClient } from '../tests/support/portal-http-client.js';
import { fakeConnector, registryOf, seedConnection, seedRecord, paymentData, signedInClient, invoiceData } from '../tests/support/seed-portal-records.js';
import { MINUTE, seedPortalWorld, type PortalWorld } from './testing/seed-portal-world.js';
import { patchRecordData } from './testing/patch-record-data.js';
import { sqlAll, sqlRun } from '../tests/support/sql.js';

const T0 = Date.parse('2026-11-20T10:00:00Z');

describe('portal pages by role', () => {
  let test: PortalTestApp;
  let served: ServedHttp;
  let clock = T0;
  let world: PortalWorld;
  const xero = fakeConnector('xero', 'Xero', (externalId) => ({ contentType: 'application/pdf', body: Buffer.from(`%PDF-1.4 invoice ${externalId}`), filename: 'INV-001 (copy).pdf' }));
  const quickbooks = fakeConnector('quickbooks', 'QuickBooks');

  beforeAll(async () => {
    test = await createPortalTestApp({}, { connectors: registryOf([xero, quickbooks, fakeConnector('asana', 'Asana')]) });
    const http = express();
    http.use(createPortalRouter(test.app, { now: () => clock }));
    served = await serveHttp(http);
  });
  afterAll(async () => {
    await served?.close();
    await test?.dispose();
  });
  beforeEach(async () => {
    clock = T0;
    xero.pdfCalls.length = 0;
    for (const table of ['audit_log', 'sessions', 'auth_tokens', 'portal_users', 'record_changes', 'records', 'clients', 'outbox_messages', 'connections']) await sqlRun(test.app, `DELETE FROM ${table}`);
    world = await seedPortalWorld(test.app, T0);
  });

  const as = (userId: number) => signedInClient(test.app, served.baseUrl, userId, clock);
  const audit = (action: string) => sqlAll(test.app, 'SELECT * FROM audit_log WHERE action = ? ORDER BY id', action);
  const notFoundBody = async (client: PortalHttpClient) => (await client.get('/no/such/page')).text;

  describe('navigation', () => {
    it('offers each role only the pages it may open', async () => {
      const navOf = async (userId: number) => {
        const page = (await (await as(userId)).client.get(`/clients/${world.northwind.clientId}`)).text;
        const nav = /<nav class="site-nav" aria-label="Portal">([\s\S]*?)<\/nav>/.exec(page)![1]!;
        return [...nav.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]);
      };
      expect(await navOf(world.adminId)).toEqual([`/clients/${world.northwind.clientId}`, '/projects', '/invoices', '/payments', '/approvals', '/messages', '/activity', '/team', '/account/sessions']);
      expect(await navOf(world.memberId)).toEqual([`/clients/${world.northwind.clientId}`, '/projects', '/approvals', '/messages', '/activity', '/team', '/account/sessions']);
      expect(await navOf(world.billingId)).toEqual([`/clients/${world.northwind.clientId}`, '/invoices', '/payments', '/team', '/account/sessions']);
      const page = (await (await as(world.adminId)).client.get('/invoices')).text;
      expect(page).toContain('<a href="/invoices" aria-current="page">Invoices</a>');
    });
  });

  describe('dashboard', () => {
    it('shows an admin amounts due per currency, the next due date, the last payment, projects and the team, each with its freshness', async () => {
      const res = await (await as(world.adminId)).client.get(`/clients/${world.northwind.clientId}`);
      expect(res.status).toBe(200);
      const page = res.text;
      // USD: INV-001 (1,200.00) + QB-100 (100.00); EUR: INV-002's 300.00 still due; JPY: INV-006. Paid, void, draft, deleted: nothing.
      expect(page).toContain('$1,300.00 <span class="muted">(2 invoices)</span>');
      expect(page).toContain('€300.00 <span class="muted">(1 invoice)</span>');
      expect(page).toContain('¥125,000');
      expect(page).toContain('<dt>Next due date</dt><dd><time datetime="2026-11-01">1 Nov 2026</time></dd>');
      expect(page).toContain('€200.00 on <time datetime="2026-11-18">18 Nov 2026</time>');
      expect(page).toMatch(/Amount due from Xero, 2 minutes ago; from QuickBooks, 2 minutes ago|Amount due from QuickBooks, 2 minutes ago; from Xero, 2 minutes ago/);
      expect(page).toContain('Last payment from Xero, 2 minutes ago');
      // 1 of 5 client-visible tasks done: the internal task does not count.
      expect(page).toContain('<progress max="100" value="20" aria-label="Website rebuild progress">20%</progress>');
      expect(page).toContain('Next milestone: <strong>Launch</strong>, due <time datetime="2027-01-15">15 Jan 2027</time>');
      expect(page).toContain('from Asana, 2 minutes ago');
      expect(page).not.toContain('Old brochure site');
      expect(page).toContain('$48,000.00');
      expect(page).toContain('<strong>Alex Owner</strong>');
      expect(page).not.toContain('Globex');
      expect(page).not.toContain('INV-005-DRAFT');
    });

    it('shows a member projects but no money, and billing money but no projects', async () => {
      const member = (await (await as(world.memberId)).client.get(`/clients/${world.northwind.clientId}`)).text;
      expect(member).toContain('Website rebuild progress');
      expect(member).not.toContain('Amount due');
      expect(member).not.toContain('$48,000.00');
      expect(member).not.toContain('/invoices');
      expect(member).toContain('<strong>Alex Owner</strong>');
      const billing = (await (await as(world.billingId)).client.get(`/clients/${world.northwind.clientId}`)).text;
      expect(billing).toContain('$1,300.00');
      expect(billing).not.toContain('progress');
      expect(billing).not.toContain('/projects');
    });

    it('says what to do when there is nothing yet', async () => {
      await sqlRun(test.app, `DELETE FROM record_changes`);
      await sqlRun(test.app, `UPDATE records SET deleted = 1 WHERE kind IN ('invoice', 'payment', 'project', 'task')`);
      const page = (await (await as(world.adminId)).client.get(`/clients/${world.northwind.clientId}`)).text;
      expect(page).toContain('Nothing due');
      expect(page).toContain('No payments yet');
      expect(page).toContain('No project is under way yet.');
    });
  });

  describe('projects', () => {
    it('lists the client’s projects, live first, and no other client’s', async () => {
      const page = (await (await as(world.memberId)).client.get('/projects')).text;
      expect(page.indexOf('Website rebuild')).toBeLessThan(page.indexOf('Old brochure site'));
      expect(page).toContain(`<a href="/projects/${world.projects.live}">Website rebuild</a> <span class="badge badge-status-green">On track</span>`);
      expect(page).toContain('Archived');
      expect(page).not.toContain('Globex');
    });

    it('shows phases, a timeline by due date with only client-visible tasks, the latest status and what waits on the client', async () => {
      const res = await (await as(world.memberId)).client.get(`/projects/${world.projects.live}`);
      expect(res.status).toBe(200);
      const page = res.text;
      expect(page).toContain('<span class="badge badge-status-green">On track</span> Design signed off');
      const timeline = /<ol class="timeline">([\s\S]*?)<\/ol>/.exec(page)![1]!;
      const order = ['Design approved', 'Send brand assets', 'Review copy', 'Build pages', 'Launch'].map((name) => timeline.indexOf(name));
      expect(order.every((at) => at >= 0)).toBe(true);
      expect([...order].sort((a, b) => a - b)).toEqual(order);
      expect(timeline).toContain('Milestone: Launch');
      expect(page).not.toContain('Internal budget review');
      const waiting = /id="waiting-heading">Waiting on you<\/h2>([\s\S]*?)<\/section>/.exec(page)![1]!;
      expect(waiting).toContain('Send brand assets');
      expect(waiting).toContain('Overdue');
      expect(waiting).toContain('Review copy');
      expect(waiting).not.toContain('Build pages');
      expect(waiting).not.toContain('Launch');
      expect(page).toContain('<strong>Design</strong>: 1 of 2 done');
      expect(page).toContain('<strong>Build</strong>: 0 of 2 done');
    });

    it('billing cannot open a project, nor the list', async () => {
      const { client } = await as(world.billingId);
      const expected = await notFoundBody(client);
      for (const path of ['/projects', `/projects/${world.projects.live}`]) {
        const res = await client.get(path);
        expect(res.status, path).toBe(404);
        expect(res.text, path).toBe(expected);
      }
    });

    it('answers another client’s project, a task id and a garbled id like a missing page', async () => {
      const { client } = await as(world.adminId);
      const expected = await notFoundBody(client);
      for (const path of [`/projects/${world.projects.globex}`, `/projects/${world.tasks.launch}`, '/projects/99999', '/projects/1e3']) {
        const res = await client.get(path);
        expect(res.status, path).toBe(404);
        expect(res.text, path).toBe(expected);
      }
    });
  });

  describe('invoices', () => {
    it('lists invoices with status badges and amounts in their currency; drafts and deleted ones never', async () => {
      const res = await (await as(world.billingId)).client.get('/invoices');
      expect(res.status).toBe(200);
      const page = res.text;
      expect(page).toContain(`<a href="/invoices/${world.invoices.open}">INV-001</a>`);
      expect(page).toContain('<span class="badge badge-open">Due in 11 days</span>');
      expect(page).toContain('<span class="badge badge-partially_paid">Partly paid · due in 5 days</span>');
      expect(page).toContain('<span class="badge badge-paid">Paid</span>');
      expect(page).toContain('<span class="badge badge-void">Void</span>');
      // Open but past its due day: overdue.
      expect(page).toMatch(/INV-006<\/a><\/th>[\s\S]*?badge-overdue">Overdue \d+ days?</);
      // Pay on each open bill with a way to pay; never on a paid or void one.
      expect(page).toMatch(/INV-001<\/a><\/th>[\s\S]*?href="https:\/\/pay.example\/inv-001"[^>]*>Pay</);
      expect(page).not.toContain('pay.example/inv-003');
      expect(page).toContain('in Xero');
      expect(page).toContain('€500.00');
      expect(page).toContain('¥125,000');
      expect(page).not.toContain('INV-005-DRAFT');
      expect(page).not.toContain('INV-007-DELETED');
      expect(page).not.toContain('GLX-1');
    });

    it('filters by status through the query string', async () => {
      const { client } = await as(world.adminId);
      const overdue = (await client.get('/invoices?status=overdue')).text;
      expect(overdue).toContain('INV-006');
      expect(overdue).not.toContain('INV-001');
      expect(overdue).toContain('<option value="overdue" selected>Overdue</option>');
      const paid = (await client.get('/invoices?status=paid')).text;
      expect(paid).toContain('INV-003');
      expect(paid).not.toContain('INV-002');
      // Drafts cannot be asked for; an unknown filter shows everything.
      const draft = (await client.get('/invoices?status=draft')).text;
      expect(draft).not.toContain('INV-005-DRAFT');
      expect(draft).toContain('INV-001');
      const invoices = await sqlAll<{ id: number; data: string }>(test.app, `SELECT id, data FROM records WHERE kind = 'invoice'`);
      for (const { id } of invoices.filter((row) => (JSON.parse(row.data) as { status?: string }).status === 'void')) await sqlRun(test.app, 'UPDATE records SET deleted = 1 WHERE id = ?', id);
      expect((await client.get('/invoices?status=void')).text).toContain('No invoice matches. <a href="/invoices">Show all invoices</a>.');
    });

    it('shows an invoice’s lines, its payments (own connection only), a Pay link and the PDF link, and audits the view', async () => {
      const { client } = await as(world.billingId);
      const open = (await client.get(`/invoices/${world.invoices.open}`)).text;
      expect(open).toContain('<h1>Invoice INV-001 <span class="badge badge-open">Due in 11 days</span></h1>');
      expect(open).toContain('<td data-label="Item">Design sprint</td><td class="num" data-label="Quantity">2</td><td class="num" data-label="Unit price">$500.00</td><td class="num" data-label="Amount">$1,000.00</td>');
      expect(open).toContain('<th scope="row" colspan="3">Tax</th><td class="num">$200.00</td>');
      expect(open).toMatch(/<a class="button" href="https:\/\/pay.example\/inv-001" rel="noopener"[^>]*>Pay \$1,200.00<\/a>/);
      expect(open).toContain(`<a class="button button-quiet" href="/invoices/${world.invoices.open}/pdf" download>Download PDF</a>`);
      expect(open).toContain('No payment has been applied to this invoice yet.');
      expect(open).not.toContain('$9.99');
      expect(open).toContain('from Xero, 2 minutes ago');

      const partly = (await client.get(`/invoices/${world.invoices.partlyPaid}`)).text;
      expect(partly).toContain('€200.00 on <time datetime="2026-11-18">18 Nov 2026</time> by Card <span class="badge badge-void">€50.00 refunded</span>');
      expect(partly).toContain('Pay €300.00');

      const paid = (await client.get(`/invoices/${world.invoices.paid}`)).text;
      expect(paid).toContain('$800.00 on <time datetime="2026-10-30">30 Oct 2026</time>');
      expect(paid).not.toContain('pay.example');
      // No payment page: no Pay link, however much is due.
      expect((await client.get(`/invoices/${world.invoices.pastDue}`)).text).not.toContain('>Pay ');
      // QuickBooks' connector renders no PDF here: no link.
      expect((await client.get(`/invoices/${world.invoices.quickbooks}`)).text).not.toContain('Download PDF');

      expect((await audit('invoice.viewed')).map((row) => [row.actor_id, row.subject_id, row.client_id])).toEqual([
        [String(world.billingId), String(world.invoices.open), world.northwind.clientId],
        [String(world.billingId), String(world.invoices.partlyPaid), world.northwind.clientId],
        [String(world.billingId), String(world.invoices.paid), world.northwind.clientId],
        [String(world.billingId), String(world.invoices.pastDue), world.northwind.clientId],
        [String(world.billingId), String(world.invoices.quickbooks), world.northwind.clientId],
      ]);
    });

    it('answers another client’s invoice id, a draft, a deleted one and a payment id exactly like a missing page', async () => {
      const { client } = await as(world.adminId);
      const expected = await notFoundBody(client);
      for (const id of [world.invoices.globex, world.invoices.draft, world.invoices.deleted, world.payments.full, 424242]) {
        for (const path of [`/invoices/${id}`, `/invoices/${id}/pdf`]) {
          const res = await client.get(path);
          expect(res.status, path).toBe(404);
          expect(res.text, path).toBe(expected);
        }
      }
      expect(xero.pdfCalls).toEqual([]);
      expect(await audit('invoice.viewed')).toEqual([]);
    });

    it('a member cannot see invoices, payments, or download a PDF, and the provider is never asked', async () => {
      const { client } = await as(world.memberId);
      const expected = await notFoundBody(client);
      for (const path of ['/invoices', `/invoices/${world.invoices.open}`, `/invoices/${world.invoices.open}/pdf`, '/payments', `/deals/${world.northwind.dealIds[0]}`]) {
        const res = await client.get(path);
        expect(res.status, path).toBe(404);
        expect(res.text, path).toBe(expected);
      }
      expect(xero.pdfCalls).toEqual([]);
      expect(await audit('invoice.pdf_downloaded')).toEqual([]);
    });
  });

  describe('invoice PDF', () => {
    it('streams the provider’s PDF as an attachment to the invoice’s own client, and audits it', async () => {
      clock = T0 + MINUTE;
      const { client } = await as(world.billingId);
      const res = await client.get(`/invoices/${world.invoices.open}/pdf`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(res.headers.get('content-disposition')).toBe('attachment; filename="INV-001_copy_.pdf"');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.text).toBe(`%PDF-1.4 invoice ${world.invoiceExternalIds.open}`);
      // The connector got the invoice's own connection and that connection's credentials.
      expect(xero.pdfCalls).toEqual([{ connectionId: world.connections.xero, externalId: world.invoiceExternalIds.open, token: 'xero-token' }]);
      expect(await audit('invoice.pdf_downloaded')).toEqual([
        expect.objectContaining({ actor_type: 'portal_user', actor_id: String(world.billingId), subject_id: String(world.invoices.open), client_id: world.northwind.clientId, at: clock }),
      ]);
    });

    it('answers 404 when the provider renders no PDF, and says so plainly when the provider fails', async () => {
      const { client } = await as(world.adminId);
      const expected = await notFoundBody(client);
      const qb = await client.get(`/invoices/${world.invoices.quickbooks}/pdf`);
      expect(qb.status).toBe(404);
      expect(qb.text).toBe(expected);
      await patchRecordData(test.app, world.invoices.paid, { pdfAvailable: false });
      expect((await client.get(`/invoices/${world.invoices.paid}/pdf`)).status).toBe(404);

      const failing = fakeConnector('xero', 'Xero', () => {
        throw new Error('Xero answered 503');
      });
      const original = xero.invoicePdf;
      xero.invoicePdf = failing.invoicePdf;
      try {
        const res = await client.get(`/invoices/${world.invoices.open}/pdf`);
        expect(res.status).toBe(502);
        expect(res.text).toContain('<h1>Document not available right now</h1>');
        expect(res.text).not.toContain('503');
      } finally {
        xero.invoicePdf = original;
      }
      expect(await audit('invoice.pdf_downloaded')).toEqual([]);
    });
  });

  describe('payments', () => {
    it('shows the history with refunds and links to the invoices paid', async () => {
      const res = await (await as(world.billingId)).client.get('/payments');
      expect(res.status).toBe(200);
      const page = res.text;
      expect(page.indexOf('18 Nov 2026')).toBeLessThan(page.indexOf('30 Oct 2026'));
      expect(page).toContain('<span class="badge badge-void">€50.00</span>');
      expect(page).toContain(`<a href="/invoices/${world.invoices.partlyPaid}">INV-002</a>`);
      expect(page).toContain(`<a href="/invoices/${world.invoices.paid}">INV-003</a>`);
      // The QuickBooks payment names an id that is a Xero invoice's: no link.
      expect(page).not.toContain(`<a href="/invoices/${world.invoices.open}">`);
    });

    it('says what to do when there are none', async () => {
      await sqlRun(test.app, `UPDATE records SET deleted = 1 WHERE kind = 'payment'`);
      expect((await (await as(world.adminId)).client.get('/payments')).text).toContain('No payments are recorded yet.');
    });
  });

  describe('activity', () => {
    it('tells what happened in sentences, newest first, only of what the role may see', async () => {
      clock = T0 + 5 * MINUTE;
      // Later versions: the milestone completed, the partly paid invoice paid, a refund.
      await patchRecordData(test.app, world.tasks.launch, { completed: true }, { bumpVersion: true });
      await sqlRun(test.app, `INSERT INTO record_changes (record_id, change, version, at) SELECT id, 'updated', version, ? FROM records WHERE id = ?`, T0 + 3 * MINUTE, world.tasks.launch);
      await patchRecordData(test.app, world.invoices.partlyPaid, { status: 'paid', amountDueMinor: 0 }, { bumpVersion: true });
      await sqlRun(test.app, `INSERT INTO record_changes (record_id, change, version, at) SELECT id, 'updated', version, ? FROM records WHERE id = ?`, T0 + 4 * MINUTE, world.invoices.partlyPaid);

      const admin = (await (await as(world.adminId)).client.get('/activity')).text;
      const sentences = [...admin.matchAll(/<li class="timeline-item">[\s\S]*?<p>(?:<a href="[^"]*">)?([^<]+)/g)].map((m) => m[1]);
      expect(sentences[0]).toBe('Invoice INV-002 was paid in full');
      expect(sentences[1]).toBe('Milestone “Launch” was completed');
      expect(sentences).toContain('Invoice INV-001 was issued for $1,200.00');
      expect(sentences).toContain('Payment of $800.00 received for Invoice INV-003');
      expect(sentences).toContain('“Website rebuild” was won ($48,000.00)');
      expect(sentences).toContain('Project “Website rebuild” was set up');
      expect(sentences.join('\n')).not.toMatch(/INV-005|INV-007|Internal budget|Globex|GLX/);
      expect(admin).toContain(`<a href="/invoices/${world.invoices.partlyPaid}">Invoice INV-002 was paid in full</a>`);

      const member = (await (await as(world.memberId)).client.get('/activity')).text;
      expect(member).toContain('Milestone “Launch” was completed');
      expect(member).not.toMatch(/Invoice|Payment|won/);
      expect((await (await as(world.billingId)).client.get('/activity')).status).toBe(404);
    });

    it('pages through a long history', async () => {
      const conn = await seedConnection(test.app, 'stripe', 'seed', T0);
      for (let i = 1; i <= 30; i++) {
        await seedRecord(test.app, { connectionId: conn, provider: 'stripe', kind: 'payment', clientId: world.northwind.clientId, data: paymentData({ amountMinor: i * 100, paidAt: '2026-11-19' }) }, T0 + i * MINUTE);
      }
      const { client } = await as(world.adminId);
      const first = (await client.get('/activity')).text;
      expect(first).toContain('Payment of $30.00 received');
      expect(first).not.toContain('Payment of $10.00 received');
      expect(first).toContain('<a href="/activity?page=2" rel="next">Older</a>');
      expect(first).not.toContain('rel="prev"');
      const second = (await client.get('/activity?page=2')).text;
      expect(second).toContain('Payment of $10.00 received');
      expect(second).toContain('<a href="/activity" rel="prev">Newer</a>');
      expect(second).toContain('<a href="/activity?page=3" rel="next">Older</a>');
      const far = (await client.get('/activity?page=99')).text;
      expect(far).toContain('There is nothing further back.');
      expect((await client.get('/activity?page=0')).status).toBe(404);
      expect((await client.get('/activity?page=abc')).status).toBe(404);
    });
  });

  it('escapes what comes from providers on every page', async () => {
    const asana = world.connections.asana;
    const evil = await seedRecord(test.app, { connectionId: asana, provider: 'asana', kind: 'project', clientId: world.northwind.clientId, data: { name: '<script>x</script>', ownerName: '<img src=x>', dueDate: null, percentComplete: 50, statusColor: 'red', statusText: '"><b>', archived: false } }, T0);
    const inv = await seedRecord(test.app, { connectionId: world.connections.xero, provider: 'xero', kind: 'invoice', clientId: world.northwind.clientId, data: invoiceData({ number: '<i>n</i>', lines: [{ description: '<svg onload=x>', quantity: 1, unitAmountMinor: 1, amountMinor: 1 }] }) }, T0);
    const { client } = await as(world.adminId);
    for (const path of ['/projects', `/projects/${evil.recordId}`, '/invoices', `/invoices/${inv.recordId}`, '/activity', `/clients/${world.northwind.clientId}`]) {
      const page = (await client.get(path)).text;
      expect(page, path).not.toMatch(/<script>|<img|<b>|<i>n|<svg/);
    }
  });
});
