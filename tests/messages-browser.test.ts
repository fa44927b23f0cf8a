/**
 * Issue 16's conversations in real Chromium, through the whole HTTP app (Helmet's CSP included),
 * against the Asana emulator: a client sends a message from Messages, sees it sending, then Asana's
 * copy; the team's reply arrives (events poll), an internal comment never; every page is held to
 * axe's serious rules and the CSP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createHttpApp } from '../src/http/create-http-app.js';
import { createTestApp, type TestApp } from './support/create-test-app.js';
import { seedPortalUser, signedInClient } from './support/seed-portal-records.js';
import { serveHttp, type ServedHttp } from './support/portal-http-client.js';
import { collectCspViolations, launchBrowser, seriousAccessibilityViolations } from './support/launch-browser.js';
import { startAsanaEmulator, type AsanaEmulator } from '../connectors/asana/emulator/start-asana-emulator.js';
import { AsanaEmulatorStore, type AsanaRecord } from '../connectors/asana/emulator/asana-emulator-store.js';
import { asanaHubEnv } from '../connectors/asana/emulator/hub-env.js';
import { addComment, storiesOf } from '../connectors/asana/emulator/asana-stories-and-attachments.js';
import { runPull } from '../src/sync/run-pull.js';
import { updateRecordClient } from '../src/store/records/update-record-client.js';
import { createJobHandlers } from '../src/jobs/create-job-handlers.js';
import { sqlAll, sqlValue } from './support/sql.js';

describe('send a message and see the reply in Chromium', () => {
  let browser: Browser;
  let emulator: AsanaEmulator;
  let store: AsanaEmulatorStore;
  let app: TestApp;
  let served: ServedHttp;
  let page: Page;
  let csp: string[];
  let project: AsanaRecord;
  let internal: AsanaRecord;
  let connectionId: number;

  beforeAll(async () => {
    browser = await launchBrowser();
    store = new AsanaEmulatorStore();
    const visible = store.createTag('client-visible');
    project = store.createProject({ name: 'Website rebuild' });
    store.createTask({ name: 'Homepage concepts', projectGid: project.gid, tagGids: [visible.gid] });
    internal = store.createTask({ name: 'Internal design critique', projectGid: project.gid });
    emulator = await startAsanaEmulator({ store });
    app = await createTestApp({ HUBSPOT_ACCESS_TOKEN: '', ...asanaHubEnv(emulator) });
    connectionId = (await sqlValue<number>(app, `SELECT id FROM connections WHERE provider = 'asana'`))!;
    await app.jobs.startWorker(createJobHandlers(app));
    await runPull(app, connectionId, 'Project', 'backfill');
    await runPull(app, connectionId, 'Task', 'backfill');
    await app.jobs.drain();
    const clientId = (await sqlValue<number>(app, `INSERT INTO clients (workspace_id, name, created_at, updated_at) VALUES (?, 'Northwind Traders', 1, 1) RETURNING id`, app.workspaceId))!;
    for (const { id } of await sqlAll<{ id: number }>(app, 'SELECT id FROM records')) await updateRecordClient(app.store.db, id, clientId);
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

  it('sends from Messages, sees it sending then delivered, and reads the team\'s reply (never the internal comment)', async () => {
    await page.goto(`${served.baseUrl}/`);
    await page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Messages' }).click();
    await check('messages list');
    await page.getByRole('link', { name: 'Website rebuild' }).click();
    await check('empty thread');
    // The delivery waits until the page has shown the message as sending (the worker is running).
    const write = app.connectors.get('asana').writes!.addConversationComment!;
    const original = write.perform;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    write.perform = async (ctx, input) => {
      await gate;
      return original(ctx, input);
    };
    await page.getByLabel('Your message').fill('Can we see direction A on mobile?\n<b>thanks</b>');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('on its way');
    expect(await page.getByText('Sending…').count()).toBe(1);
    await check('sending');

    release();
    await app.jobs.drain();
    write.perform = original;
    const task = store.tasksOf(project.gid).find((t) => t.name === 'Client conversation')!;
    expect(storiesOf(store, task.gid).map((story) => story.text)).toEqual([expect.stringMatching(/^Nancy Davolio via the client portal:\n\nCan we see direction A on mobile\?\n<b>thanks<\/b>\n\n\(client portal ref /)]);

    addComment(store, internal.gid, 'Internal: mobile is not budgeted');
    addComment(store, task.gid, 'Yes — the mobile mock-ups are attached to Homepage concepts.');
    await runPull(app, connectionId, 'Task', 'incremental');
    await app.jobs.drain();
    await page.goto(`${served.baseUrl}/messages`);
    expect(await page.getByText('1 unread').count()).toBe(1);
    await page.getByRole('link', { name: 'Website rebuild' }).click();
    const thread = page.getByRole('list', { name: 'Conversation' });
    expect(await thread.getByRole('listitem').count()).toBe(2);
    expect(await thread.textContent()).toContain('<b>thanks</b>');
    expect(await thread.textContent()).toContain('the mobile mock-ups are attached');
    expect(await page.content()).not.toContain('not budgeted');
    await check('thread with reply');
    await page.goto(`${served.baseUrl}/messages`);
    expect(await page.getByText('unread').count()).toBe(0);
  });
});
