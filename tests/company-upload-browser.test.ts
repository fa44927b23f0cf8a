/**
 * Issue 17 in real Chromium, through the whole HTTP app (Helmet's CSP included), against the HubSpot
 * emulator: a client sends a file from the Documents page (no project); it lands on their HubSpot
 * company as a file carried by a note. The page is held to axe's serious rules and the CSP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createHttpApp } from '../src/http/create-http-app.js';
import { createTestApp, hubspotConnectionId, type TestApp } from './support/create-test-app.js';
import { seedPortalUser, seedRecord, signedInClient } from './support/seed-portal-records.js';
import { serveHttp, type ServedHttp } from './support/portal-http-client.js';
import { collectCspViolations, launchBrowser, seriousAccessibilityViolations } from './support/launch-browser.js';
import { startHubSpotEmulator, type HubSpotEmulator } from '../connectors/hubspot/emulator/start-hubspot-emulator.js';
import { HubSpotEmulatorStore } from '../connectors/hubspot/emulator/emulator-store.js';
import { fileManagerOf } from '../connectors/hubspot/emulator/file-manager.js';
import { renderTextPdf } from '../connectors/emulator-support/render-pdf.js';
import { createJobHandlers } from '../src/jobs/create-job-handlers.js';
import { sqlValue } from './support/sql.js';

describe('send a document to the company in Chromium', () => {
  let browser: Browser;
  let emulator: HubSpotEmulator;
  let store: HubSpotEmulatorStore;
  let app: TestApp;
  let served: ServedHttp;
  let page: Page;
  let csp: string[];
  let companyId: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    store = new HubSpotEmulatorStore();
    companyId = store.createCompany({ name: 'Northwind Traders' }).id;
    emulator = await startHubSpotEmulator({ store });
    app = await createTestApp({ HUBSPOT_BASE_URL: emulator.url });
    await app.jobs.startWorker(createJobHandlers(app));
    const clientId = (await sqlValue<number>(app, `INSERT INTO clients (workspace_id, name, created_at, updated_at) VALUES (?, 'Northwind Traders', 1, 1) RETURNING id`, app.workspaceId))!;
    await seedRecord(app, { connectionId: await hubspotConnectionId(app), provider: 'hubspot', kind: 'company', externalId: companyId, clientId, data: { name: 'Northwind Traders', domain: null, phone: null, website: null, city: null, country: null, ownerExternalId: null, emails: [], taxNumber: null, billingAddress: null } });
    const userId = (await seedPortalUser(app, clientId, { email: 'nancy@northwind.example', name: 'Nancy Davolio', role: 'member' })).userId;
    served = await serveHttp(createHttpApp(app));
    const { client } = await signedInClient(app, served.baseUrl, userId, Date.now());
    const context = await browser.newContext();
    await context.addCookies([...client.cookies].map(([name, value]) => ({ name, value, url: served.baseUrl })));
    page = await context.newPage();
    csp = collectCspViolations(page);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await served?.close();
    await app?.dispose();
    await emulator?.close();
  });

  const check = async (name: string) => {
    expect(await seriousAccessibilityViolations(page), name).toEqual([]);
    expect(csp, name).toEqual([]);
  };

  it('uploads from the Documents page, shown as sent, delivered to the HubSpot company', async () => {
    await page.goto(`${served.baseUrl}/documents`);
    await check('documents-with-upload');
    await page.getByLabel('Send a file to the team').setInputFiles({ name: 'Purchase order.pdf', mimeType: 'application/pdf', buffer: renderTextPdf('Purchase order', ['PO 4471']) });
    await page.getByRole('button', { name: 'Send file' }).click();
    await expect.poll(() => page.textContent('main')).toContain('your file is on its way to the team');
    await check('documents-uploaded');
    await app.jobs.drain();
    const notes = store.associations('companies', companyId, 'notes').map((link) => store.get('notes', link.toId)!);
    expect(notes).toHaveLength(1);
    const file = fileManagerOf(store).files.get(String(notes[0]!.properties.hs_attachment_ids))!;
    expect(`${file.name}.${file.extension}`).toMatch(/^Purchase order \(portal [0-9a-f]{10}\)\.pdf$/);
    await page.reload();
    expect(await page.textContent('main')).toContain('by Nancy Davolio: delivered');
  });

  it('says why a refused file was not sent, on the same page, accessibly', async () => {
    await page.goto(`${served.baseUrl}/documents`);
    await page.getByLabel('Send a file to the team').setInputFiles({ name: 'invoice.pdf', mimeType: 'application/pdf', buffer: Buffer.from('#!/bin/sh\necho hi\n') });
    await page.getByRole('button', { name: 'Send file' }).click();
    await expect.poll(() => page.textContent('main')).toContain('“invoice.pdf” does not contain what a PDF should. It was not sent.');
    await check('documents-refused');
  });
});
