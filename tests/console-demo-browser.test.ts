/**
 * Issue 8's "done": a newcomer runs `npm run demo -- --console`, signs in to the staff console with
 * the printed link, connects the emulated HubSpot, Xero and Stripe accounts from the console alone
 * (OAuth against the emulators' authorize pages, a test key for Stripe), and the won client's portal
 * fills up with the invoices identity resolution links to it. Real Chromium, no environment variables.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './support/launch-browser.js';
import { startConsoleDemo, type ConsoleDemo } from '../src/demo/run-console-demo.js';
import { readEml } from '../src/mail/read-eml.js';
import { freePort } from './support/free-port.js';


let browser: Browser;
let demo: ConsoleDemo;
let parent: string;

beforeAll(async () => {
  browser = await launchBrowser();
  parent = mkdtempSync(join(tmpdir(), 'clienthub-console-demo-'));
  const port = await freePort();
  demo = await startConsoleDemo({ port, dataDir: join(parent, 'data'), publicUrl: `http://127.0.0.1:${port}`, logLevel: 'error' });
}, 60_000);

afterAll(async () => {
  await demo?.close();
  await browser?.close();
  rmSync(parent, { recursive: true, force: true });
});

/** Full resync from the connection's page, then wait until its page stops refreshing (nothing running). */
async function syncAndWait(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Full resync of everything' }).click();
  await page.waitForURL(/\?done=queued$/);
  await page.waitForFunction(
    () => {
      const doc = (globalThis as unknown as { document: { querySelector(s: string): unknown; body: { innerText: string } } }).document;
      return doc.querySelector('meta[http-equiv="refresh"]') === null && !doc.body.innerText.includes('Running') && !doc.body.innerText.includes('never run');
    },
    undefined,
    { timeout: 90_000, polling: 500 },
  );
}

describe('the console demo, connected from the staff console alone', () => {
  it('connects HubSpot, Xero and Stripe and the client portal fills up', async () => {
    const staff = await (await browser.newContext()).newPage();
    await staff.goto(demo.staffLink);
    await staff.getByRole('button', { name: 'Sign in to the console' }).click();
    await staff.waitForURL(`${demo.url}/staff/connect`);

    // HubSpot by OAuth: its won deal provisions the client and writes invitations.
    await staff.getByRole('button', { name: 'Connect HubSpot with OAuth' }).click();
    await staff.waitForURL(/\/staff\/connections\/\d+\?done=connected$/);
    await syncAndWait(staff);
    const outbox = join(demo.dataDir, 'outbox');
    await expect.poll(() => { try { return readdirSync(outbox).filter((f) => f.endsWith('.eml')).length; } catch { return 0; } }, { timeout: 30_000 }).toBeGreaterThan(0);

    // Xero by OAuth (one organisation: nothing to choose), Stripe by a test key.
    await staff.goto(`${demo.url}/staff/connect`);
    await staff.getByRole('button', { name: 'Connect Xero' }).click();
    await staff.waitForURL(/\/staff\/connections\/\d+\?done=connected$/);
    await syncAndWait(staff);
    await staff.goto(`${demo.url}/staff/connect`);
    await staff.locator('#token-stripe').fill('sk_test_ConsoleDemo2026');
    await staff.locator('form[action="/staff/connect/stripe/token"] button').click();
    await staff.waitForURL(/\/staff\/connections\/\d+/);
    await syncAndWait(staff);

    // The client opens the invitation and sees invoices from both billing systems.
    const invitation = readdirSync(outbox).filter((f) => f.endsWith('.eml')).sort()[0]!;
    const link = readEml(readFileSync(join(outbox, invitation), 'utf8')).links[0]!;
    const client = await (await browser.newContext()).newPage();
    await client.goto(link);
    await client.getByRole('button', { name: 'Continue to the portal' }).click();
    await client.waitForURL(/\/clients\/\d+$/);
    await client.goto(`${demo.url}/invoices`);
    const rows = client.locator('main table tbody tr');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(6);
    const text = await client.locator('main').innerText();
    expect(text).toMatch(/INV-\d+/); // Xero numbers its invoices INV-…
  }, 240_000);
});
