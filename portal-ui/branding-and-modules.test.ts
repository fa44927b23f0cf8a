/** Branding from config on pages, the stylesheet, the CSP and emails; modules hidden when no connection provides them. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../src/http/create-http-app.js';
import { createPortalTestApp, seedPortalClient, type PortalTestApp, type SeededClient } from '../tests/support/seed-portal.js';
import { PortalHttpClient, serveHttp, type ServedHttp } from '../tests/support/portal-http-client.js';
import { seedConnection, seedRecord, signedInClient, invoiceData } from '../tests/support/seed-portal-records.js';
import { updateConnectionStatus } from '../src/store/connections/update-connection-status.js';
import { sqlAll } from '../tests/support/sql.js';

const LOGO = 'https://cdn.brightside.example/logo.svg';

describe('branding and modules', () => {
  let test: PortalTestApp;
  let served: ServedHttp;
  let northwind: SeededClient;

  beforeAll(async () => {
    // The real connector registry: HubSpot maps companies, contacts, deals and owners, nothing billable.
    test = await createPortalTestApp({ CLIENTHUB_LOGO_URL: LOGO, CLIENTHUB_PRIMARY_COLOR: '#0f766e' });
    northwind = await seedPortalClient(test.app, { name: 'Northwind Traders', user: { email: 'nancy@northwind.example', name: 'Nancy Davolio', status: 'active' }, deals: [{ name: 'Website rebuild', amountMinor: 100, currency: 'USD' }] });
    served = await serveHttp(createHttpApp(test.app));
  });
  afterAll(async () => {
    await served?.close();
    await test?.dispose();
  });

  const signedIn = async () => (await signedInClient(test.app, served.baseUrl, northwind.userId, Date.now())).client;
  const navOf = (page: string) => [...(/<nav class="site-nav" aria-label="Portal">([\s\S]*?)<\/nav>/.exec(page)?.[1] ?? '').matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]);

  it('puts the primary colour in the stylesheet, the logo in the header, and only the logo’s origin in the CSP', async () => {
    const css = await fetch(`${served.baseUrl}/assets/portal.css`).then((r) => r.text());
    expect(css).toContain('--accent: #0f766e;');
    expect(css).toContain('--accent-dark: #0a4d48;');
    const res = await new PortalHttpClient(served.baseUrl).get('/');
    expect(res.text).toContain(`<a class="brand" href="/"><img class="brand-logo" src="${LOGO}" alt=""><span>Brightside Agency`);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("img-src 'self' data: https://cdn.brightside.example");
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('brands the emails: logo and colour in sign-in links and invitations', async () => {
    await new PortalHttpClient(served.baseUrl).postForm('/auth/sign-in/link', { email: 'nancy@northwind.example' });
    const { client, csrf } = await signedInClient(test.app, served.baseUrl, northwind.userId, Date.now());
    await client.postForm('/team/invite', { _csrf: csrf, email: 'olga@northwind.example', name: 'Olga Orders', role: 'member' });
    const mails = await sqlAll<{ kind: string; html: string }>(test.app, `SELECT kind, html_body AS html FROM outbox_messages ORDER BY id`);
    expect(mails.map((m) => m.kind)).toEqual(['sign_in_link', 'invitation']);
    for (const mail of mails) {
      expect(mail.html).toContain(`<img src="${LOGO}" alt="Brightside Agency" height="40"`);
      expect(mail.html).toContain('background:#0f766e;color:#fff');
    }
  });

  it('hides invoices, payments and projects when no connection provides them, in the navigation, the dashboard and the URLs', async () => {
    const client = await signedIn();
    const dashboard = await client.get(`/clients/${northwind.clientId}`);
    // HubSpot alone: no invoices, payments or projects; Documents stays, as the client can send files to their company there.
    expect(navOf(dashboard.text)).toEqual([`/clients/${northwind.clientId}`, '/documents', '/activity', '/requests', '/team', '/account/sessions']);
    expect(dashboard.text).not.toContain('Amount due');
    expect(dashboard.text).not.toContain('id="projects-heading"');
    for (const path of ['/invoices', '/payments', '/projects']) expect((await client.get(path)).status, path).toBe(404);
  });

  it('shows them once a connection provides them (Xero: invoices and payments), and hides them again when it is disconnected', async () => {
    const xero = await seedConnection(test.app, 'xero', 'books');
    const client = await signedIn();
    const page = (await client.get(`/clients/${northwind.clientId}`)).text;
    expect(navOf(page)).toEqual([`/clients/${northwind.clientId}`, '/invoices', '/payments', '/documents', '/activity', '/requests', '/team', '/account/sessions']);
    expect(page).toContain('Amount due');
    await seedRecord(test.app, { connectionId: xero, provider: 'xero', kind: 'invoice', clientId: northwind.clientId, data: invoiceData() });
    expect((await client.get('/invoices')).status).toBe(200);
    await updateConnectionStatus(test.app.store.db, xero, 'disconnected');
    expect((await client.get('/invoices')).status).toBe(404);
    expect(navOf((await client.get(`/clients/${northwind.clientId}`)).text)).not.toContain('/invoices');
  });
});
