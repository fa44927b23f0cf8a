/**
 * The client portal in real Chromium, through the whole HTTP app (Helmet's CSP included):
 * 1. seeded clients: the invitation link, the dashboard, another client's pages, sign-out;
 * 2. from a won HubSpot deal: signed webhook → provisioning → the invitation in the outbox → the dashboard.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import nock from 'nock';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createHttpApp } from '../src/http/create-http-app.js';
import { createPortalTestApp, seedPortalClient, type PortalTestApp, type SeededClient } from './support/seed-portal.js';
import { serveHttp, type ServedHttp } from './support/portal-http-client.js';
import { accessibilityViolations, collectCspViolations, launchBrowser, screenshot, seriousAccessibilityViolations } from './support/launch-browser.js';
import { fakeConnector, registryOf } from './support/seed-portal-records.js';
import { seedPortalWorld, type PortalWorld } from '../portal-ui/testing/seed-portal-world.js';
import { createTestApp, HUBSPOT_TEST_BASE, HUBSPOT_TEST_SECRET, type TestApp } from './support/create-test-app.js';
import { startServer } from '../src/server/start-server.js';
import { readEml } from '../src/mail/read-eml.js';
import { signHubSpotV3 } from '../connectors/hubspot/testing/sign-hubspot-v3.js';
import { nockHubSpotWorld } from '../connectors/hubspot/testing/nock-hubspot-world.js';
import { sqlGet } from './support/sql.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

/** Every page a test visits is checked the same way: accessible, CSP-clean, fits a phone. */
async function checkPage(page: Page, name: string, cspViolations: string[]): Promise<string[]> {
  expect(await seriousAccessibilityViolations(page), name).toEqual([]);
  expect(cspViolations, name).toEqual([]);
  const paths = await screenshot(page, `portal-${name}`);
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate(() => {
    // Runs in the page; the project's TypeScript has no DOM lib, hence the narrow cast.
    const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
    return root.scrollWidth - root.clientWidth;
  });
  expect(overflow, `${name} scrolls sideways on a phone`).toBeLessThanOrEqual(0);
  await page.setViewportSize({ width: 1280, height: 900 });
  return paths;
}

