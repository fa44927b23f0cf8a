/**
 * The whole path in real Chromium: a HubSpot deal is won → signed webhook → provisioning →
 * invitation in the outbox → the contact opens the link → their dashboard, and nothing of another client's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import nock from 'nock';
import { createServer } from 'node:net';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { createTestApp, HUBSPOT_TEST_BASE, HUBSPOT_TEST_SECRET, type TestApp } from './support/create-test-app.js';
import { launchBrowser, screenshot, seriousAccessibilityViolations } from './support/launch-browser.js';
import { startServer } from '../src/server/start-server.js';
import { readEml } from '../src/mail/read-eml.js';
import { signHubSpotV3 } from '../connectors/hubspot/testing/sign-hubspot-v3.js';
import { nockHubSpotWorld } from '../connectors/hubspot/testing/nock-hubspot-world.js';

const T0 = Date.parse('2026-11-20T10:00:00.000Z');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

describe('client portal in Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  let base: string;
  let close: () => Promise<void>;
  let northwindId: number;
  let globexId: number;
  let globexDealId: number;
  let nancyLink: string;

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    const port = await freePort();
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
    globexDealId = (app.db.prepare(`SELECT id FROM records WHERE kind = 'deal' AND client_id = ?`).get(globexId) as { id: number }).id;
    const outbox = join(app.dataDir, 'outbox');
    const file = readdirSync(outbox).find((f) => f.includes('nancy'))!;
    nancyLink = readEml(readFileSync(join(outbox, file), 'utf8')).links[0]!;
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await close?.();
    nock.cleanAll();
    nock.enableNetConnect();
    await app?.dispose();
  });

  it('signs a contact in from the invitation in the outbox and shows only their company', async () => {
    expect(nancyLink.startsWith(`${base}/auth/link/`)).toBe(true);
    const page = await browser.newPage();
    await page.goto(nancyLink);
    // Opening the link alone (what a mail scanner does) signs nobody in.
    await expect(page.getByRole('button', { name: 'Continue to the portal' }).isVisible()).resolves.toBe(true);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'sign-in-confirm');
    await page.getByRole('button', { name: 'Continue to the portal' }).click();
    await page.waitForURL(`${base}/clients/${northwindId}`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Northwind Traders');
    const text = await page.locator('main').innerText();
    expect(text).toContain('Website rebuild');
    expect(text).toContain('$48,000.00');
    expect(text).toContain('31 Mar 2024');
    expect(text).toContain('Alex Owner');
    expect(text).toMatch(/from HubSpot, (just now|\d+ minutes? ago)/);
    expect(text).not.toContain('Globex');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'dashboard');

    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'clienthub_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });

    // Another client's pages answer exactly like pages that do not exist.
    for (const path of [`/clients/${globexId}`, `/deals/${globexDealId}`, '/clients/999999', '/deals/abc']) {
      const response = await page.goto(`${base}${path}`);
      expect(response?.status(), path).toBe(404);
      expect(await page.locator('main').innerText()).not.toContain('Globex');
    }
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'not-found');

    await page.goto(`${base}/clients/${northwindId}`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${base}/signed-out`);
    const after = await page.goto(`${base}/clients/${northwindId}`);
    expect(after?.url()).toBe(`${base}/`);

    // The link worked once.
    await page.goto(nancyLink);
    await page.getByRole('button', { name: 'Continue to the portal' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('This link has expired or was already used');
    await page.close();
  });

  it('refuses a sign-out without the session’s CSRF token', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const { createAuthToken } = await import('../src/auth/create-auth-token.js');
    const userId = (app.db.prepare(`SELECT id FROM portal_users WHERE email = 'hank@globex.example'`).get() as { id: number }).id;
    await page.goto(`${base}/auth/link/${createAuthToken(app.db, app.keyring.signingKey, userId, 'sign_in')}`);
    await page.getByRole('button', { name: 'Continue to the portal' }).click();
    await page.waitForURL(`${base}/clients/${globexId}`);
    const forged = await page.request.post(`${base}/auth/sign-out`, { form: { _csrf: 'forged' }, maxRedirects: 0 });
    expect(forged.status()).toBe(403);
    const still = await page.goto(`${base}/clients/${globexId}`);
    expect(still?.status()).toBe(200);
    await context.close();
  });
});
