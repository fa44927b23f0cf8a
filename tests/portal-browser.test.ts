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
import { collectCspViolations, launchBrowser, screenshot, seriousAccessibilityViolations } from './support/launch-browser.js';
import { createTestApp, HUBSPOT_TEST_BASE, HUBSPOT_TEST_SECRET, type TestApp } from './support/create-test-app.js';
import { startServer } from '../src/server/start-server.js';
import { readEml } from '../src/mail/read-eml.js';
import { signHubSpotV3 } from '../connectors/hubspot/testing/sign-hubspot-v3.js';
import { nockHubSpotWorld } from '../connectors/hubspot/testing/nock-hubspot-world.js';

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
    northwind = seedPortalClient(
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
    globex = seedPortalClient(
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
    const usedAt = () => (test.app.db.prepare('SELECT used_at AS usedAt FROM auth_tokens WHERE user_id = ?').get(northwind.userId) as { usedAt: number | null }).usedAt;

    // Opening the link (what a mail scanner does) shows a button and uses nothing up.
    const link = `${base}/auth/link/${northwind.invitationToken}`;
    await page.goto(link);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in to Brightside Agency');
    expect(usedAt()).toBeNull();
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
    northwindId = (app.db.prepare(`SELECT id FROM clients WHERE name = 'Northwind Traders'`).get() as { id: number }).id;
    globexId = (app.db.prepare(`SELECT id FROM clients WHERE name = 'Globex Consulting'`).get() as { id: number }).id;
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