describe('client portal in Chromium (seeded clients)', () => {
  let test: PortalTestApp;
  let served: ServedHttp;
  let northwind: SeededClient;
  let globex: SeededClient;

  beforeAll(async () => {
    test = await createPortalTestApp();
    const now = Date.now();
    const owners = [
      { externalId: '9001', name: 'Alex Owner', email: 'alex@brightside.example', title: 'Account director' },
      { externalId: '9002', name: 'Gina Globex-Lead', email: 'gina@brightside.example' },
    ];
    northwind = await seedPortalClient(
      test.app,
      {
        name: 'Northwind Traders',
        user: { email: 'nancy@northwind.example', name: 'Nancy Davolio' },
        owners,
        deals: [
          { name: 'Website rebuild', amountMinor: 4_800_000, currency: 'USD', closeDate: '2024-03-31', ownerExternalId: '9001' },
          { name: 'Tokyo storefront', amountMinor: 1_250_000, currency: 'JPY', closeDate: '2024-02-15', ownerExternalId: '9001' },
        ],
      },
      now,
    );
    globex = await seedPortalClient(
      test.app,
      { name: 'Globex Consulting', user: { email: 'hank@globex.example', name: 'Hank Scorpio' }, owners, deals: [{ name: 'Brand strategy', amountMinor: 1_250_050, currency: 'BHD', closeDate: '2024-04-01', ownerExternalId: '9002' }] },
      now,
    );
    served = await serveHttp(createHttpApp(test.app));
  });

  afterAll(async () => {
    await served?.close();
    await test?.dispose();
  });

  it('signs in from the invitation link, shows only the client’s own company, and signs out', async () => {
    const base = served.baseUrl;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const csp = collectCspViolations(page);
    const usedAt = async () => (await sqlGet<{ usedAt: number | null }>(test.app, 'SELECT used_at AS "usedAt" FROM auth_tokens WHERE user_id = ?', northwind.userId))!.usedAt;

    // Opening the link (what a mail scanner does) shows a button and uses nothing up.
    const link = `${base}/auth/link/${northwind.invitationToken}`;
    await page.goto(link);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in to Brightside Agency');
    expect(await usedAt()).toBeNull();
    await checkPage(page, 'sign-in-confirm', csp);

    await page.getByRole('button', { name: 'Continue to the portal' }).click();
    await page.waitForURL(`${base}/clients/${northwind.clientId}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Northwind Traders');
    const main = await page.locator('main').innerText();
    expect(main).toContain('Website rebuild');
    expect(main).toContain('$48,000.00');
    expect(main).toContain('31 Mar 2024');
    expect(main).toContain('¥1,250,000');
    expect(main).toContain('Alex Owner');
    expect(main).not.toContain('Globex');
    expect(main).not.toContain('Gina');
    expect(await page.getByRole('link', { name: 'alex@brightside.example' }).getAttribute('href')).toBe('mailto:alex@brightside.example');
    const account = await page.getByRole('navigation', { name: 'Account' }).innerText();
    expect(account).toContain('Nancy Davolio');
    expect(account).toContain('nancy@northwind.example');
    const cookie = (await context.cookies()).find((c) => c.name === 'clienthub_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    await checkPage(page, 'dashboard', csp);

    await page.getByRole('link', { name: 'Website rebuild' }).click();
    await page.waitForURL(`${base}/deals/${northwind.dealIds[0]}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Website rebuild');
    await checkPage(page, 'deal', csp);

    // Another client's pages answer exactly like pages that do not exist.
    for (const path of [`/clients/${globex.clientId}`, `/deals/${globex.dealIds[0]}`]) {
      const response = await page.goto(`${base}${path}`);
      expect(response?.status(), path).toBe(404);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Page not found');
      const text = await page.locator('body').innerText();
      expect(text).not.toContain('Globex');
      expect(text).not.toContain('Brand strategy');
    }
    await checkPage(page, 'not-found', csp);

    await page.goto(`${base}/clients/${northwind.clientId}`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${base}/signed-out`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('You have signed out');
    expect((await context.cookies()).find((c) => c.name === 'clienthub_session')).toBeUndefined();
    await checkPage(page, 'signed-out', csp);

    const after = await page.goto(`${base}/clients/${northwind.clientId}`);
    expect(after?.url()).toBe(`${base}/`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in to Brightside Agency');
    await checkPage(page, 'start', csp);

    // The link worked once.
    await page.goto(link);
    const [refused] = await Promise.all([page.waitForResponse((r) => r.url() === `${base}/auth/link`), page.getByRole('button', { name: 'Continue to the portal' }).click()]);
    expect(refused.status()).toBe(410);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('This link has expired or was already used');
    await checkPage(page, 'link-expired', csp);
    await context.close();
  });

  it('refuses a sign-out without the session’s CSRF token', async () => {
    const base = served.baseUrl;
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/auth/link/${globex.invitationToken}`);
    await page.getByRole('button', { name: 'Continue to the portal' }).click();
    await page.waitForURL(`${base}/clients/${globex.clientId}`);
    const forged = await page.request.post(`${base}/auth/sign-out`, { form: { _csrf: 'forged' }, maxRedirects: 0 });
    expect(forged.status()).toBe(403);
    expect((await page.goto(`${base}/clients/${globex.clientId}`))?.status()).toBe(200);
    await context.close();
  });
});

describe('client portal pages in Chromium (roles, invoices, PDF, projects, activity)', () => {
  let test: PortalTestApp;
  let served: ServedHttp;
  let world: PortalWorld;
  const xero = fakeConnector('xero', 'Xero', (externalId) => ({ contentType: 'application/pdf', body: Buffer.from(`%PDF-1.4 invoice ${externalId}`), filename: 'INV-001.pdf' }));

  beforeAll(async () => {
    test = await createPortalTestApp({}, { connectors: registryOf([xero, fakeConnector('quickbooks', 'QuickBooks'), fakeConnector('asana', 'Asana')]) });
    world = await seedPortalWorld(test.app, Date.now());
    served = await serveHttp(createHttpApp(test.app));
  });
  afterAll(async () => {
    await served?.close();
    await test?.dispose();
  });

  /** The new pages are held to every axe rule, not only the serious ones. */
  async function checkStrictly(page: Page, name: string, csp: string[]): Promise<void> {
    expect(await accessibilityViolations(page), name).toEqual([]);
    await checkPage(page, name, csp);
  }

  async function signIn(page: Page, token: string): Promise<void> {
    await page.goto(`${served.baseUrl}/auth/link/${token}`);
    await page.getByRole('button', { name: 'Continue to the portal' }).click();
    await page.waitForURL(`${served.baseUrl}/clients/${world.northwind.clientId}`);
  }

  it('walks dashboard → invoices → invoice → PDF → projects → project → activity → team → sessions as an admin', async () => {
    const base = served.baseUrl;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    const csp = collectCspViolations(page);
    await signIn(page, world.northwind.invitationToken);
    const nav = page.getByRole('navigation', { name: 'Portal' });
    expect(await nav.getByRole('link').allTextContents()).toEqual(['Dashboard', 'Projects', 'Invoices', 'Payments', 'Approvals', 'Messages', 'Activity', 'Team', 'Your sessions']);
    const dashboard = await page.locator('main').innerText();
    expect(dashboard).toContain('$1,300.00');
    expect(dashboard).toMatch(/from Xero, (2|3) minutes ago/);
    await checkStrictly(page, 'dashboard-admin', csp);

    await nav.getByRole('link', { name: 'Invoices' }).click();
    await page.waitForURL(`${base}/invoices`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Invoices');
    expect(await page.locator('main').innerText()).not.toContain('INV-005-DRAFT');
    await checkStrictly(page, 'invoices', csp);

    // The filter is a plain GET form the portal script sends on change (no extra button).
    expect(await page.getByRole('button', { name: 'Show' }).isHidden()).toBe(true);
    await page.getByLabel('Status').selectOption('paid');
    await page.waitForURL(`${base}/invoices?status=paid&q=&sort=due`);
    expect(await page.locator('tbody tr').count()).toBe(1);
    await page.goto(`${base}/invoices`);

    await page.getByRole('link', { name: 'INV-001', exact: true }).click();
    await page.waitForURL(`${base}/invoices/${world.invoices.open}`);
    expect(await page.getByRole('link', { name: /^Pay / }).getAttribute('href')).toBe('https://pay.example/inv-001');
    await checkStrictly(page, 'invoice', csp);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download PDF' }).click()]);
    expect(download.suggestedFilename()).toBe('INV-001.pdf');
    expect(readFileSync((await download.path())!, 'utf8')).toBe(`%PDF-1.4 invoice ${world.invoiceExternalIds.open}`);
    expect(await sqlGet(test.app, `SELECT COUNT(*) AS n FROM audit_log WHERE action = 'invoice.pdf_downloaded'`)).toEqual({ n: 1 });

    await nav.getByRole('link', { name: 'Projects' }).click();
    await page.waitForURL(`${base}/projects`);
    await checkStrictly(page, 'projects', csp);
    await page.getByRole('link', { name: 'Website rebuild' }).click();
    await page.waitForURL(`${base}/projects/${world.projects.live}`);
    const project = await page.locator('main').innerText();
    expect(project).toContain('Send brand assets');
    expect(project).not.toContain('Internal budget review');
    await checkStrictly(page, 'project', csp);

    await nav.getByRole('link', { name: 'Activity' }).click();
    await page.waitForURL(`${base}/activity`);
    expect(await page.locator('main').innerText()).toContain('Invoice INV-001 was issued for $1,200.00');
    await checkStrictly(page, 'activity', csp);

    await nav.getByRole('link', { name: 'Payments' }).click();
    await page.waitForURL(`${base}/payments`);
    await checkStrictly(page, 'payments', csp);

    await nav.getByRole('link', { name: 'Team' }).click();
    await page.waitForURL(`${base}/team`);
    await checkStrictly(page, 'team', csp);
    // Inviting works without JavaScript; a mistake is shown beside its field.
    await page.getByLabel('Name').fill('Olga Orders');
    await page.getByLabel('Email').fill('olga@northwind.example');
    await page.getByLabel(/^Billing/).check();
    await page.getByRole('button', { name: 'Send invitation', exact: true }).click();
    await page.waitForURL(`${base}/team?done=invited`);
    expect(await page.getByRole('status').textContent()).toContain('Invitation sent.');
    await page.getByLabel('Name').fill('No Email');
    await page.getByRole('button', { name: 'Send invitation', exact: true }).click();
    expect(await page.getByText('Enter an email address').count()).toBe(1);
    await checkStrictly(page, 'team-invite-error', csp);

    await nav.getByRole('link', { name: 'Your sessions' }).click();
    await page.waitForURL(`${base}/account/sessions`);
    await checkStrictly(page, 'sessions', csp);
    await context.close();
  }, 120_000); // nine pages, each screenshotted at two widths and axe-checked: a long journey, not a slow one

  it('shows a member no money and a 404 for invoices; billing no projects', async () => {
    const base = served.baseUrl;
    const context = await browser.newContext();
    const page = await context.newPage();
    const csp = collectCspViolations(page);
    const member = (await sqlGet<{ id: number }>(test.app, 'SELECT id FROM portal_users WHERE id = ?', world.memberId))!;
    const { createAuthToken } = await import('../src/auth/create-auth-token.js');
    await signIn(page, await createAuthToken(test.app.store.db, test.app.keyring.signingKey, member.id, 'sign_in'));
    expect(await page.getByRole('navigation', { name: 'Portal' }).getByRole('link').allTextContents()).toEqual(['Dashboard', 'Projects', 'Approvals', 'Messages', 'Activity', 'Team', 'Your sessions']);
    expect(await page.locator('main').innerText()).not.toContain('Amount due');
    await checkStrictly(page, 'dashboard-member', csp);
    for (const path of ['/invoices', `/invoices/${world.invoices.open}`, `/invoices/${world.invoices.open}/pdf`]) {
      const response = await page.goto(`${base}${path}`);
      expect(response?.status(), path).toBe(404);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Page not found');
    }
    await context.close();

    const billingContext = await browser.newContext();
    const billingPage = await billingContext.newPage();
    await signIn(billingPage, await createAuthToken(test.app.store.db, test.app.keyring.signingKey, world.billingId, 'sign_in'));
    expect((await billingPage.goto(`${base}/projects/${world.projects.live}`))?.status()).toBe(404);
    await billingContext.close();
  });
});

describe('client portal in Chromium (from a won HubSpot deal)', () => {
  const T0 = Date.parse('2026-11-20T10:00:00.000Z');
  let app: TestApp;
  let base: string;
  let close: () => Promise<void>;
  let northwindId: number;
  let globexId: number;
  let nancyLink: string;

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    // PUBLIC_URL must be the address the browser uses: webhook signatures and invitation links are built on it.
    const probe = await serveHttp((_req, res) => res.end());
    const port = Number(new URL(probe.baseUrl).port);
    await probe.close();
    base = `http://127.0.0.1:${port}`;
    app = await createTestApp({ PUBLIC_URL: base });
    ({ close } = await startServer(app, { port, host: '127.0.0.1', scheduler: false }));
    nockHubSpotWorld(HUBSPOT_TEST_BASE, [
      { dealId: '777', dealName: 'Website rebuild', amount: '48000', stage: 'closedwon', companyId: '301', companyName: 'Northwind Traders', modifiedMs: T0, contacts: [{ id: '401', email: 'nancy@northwind.example', firstName: 'Nancy', lastName: 'Davolio' }] },
      { dealId: '888', dealName: 'Brand strategy', amount: '12500.50', stage: 'closedwon', companyId: '302', companyName: 'Globex Consulting', modifiedMs: T0, contacts: [{ id: '402', email: 'hank@globex.example', firstName: 'Hank', lastName: 'Scorpio' }] },
    ]);
    const body = JSON.stringify([777, 888].map((objectId, i) => ({ eventId: 9000 + i, subscriptionId: 1, portalId: 42, appId: 7, occurredAt: T0, subscriptionType: 'deal.propertyChange', attemptNumber: 0, objectId, changeSource: 'CRM_UI', propertyName: 'dealstage', propertyValue: 'closedwon' })));
    const timestamp = Date.now();
    const res = await fetch(`${base}/webhooks/hubspot`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hubspot-signature-v3': signHubSpotV3(HUBSPOT_TEST_SECRET, 'POST', `${base}/webhooks/hubspot`, body, timestamp), 'x-hubspot-request-timestamp': String(timestamp) },
      body,
    });
    expect(res.status).toBe(200);
    await app.jobs.drain();
    northwindId = (await sqlGet<{ id: number }>(app, `SELECT id FROM clients WHERE name = 'Northwind Traders'`))!.id;
    globexId = (await sqlGet<{ id: number }>(app, `SELECT id FROM clients WHERE name = 'Globex Consulting'`))!.id;
    const outbox = join(app.dataDir, 'outbox');
    const file = readdirSync(outbox).find((f) => f.includes('nancy'))!;
    nancyLink = readEml(readFileSync(join(outbox, file), 'utf8')).links[0]!;
  }, 120_000);

  afterAll(async () => {
    await close?.();
    nock.cleanAll();
    nock.enableNetConnect();
    await app?.dispose();
  });

  it('opens the emailed invitation and shows the provisioned client’s dashboard', async () => {
    expect(nancyLink.startsWith(`${base}/auth/link/`)).toBe(true);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(nancyLink);
    await page.getByRole('button', { name: 'Continue to the portal' }).click();
    await page.waitForURL(`${base}/clients/${northwindId}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Northwind Traders');
    const text = await page.locator('main').innerText();
    expect(text).toContain('Website rebuild');
    expect(text).toContain('$48,000.00');
    expect(text).toContain('Alex Owner');
    expect(text).toMatch(/from HubSpot, (just now|\d+ minutes? ago)/);
    expect(text).not.toContain('Globex');
    expect((await page.goto(`${base}/clients/${globexId}`))?.status()).toBe(404);
    await context.close();
  });
});
