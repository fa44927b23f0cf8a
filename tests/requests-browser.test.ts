/**
 * Issue 16's journey in real Chromium: open a request, see it pending then received, the team replies
 * by email on the HubSpot ticket, the webhook arrives, the reply is on the request's page. Every page
 * is held to every axe rule and the portal's CSP.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createTestApp, hubspotConnectionId, HUBSPOT_TEST_SECRET, type TestApp } from './support/create-test-app.js';
import { seedPortalUser, seedRecord } from './support/seed-portal-records.js';
import { accessibilityViolations, collectCspViolations, launchBrowser } from './support/launch-browser.js';
import { startServer } from '../src/server/start-server.js';
import { createSession } from '../src/auth/create-session.js';
import { startHubSpotEmulator, type HubSpotEmulator } from '../connectors/hubspot/emulator/start-hubspot-emulator.js';
import { HubSpotEmulatorStore } from '../connectors/hubspot/emulator/emulator-store.js';
import { signHubSpotV3 } from '../connectors/hubspot/testing/sign-hubspot-v3.js';
import { sqlValue } from './support/sql.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

describe('requests in Chromium', () => {
  let emulator: HubSpotEmulator;
  let store: HubSpotEmulatorStore;
  let app: TestApp;
  let url: string;
  let close: () => Promise<void>;
  let memberId: number;

  beforeEach(async () => {
    store = new HubSpotEmulatorStore();
    const seed = store.seedDemo();
    emulator = await startHubSpotEmulator({ store });
    app = await createTestApp({ HUBSPOT_BASE_URL: emulator.url, HUBSPOT_PORTAL_ID: String(store.portalId) });
    const connectionId = await hubspotConnectionId(app);
    const clientId = (await sqlValue<number>(app, `INSERT INTO clients (workspace_id, name, created_at, updated_at) VALUES (?, 'Northwind Traders', 1, 1) RETURNING id`, app.workspaceId))!;
    await seedRecord(app, { connectionId, provider: 'hubspot', kind: 'company', externalId: seed.companyIds[0]!, clientId, data: { name: 'Northwind Traders', domain: 'northwind.example', phone: null, website: null, city: null, country: null, ownerExternalId: null, emails: [], taxNumber: null, billingAddress: null } });
    memberId = (await seedPortalUser(app, clientId, { email: 'nancy.davolio@northwind.example', name: 'Nancy Davolio', role: 'member' })).userId;
    const server = await startServer(app, { port: 0, host: '127.0.0.1', scheduler: false });
    url = server.url;
    close = server.close;
  });

  afterEach(async () => {
    await close();
    await app.dispose();
    await emulator.close();
  });

  async function check(page: Page, name: string, csp: string[]) {
    expect(await accessibilityViolations(page), name).toEqual([]);
    expect(csp, name).toEqual([]);
  }

  it('opens a request, fixes a refused field, reads the team’s reply after the webhook, and answers it', async () => {
    const session = await createSession(app.store.db, app.keyring.signingKey, { userId: memberId, userAgent: 'chromium', ip: '127.0.0.1' }, Date.now());
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addCookies([{ name: 'clienthub_session', value: session.sessionId, url }]);
    const page = await context.newPage();
    const csp = collectCspViolations(page);

    await page.goto(`${url}/requests`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Requests');
    await check(page, 'requests-empty', csp);
    await page.getByRole('link', { name: 'Open a request' }).click();
    await page.waitForURL(`${url}/requests/new`);
    await check(page, 'request-form', csp);

    // Sent without a description: refused with the reason tied to the field, what was typed kept.
    await page.getByLabel('Subject').fill('Invoice address is wrong');
    await page.getByLabel('Category (optional)').selectOption('billing');
    await page.getByRole('button', { name: 'Send request' }).click();
    expect(await page.locator('#description-error').textContent()).toBe('Describe what you need.');
    expect(await page.getByLabel('Subject').inputValue()).toBe('Invoice address is wrong');
    expect(await page.getByLabel('Description').getAttribute('aria-invalid')).toBe('true');
    await check(page, 'request-form-errors', csp);

    await page.getByLabel('Description').fill('Please bill our Seattle office.\nThanks!');
    await page.getByRole('button', { name: 'Send request' }).click();
    await page.waitForURL(`${url}/requests?done=sent`);
    const listed = await page.locator('main').innerText();
    expect(listed).toContain('Invoice address is wrong');
    expect(listed).toMatch(/Sending to your team|Received by your team/);
    await check(page, 'requests-pending', csp);

    await app.jobs.drain();
    const [ticket] = [...store.all('tickets')];
    const reply = store.addTicketEmail(ticket!.id, { text: 'Done: future invoices go to Seattle.', direction: 'EMAIL', fromFirstName: 'Alex', fromLastName: 'Owner' });
    const note = store.addTicketNote(ticket!.id, 'Internal: check with finance');
    const body = JSON.stringify([reply.event, note.event]);
    const timestamp = Date.now();
    const delivered = await fetch(`${url}/webhooks/hubspot`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hubspot-signature-v3': signHubSpotV3(HUBSPOT_TEST_SECRET, 'POST', 'http://hub.test/webhooks/hubspot', body, timestamp), 'x-hubspot-request-timestamp': String(timestamp) },
      body,
    });
    expect(delivered.status).toBe(200);
    await app.jobs.drain();

    await page.goto(`${url}/requests`);
    await page.getByRole('link', { name: 'Invoice address is wrong' }).click();
    await page.waitForURL(/\/requests\/\d+$/);
    const detail = await page.locator('main').innerText();
    expect(detail).toContain('Please bill our Seattle office.\nThanks!');
    expect(detail).toContain('Done: future invoices go to Seattle.');
    expect(detail).toContain('Alex Owner');
    expect(detail).not.toContain('check with finance');
    await check(page, 'request-detail', csp);

    // The client answers from the same page: it shows as on its way, then in the thread as theirs.
    await page.getByLabel('Your reply').fill('Thank you! PO number 4471.');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page.waitForURL(/\/requests\/\d+$/);
    expect(await page.locator('main').innerText()).toContain('Thank you! PO number 4471.');
    await check(page, 'request-reply-sent', csp);
    await app.jobs.drain();
    await page.reload();
    const thread = await page.locator('main').innerText();
    expect(thread).toContain('Thank you! PO number 4471.');
    expect(thread).not.toContain('Sending to your team');
    expect([...store.all('emails')].filter((e) => e.properties.hs_email_direction === 'INCOMING_EMAIL')).toHaveLength(1);
    await context.close();
  }, 60_000);
});
