/**
 * The staff console in real Chromium, through the whole server (Helmet's CSP, the in-process job
 * worker): a staff owner signs in with the link `clienthub staff add` prints, connects HubSpot
 * through OAuth against the HubSpot emulator's authorization server (a forged state is refused),
 * watches the sync complete on the self-refreshing page, replays a dead letter, accepts a review
 * suggestion and sees the client's portal change; a viewer gets no write. Every page is axe-clean.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { accessibilityViolations, collectCspViolations, launchBrowser, screenshot } from './support/launch-browser.js';
import { createPortalTestApp, type PortalTestApp } from './support/seed-portal.js';
import { startServer } from '../src/server/start-server.js';
import { startHubSpotEmulator, type HubSpotEmulator } from '../connectors/hubspot/emulator/start-hubspot-emulator.js';
import { seedStaffWorld, type StaffWorld } from '../portal-ui/staff/testing/seed-staff-world.js';
import { addStaffUser } from '../src/staff/add-staff-user.js';
import { updateConnectionStatus } from '../src/store/connections/update-connection-status.js';
import { freePort } from './support/free-port.js';
import { sqlAll, sqlGet } from './support/sql.js';


let browser: Browser;
let emulator: HubSpotEmulator;
let test: PortalTestApp;
let base: string;
let world: StaffWorld;
let close: () => Promise<void>;

beforeAll(async () => {
  browser = await launchBrowser();
  emulator = await startHubSpotEmulator({ oauth: { clientId: 'console-app', clientSecret: 'console-secret' } });
  emulator.store.seedDemo();
  emulator.store.generate(120, { types: ['companies'] });
  // The callback URL is built from PUBLIC_URL, so the server's port is chosen first.
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  test = await createPortalTestApp({
    PUBLIC_URL: base,
    HUBSPOT_BASE_URL: emulator.url,
    HUBSPOT_AUTHORIZE_URL: `${emulator.url}/oauth/authorize`,
    HUBSPOT_CLIENT_ID: 'console-app',
    HUBSPOT_CLIENT_SECRET: 'console-secret',
    HUBSPOT_SEARCH_RPS: '1000',
    CLIENTHUB_JOB_LOCK_MS: '5000',
  });
  world = await seedStaffWorld(test.app, Date.now());
  // The seeded records came from a connection nobody can sync here: keep the scheduler off it.
  await updateConnectionStatus(test.app.store.db, world.northwind.connectionId, 'disconnected');
  ({ close } = await startServer(test.app, { port, host: '127.0.0.1', scheduler: false }));
}, 60_000);

afterAll(async () => {
  await close?.();
  await test?.dispose();
  await emulator?.close();
  await browser?.close();
});

async function checkPage(page: Page, name: string, csp: string[]): Promise<void> {
  expect(await accessibilityViolations(page), name).toEqual([]);
  expect(csp, name).toEqual([]);
  await screenshot(page, `staff-${name}`);
}

describe('staff console in Chromium', () => {
  it('signs in, connects HubSpot by OAuth, watches the sync, replays a dead letter, accepts a review the client then sees', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const csp = collectCspViolations(page);

    // 1. The first owner: `clienthub staff add` prints a one-time link.
    const { link } = await addStaffUser(test.app, { email: 'boss@brightside.example', role: 'owner' });
    await page.goto(link);
    await checkPage(page, 'sign-in-confirm', csp);
    await page.getByRole('button', { name: 'Sign in to the console' }).click();
    await page.waitForURL(`${base}/staff/connect`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Connect your accounts');
    const cookie = (await context.cookies()).find((c) => c.name === 'clienthub_staff');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect((await context.cookies()).find((c) => c.name === 'clienthub_session')).toBeUndefined();
    await checkPage(page, 'connect', csp);

    // 2. A forged state never connects anything.
    const forged = await page.goto(`${base}/oauth/hubspot/callback?code=emulated-code-x&state=forged-state`);
    expect(forged?.status()).toBe(400);
    expect(await page.locator('body').innerText()).toContain('invalid, expired or was already used');

    // 3. Connect HubSpot: the console → the emulator's authorize endpoint → our callback → the connection's page.
    await page.goto(`${base}/staff/connect`);
    await page.getByRole('button', { name: 'Connect HubSpot with OAuth' }).click();
    await page.waitForURL(/\/staff\/connections\/\d+\?done=connected$/);
    const connectionId = Number(/connections\/(\d+)/.exec(page.url())![1]);
    expect(await sqlGet(test.app, 'SELECT provider, label, auth_type, status FROM connections WHERE id = ?', connectionId)).toEqual({ provider: 'hubspot', label: 'oauth', auth_type: 'oauth', status: 'active' });
    expect(emulator.requests.some((r) => r.method === 'POST' && r.path === '/oauth/v1/token')).toBe(true);
    expect(await page.getByRole('status').first().textContent()).toContain('Connected.');

    // 4. Run a full resync and watch it finish: the page refreshes itself while anything runs.
    await page.getByRole('button', { name: 'Full resync of everything' }).click();
    await page.waitForURL(/\?done=queued$/);
    await page.waitForFunction(
      () => {
        const doc = (globalThis as unknown as { document: { querySelector(s: string): unknown; body: { innerText: string } } }).document;
        return doc.querySelector('meta[http-equiv="refresh"]') === null && !doc.body.innerText.includes('never run') && !doc.body.innerText.includes('Running');
      },
      undefined,
      { timeout: 60_000, polling: 500 },
    );
    const runs = await sqlAll(test.app, `SELECT object_type AS "objectType", status FROM sync_runs WHERE connection_id = ? ORDER BY id`, connectionId) as { objectType: string; status: string }[];
    expect(runs.length).toBeGreaterThanOrEqual(4);
    expect(runs.every((r) => r.status === 'succeeded')).toBe(true);
    const companies = (await sqlGet(test.app, `SELECT COUNT(*) AS n FROM records WHERE connection_id = ? AND object_type = 'companies'`, connectionId) as { n: number }).n;
    expect(companies).toBe(123);
    const main = await page.locator('main').innerText();
    expect(main).toContain('Succeeded');
    expect(main).toContain(`${base}/webhooks/hubspot`);
    await checkPage(page, 'connection', csp);
    await page.getByRole('link', { name: 'Sync health' }).click();
    await checkPage(page, 'sync', csp);
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await checkPage(page, 'webhooks', csp);

    // 5. Replay the dead letter (its mapping has since been fixed).
    await page.getByRole('link', { name: 'Dead letters' }).click();
    await checkPage(page, 'dead-letters', csp);
    await page.getByRole('button', { name: `Replay dead letter ${world.deadLetterId}` }).click();
    await page.waitForURL(`${base}/staff/dead-letters?done=replayed`);
    expect(await page.getByRole('status').first().textContent()).toContain('Dead letter replayed');
    const replayed = await sqlGet<{ data: string }>(test.app, `SELECT data FROM records WHERE external_id = 'C-501'`);
    expect({ name: (JSON.parse(replayed!.data) as { name: unknown }).name }).toEqual({ name: 'Initech' });

    // 6. The client's portal before: no "Mobile app".
    const clientContext = await browser.newContext();
    await clientContext.addCookies([{ name: 'clienthub_session', value: world.portalSession.sessionId, url: base }]);
    const clientPage = await clientContext.newPage();
    await clientPage.goto(`${base}/clients/${world.northwind.clientId}`);
    expect(await clientPage.locator('main').innerText()).not.toContain('Mobile app');
    // ...and the client's session opens no console page.
    await clientPage.goto(`${base}/staff/reviews`);
    expect(clientPage.url()).toBe(`${base}/staff/sign-in`);

    // 7. The deal is among the unlinked records; accept the review suggestion.
    await page.getByRole('link', { name: 'Unlinked records' }).click();
    await page.getByLabel('Name, number or id').fill('Mobile app');
    await page.getByRole('button', { name: 'Show' }).click();
    expect(await page.locator('main').innerText()).toContain('Waiting for review');
    await checkPage(page, 'unlinked', csp);
    await page.getByRole('link', { name: 'Review queue' }).click();
    await checkPage(page, 'reviews', csp);
    await page.getByRole('button', { name: 'Accept: link Mobile app to Northwind Traders' }).click();
    await page.waitForURL(`${base}/staff/reviews?done=review_answered`);
    await clientPage.goto(`${base}/clients/${world.northwind.clientId}`);
    expect(await clientPage.locator('main').innerText()).toContain('Mobile app');
    await clientContext.close();

    // 8. The client's page, "view as client", the audit log.
    await page.getByRole('link', { name: 'Clients' }).click();
    await checkPage(page, 'clients', csp);
    await page.getByRole('link', { name: 'Northwind Traders' }).click();
    expect(await page.locator('main').innerText()).toContain('Mobile app');
    await checkPage(page, 'client', csp);
    await page.getByRole('link', { name: 'View the portal as this client sees it' }).click();
    expect(await page.locator('main').innerText()).toContain('Mobile app');
    await checkPage(page, 'view-as-client', csp);
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByLabel('What').fill('client.');
    await page.getByRole('button', { name: 'Show' }).click();
    expect(await page.locator('main').innerText()).toContain('client.viewed_as');
    await checkPage(page, 'audit', csp);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${base}/staff/signed-out`);
    await checkPage(page, 'signed-out', csp);
    await page.goto(`${base}/staff/sign-in`);
    await checkPage(page, 'sign-in', csp);
    await context.close();
  }, 120_000);

  it('offers a viewer no write, and refuses a forged one', async () => {
    const context: BrowserContext = await browser.newContext();
    await context.addCookies([{ name: 'clienthub_staff', value: world.staff.viewer.sessionId, url: base }]);
    const page = await context.newPage();
    for (const path of ['/staff/connect', '/staff/sync', '/staff/dead-letters?status=all', '/staff/reviews', '/staff/unlinked', `/staff/clients/${world.globex.clientId}`]) {
      await page.goto(`${base}${path}`);
      expect(await page.locator('main form[method="post"]').count(), path).toBe(0);
    }
    const refused = await page.request.post(`${base}/staff/connections/${world.northwind.connectionId}/sync`, { form: { _csrf: world.staff.viewer.csrfToken }, maxRedirects: 0 });
    expect(refused.status()).toBe(403);
    await page.goto(`${base}/staff/connect`);
    expect(await accessibilityViolations(page)).toEqual([]);
    await context.close();
  });
});
