/**
 * Issue 17 in real Chromium, through the whole HTTP app (Helmet's CSP included), against the Asana
 * emulator: a client approves a design, downloads the shared file, and uploads one; every page is
 * held to axe's serious rules and the CSP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { createHttpApp } from '../src/http/create-http-app.js';
import { createTestApp, type TestApp } from './support/create-test-app.js';
import { seedPortalUser, signedInClient } from './support/seed-portal-records.js';
import { serveHttp, type ServedHttp } from './support/portal-http-client.js';
import { collectCspViolations, launchBrowser, seriousAccessibilityViolations } from './support/launch-browser.js';
import { startAsanaEmulator, type AsanaEmulator } from '../connectors/asana/emulator/start-asana-emulator.js';
import { AsanaEmulatorStore, type AsanaRecord } from '../connectors/asana/emulator/asana-emulator-store.js';
import { asanaHubEnv } from '../connectors/asana/emulator/hub-env.js';
import { addAttachment, attachmentsOf } from '../connectors/asana/emulator/asana-stories-and-attachments.js';
import { renderTextPdf } from '../connectors/emulator-support/render-pdf.js';
import { runPull } from '../src/sync/run-pull.js';
import { updateRecordClient } from '../src/store/records/update-record-client.js';
import { queueUnlistedDocuments } from '../src/documents/list-record-documents.js';
import { createJobHandlers } from '../src/jobs/create-job-handlers.js';
import { sqlAll, sqlValue } from './support/sql.js';

describe('approve, download and upload in Chromium', () => {
  let browser: Browser;
  let emulator: AsanaEmulator;
  let store: AsanaEmulatorStore;
  let app: TestApp;
  let served: ServedHttp;
  let page: Page;
  let csp: string[];
  let approval: AsanaRecord;
  let projectRecordId: number;
  const brief = renderTextPdf('Homepage concepts', ['Direction A', 'Direction B']);

  beforeAll(async () => {
    browser = await launchBrowser();
    store = new AsanaEmulatorStore();
    const visible = store.createTag('client-visible');
    const nancy = store.createUser('Nancy Davolio', 'nancy@northwind.example');
    const project = store.createProject({ name: 'Website rebuild' });
    const concepts = store.createTask({ name: 'Homepage concepts', projectGid: project.gid, tagGids: [visible.gid] });
    approval = store.createTask({ name: 'Sign off the homepage design', projectGid: project.gid, subtype: 'approval', tagGids: [visible.gid], assigneeGid: nancy.gid });
    store.createTask({ name: 'Client conversation', projectGid: project.gid });
    addAttachment(store, concepts.gid, { name: 'Homepage concepts.pdf', contentType: 'application/pdf', body: brief });
    emulator = await startAsanaEmulator({ store });
    app = await createTestApp({ HUBSPOT_ACCESS_TOKEN: '', ...asanaHubEnv(emulator) });
    const connectionId = (await sqlValue<number>(app, `SELECT id FROM connections WHERE provider = 'asana'`))!;
    await app.jobs.startWorker(createJobHandlers(app));
    await runPull(app, connectionId, 'Project', 'backfill');
    await runPull(app, connectionId, 'Task', 'backfill');
    await app.jobs.drain();
    const clientId = (await sqlValue<number>(app, `INSERT INTO clients (workspace_id, name, created_at, updated_at) VALUES (?, 'Northwind Traders', 1, 1) RETURNING id`, app.workspaceId))!;
    for (const { id } of await sqlAll<{ id: number }>(app, 'SELECT id FROM records')) await updateRecordClient(app.store.db, id, clientId);
    // Files are listed for client-owned records: linked now, they are listed as the scheduler would.
    await queueUnlistedDocuments(app);
    await app.jobs.drain();
    projectRecordId = (await sqlValue<number>(app, `SELECT id FROM records WHERE external_id = ?`, project.gid))!;
    const userId = (await seedPortalUser(app, clientId, { email: 'nancy@northwind.example', name: 'Nancy Davolio', role: 'client_admin' })).userId;
    served = await serveHttp(createHttpApp(app));
    const { client } = await signedInClient(app, served.baseUrl, userId, Date.now());
    const context = await browser.newContext({ acceptDownloads: true });
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

  it('approves from the dashboard card, sees it sent, then Asana\'s state', async () => {
    await page.goto(`${served.baseUrl}/`);
    await page.getByRole('link', { name: 'Sign off the homepage design' }).click();
    await check('approval');
    await page.getByLabel('Approve').check();
    await page.getByLabel(/Comment/).fill('Direction A, please.');
    // The worker runs: hold the Asana call until the page has shown the answer as sent, so that state is seen every time.
    const write = app.connectors.get('asana').writes!.answerApproval!;
    const perform = write.perform;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    write.perform = async (...args) => {
      await held;
      return perform.apply(write, args);
    };
    try {
      await page.getByRole('button', { name: 'Send answer' }).click();
      await expect.poll(() => page.textContent('main')).toContain('sent, waiting for Asana to confirm');
      await check('approval-sent');
    } finally {
      release();
    }
    await app.jobs.drain();
    write.perform = perform;
    expect(store.get(approval.gid)!.approval_status).toBe('approved');
    await page.reload();
    expect(await page.textContent('main')).toContain('Answered by Nancy Davolio via the portal.');
  });

  it('downloads a shared file through the hub', async () => {
    await page.goto(`${served.baseUrl}/documents`);
    await check('documents');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Homepage concepts.pdf' }).click()]);
    expect(download.suggestedFilename()).toBe('Homepage concepts.pdf');
    expect(download.url().startsWith(served.baseUrl)).toBe(true);
    expect(readFileSync((await download.path())!).equals(brief)).toBe(true);
  });

  it('uploads a file to the project, delivered to the conversation task', async () => {
    await page.goto(`${served.baseUrl}/projects/${projectRecordId}`);
    await check('project');
    await page.getByLabel('Send a file to the team').setInputFiles({ name: 'Brand assets.pdf', mimeType: 'application/pdf', buffer: renderTextPdf('Brand assets', ['Logo', 'Colours']) });
    await page.getByRole('button', { name: 'Send file' }).click();
    await expect.poll(() => page.textContent('main')).toContain('your file is on its way to the team');
    await check('project-uploaded');
    await app.jobs.drain();
    const conversation = store.all('task').find((t) => t.name === 'Client conversation')!;
    expect(attachmentsOf(store, conversation.gid).map((a) => String(a.name))).toEqual([expect.stringMatching(/^Brand assets \(portal [0-9a-f]{10}\)\.pdf$/)]);
  });
});
