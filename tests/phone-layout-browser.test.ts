/**
 * Issue 18 on a phone: every main portal page at 390 px in real Chromium — nothing wider than the
 * screen (scrollWidth <= clientWidth for the page and for every table region: tables become cards),
 * amounts inside the screen, a header that leaves the screen to the content. Screenshots of each
 * page at 390 and 1280 px go to test-artifacts/screenshots/phone-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createHttpApp } from '../src/http/create-http-app.js';
import { createPortalTestApp, type PortalTestApp } from './support/seed-portal.js';
import { serveHttp, type ServedHttp } from './support/portal-http-client.js';
import { collectCspViolations, launchBrowser, screenshot, seriousAccessibilityViolations } from './support/launch-browser.js';
import { fakeConnector, invoiceData, registryOf, seedConnection, seedRecord } from './support/seed-portal-records.js';
import { seedPortalWorld, type PortalWorld } from '../portal-ui/testing/seed-portal-world.js';
import { refreshInvoiceMatches } from '../src/billing/refresh-invoice-matches.js';
import { patchRecordData } from '../portal-ui/testing/patch-record-data.js';
import { sqlGet } from './support/sql.js';

interface Measure {
  page: number;
  regions: { scroll: number; client: number }[];
  header: number;
  viewport: number;
  amountsOutside: number;
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

describe('the portal on a 390 px phone', () => {
  let test: PortalTestApp;
  let served: ServedHttp;
  let world: PortalWorld;

  beforeAll(async () => {
    test = await createPortalTestApp({}, { connectors: registryOf([fakeConnector('xero', 'Xero'), fakeConnector('quickbooks', 'QuickBooks'), fakeConnector('stripe', 'Stripe'), fakeConnector('asana', 'Asana')]) });
    world = await seedPortalWorld(test.app, Date.now());
    // INV-001 is also kept in Stripe (the Stripe invoice the Xero one was synced from): one bill.
    const stripe = await seedConnection(test.app, 'stripe', 'seed');
    const xeroInvoice = JSON.parse((await sqlGet<{ data: string }>(test.app, 'SELECT data FROM records WHERE id = ?', world.invoices.open))!.data) as ReturnType<typeof invoiceData>;
    await seedRecord(test.app, { connectionId: stripe, provider: 'stripe', kind: 'invoice', clientId: world.northwind.clientId, externalId: 'in_1Phone', data: invoiceData({ ...xeroInvoice, number: 'NW-STRIPE-0001', references: [] }) });
    await patchRecordData(test.app, world.invoices.open, { references: ['in_1Phone'] });
    await test.app.store.transaction((tx) => refreshInvoiceMatches(tx, test.app.workspaceId, test.app.config.billing, [world.northwind.clientId]));
    served = await serveHttp(createHttpApp(test.app));
  });
  afterAll(async () => {
    await served?.close();
    await test?.dispose();
  });

  async function measure(page: Page): Promise<Measure> {
    return page.evaluate(() => {
      // Runs in the page; the project's TypeScript has no DOM lib, hence the narrow casts.
      type El = { scrollWidth: number; clientWidth: number; getBoundingClientRect(): { left: number; right: number; height: number } };
      const doc = (globalThis as unknown as { document: { documentElement: El; querySelector(s: string): El | null; querySelectorAll(s: string): El[] }; innerWidth: number }).document;
      const width = (globalThis as unknown as { innerWidth: number }).innerWidth;
      const root = doc.documentElement;
      const header = doc.querySelector('.site-header');
      const amounts = [...doc.querySelectorAll('main .num, main .facts dd')].filter((el) => {
        const box = el.getBoundingClientRect();
        return box.height > 0 && (box.right > width + 0.5 || box.left < -0.5);
      });
      return {
        page: root.scrollWidth - root.clientWidth,
        regions: [...doc.querySelectorAll('main .table-wrap')].map((el) => ({ scroll: el.scrollWidth, client: el.clientWidth })),
        header: header ? header.getBoundingClientRect().height : 0,
        viewport: (globalThis as unknown as { innerHeight: number }).innerHeight,
        amountsOutside: amounts.length,
      };
    });
  }

  it('fits every main page on the screen, tables as cards, header compact', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const csp = collectCspViolations(page);
    await page.goto(`${served.baseUrl}/auth/link/${world.northwind.invitationToken}`);
    await page.getByRole('button', { name: 'Continue to the portal' }).click();
    await page.waitForURL(`${served.baseUrl}/clients/${world.northwind.clientId}`);
    const pages: [string, string][] = [
      ['dashboard', `/clients/${world.northwind.clientId}`],
      ['invoices', '/invoices'],
      ['invoice', `/invoices/${world.invoices.open}`],
      ['invoice-partly-paid', `/invoices/${world.invoices.partlyPaid}`],
      ['payments', '/payments'],
      ['projects', '/projects'],
      ['project', `/projects/${world.projects.live}`],
      ['activity', '/activity'],
      ['team', '/team'],
      ['account', '/account'],
      ['sessions', '/account/sessions'],
    ];
    for (const [name, path] of pages) {
      await page.setViewportSize({ width: 390, height: 844 });
      const response = await page.goto(`${served.baseUrl}${path}`);
      expect(response?.status(), name).toBe(200);
      const m = await measure(page);
      expect(m.page, `${name}: the page scrolls sideways`).toBeLessThanOrEqual(0);
      for (const region of m.regions) expect(region.scroll, `${name}: a table region scrolls sideways`).toBeLessThanOrEqual(region.client);
      expect(m.amountsOutside, `${name}: amounts outside the screen`).toBe(0);
      expect(m.header, `${name}: header height`).toBeLessThanOrEqual(m.viewport * 0.25);
      expect(await seriousAccessibilityViolations(page), name).toEqual([]);
      await screenshot(page, `phone-${name}`);
    }
    expect(csp).toEqual([]);

    // The mirrored bill is listed once, naming both systems; Subtotal/Tax/Total keep their numbers.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${served.baseUrl}/invoices`);
    const list = await page.locator('main').innerText();
    expect(list.match(/INV-001\b/g)).toHaveLength(1);
    expect(list).not.toContain('NW-STRIPE-0001');
    expect(list).toContain('in Xero and Stripe');
    await page.goto(`${served.baseUrl}/invoices/${world.invoices.open}`);
    for (const label of ['Subtotal', 'Tax', 'Total']) {
      const row = page.locator('tfoot tr').filter({ has: page.locator('th', { hasText: new RegExp(`^${label}$`) }) });
      const [th, td] = [await row.locator('th').boundingBox(), await row.locator('td').boundingBox()];
      expect(th && td && td.x + td.width <= 390 && Math.abs(th.y - td.y) < 4, `${label} beside its number`).toBe(true);
    }
    await context.close();
  }, 120_000);
});
