import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import express from 'express';
import { createTestApp, type TestApp } from '../../tests/support/create-test-app.js';
import { seedPortalUser, signedInClient } from '../../tests/support/seed-portal-records.js';
import { serveHttp, type ServedHttp } from '../../tests/support/portal-http-client.js';
import { startAsanaEmulator, type AsanaEmulator } from '../../connectors/asana/emulator/start-asana-emulator.js';
import { AsanaEmulatorStore, type AsanaRecord } from '../../connectors/asana/emulator/asana-emulator-store.js';
import { asanaHubEnv } from '../../connectors/asana/emulator/hub-env.js';
import { addComment, storiesOf } from '../../connectors/asana/emulator/asana-stories-and-attachments.js';
import { parseAsanaWebhook } from '../../connectors/asana/parse-webhook.js';
import type { AddConversationCommentInput, WriteOperation } from '../../src/connector-kit/connector.js';
import { runPull } from '../../src/sync/run-pull.js';
import { fetchAndApply } from '../../src/sync/fetch-and-apply.js';
import { updateRecordClient } from '../../src/store/records/update-record-client.js';
import { createJobHandlers } from '../../src/jobs/create-job-handlers.js';
import { performPortalAction } from '../../src/outbox/perform-portal-action.js';
import { listClientActions } from '../../src/store/portal-actions/list-client-actions.js';
import { listDeadLetters } from '../../src/sync/dead-letters.js';
import { ProviderError } from '../../src/sync/sync-errors.js';
import { createPortalRouter } from '../create-portal-router.js';
import { sendNotificationDigests } from '../../src/notifications/send-notification-digests.js';
import { sqlAll, sqlGet, sqlRun, sqlValue } from '../../tests/support/sql.js';

describe('conversations: a project thread on the Asana client-conversation task', () => {
  let emulator: AsanaEmulator;
  let store: AsanaEmulatorStore;
  let app: TestApp;
  let served: ServedHttp;
  let connectionId: number;
  let clientId: number;
  let memberId: number;
  let colleagueId: number;
  let billingId: number;
  let project: AsanaRecord;
  let internalTask: AsanaRecord;
  let projectRecordId: number;
  let write: WriteOperation<AddConversationCommentInput>;
  let originalPerform: WriteOperation<AddConversationCommentInput>['perform'];

  beforeEach(async () => {
    store = new AsanaEmulatorStore();
    const visible = store.createTag('client-visible');
    project = store.createProject({ name: 'Website rebuild' });
    store.createTask({ name: 'Design the homepage', projectGid: project.gid, tagGids: [visible.gid] });
    internalTask = store.createTask({ name: 'Agency margin review', projectGid: project.gid });
    emulator = await startAsanaEmulator({ store });
    app = await createTestApp({ HUBSPOT_ACCESS_TOKEN: '', ...asanaHubEnv(emulator) });
    connectionId = (await sqlValue<number>(app, `SELECT id FROM connections WHERE provider = 'asana'`))!;
    await runPull(app, connectionId, 'Project', 'backfill');
    await runPull(app, connectionId, 'Task', 'backfill');
    clientId = (await sqlValue<number>(app, `INSERT INTO clients (workspace_id, name, created_at, updated_at) VALUES (?, 'Northwind Traders', 1, 1) RETURNING id`, app.workspaceId))!;
    for (const { id } of await sqlAll<{ id: number }>(app, 'SELECT id FROM records WHERE connection_id = ?', connectionId)) await updateRecordClient(app.store.db, id, clientId);
    projectRecordId = (await sqlValue<number>(app, `SELECT id FROM records WHERE external_id = ? AND kind = 'project'`, project.gid))!;
    memberId = (await seedPortalUser(app, clientId, { email: 'nancy@northwind.example', name: 'Nancy Davolio', role: 'member' })).userId;
    colleagueId = (await seedPortalUser(app, clientId, { email: 'andrew@northwind.example', name: 'Andrew Fuller', role: 'client_admin' })).userId;
    billingId = (await seedPortalUser(app, clientId, { email: 'laura@northwind.example', name: 'Laura Callahan', role: 'billing' })).userId;
    const http = express();
    http.use(createPortalRouter(app));
    served = await serveHttp(http);
    write = app.connectors.get('asana').writes!.addConversationComment!;
    originalPerform = write.perform;
  });

  afterEach(async () => {
    write.perform = originalPerform;
    await served.close();
    await app.dispose();
    await emulator.close();
  });

  const as = (userId: number) => signedInClient(app, served.baseUrl, userId, Date.now());
  const formKey = (page: string) => /name="key" value="([^"]+)"/.exec(page)![1]!;
  const conversationTask = () => store.tasksOf(project.gid).find((task) => task.name === 'Client conversation');
  const comments = () => (conversationTask() ? storiesOf(store, conversationTask()!.gid).map((story) => String(story.text)) : []);
  const send = async (userId: number, text: string) => {
    const { client, csrf } = await as(userId);
    const page = (await client.get(`/messages/${projectRecordId}`)).text;
    return client.postForm(`/messages/${projectRecordId}`, { _csrf: csrf, key: formKey(page), body: text });
  };
  /** Asana's poll path: the project's events since the last pull (the comment's story event among them). */
  const poll = async () => {
    await runPull(app, connectionId, 'Task', 'incremental');
    await app.jobs.drain();
  };

  it('posts a message as exactly one plain-text comment on the conversation task (created when missing), shown as sending then as Asana\'s copy', async () => {
    expect(conversationTask()).toBeUndefined();
    const sent = await send(memberId, 'Can we move the launch?\n<script>alert(1)</script>');
    expect(sent.status).toBe(303);
    expect(sent.location).toBe(`/messages/${projectRecordId}?done=sent`);
    const { client } = await as(memberId);
    const pending = (await client.get(`/messages/${projectRecordId}?done=sent`)).text;
    expect(pending).toContain('Sending…');
    expect(pending).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(pending).not.toContain('<script>alert(1)');

    await app.jobs.startWorker(createJobHandlers(app));
    await app.jobs.drain();
    expect(comments()).toHaveLength(1);
    expect(comments()[0]).toMatch(/^Nancy Davolio via the client portal:\n\nCan we move the launch\?\n<script>alert\(1\)<\/script>\n\n\(client portal ref message:\d+:[0-9a-f-]{36}\)$/);
    // Sent as `text`: Asana's html_text is its own escaping of it, nothing the client typed is markup.
    expect(storiesOf(store, conversationTask()!.gid)[0]!.html_text).toContain('&lt;script&gt;');
    const shown = (await client.get(`/messages/${projectRecordId}`)).text;
    expect(shown).not.toContain('Sending…');
    expect(shown).toContain('<strong>Nancy Davolio</strong>');
    expect(shown).toContain('Can we move the launch?\n&lt;script&gt;');
    expect(shown).not.toContain('client portal ref');
    // The client's own message is not unread for anyone.
    expect((await (await as(colleagueId)).client.get('/messages')).text).not.toContain('unread');
  });

  it('posts one comment when the worker dies after Asana answered and before the action is marked done', async () => {
    await send(memberId, 'Please call me');
    const [action] = (await listClientActions(app.store.db, clientId, { operation: 'addConversationComment' }));
    write.perform = async (ctx, input) => {
      await originalPerform(ctx, input);
      throw new Error('worker killed after the provider answered');
    };
    await expect(performPortalAction(app, action!.id, { attempt: 1, maxAttempts: 5 })).rejects.toThrow('worker killed');
    expect(comments()).toHaveLength(1);
    write.perform = originalPerform;
    await performPortalAction(app, action!.id, { attempt: 2, maxAttempts: 5 });
    expect(comments()).toHaveLength(1);
    expect((await listClientActions(app.store.db, clientId, { operation: 'addConversationComment' }))[0]).toMatchObject({ status: 'done', resultObjectType: 'Story', attempts: 2 });
    expect(emulator.requests.filter((r) => r.method === 'POST' && r.path === `/api/1.0/tasks/${conversationTask()!.gid}/stories`)).toHaveLength(1);
  });

  it('brings a staff comment on the conversation task to the portal (webhook and poll), never a comment on another task, and counts it unread until read', async () => {
    await send(memberId, 'Hello team');
    await app.jobs.startWorker(createJobHandlers(app));
    await app.jobs.drain();
    await poll();
    const taskGid = conversationTask()!.gid;
    addComment(store, internalTask.gid, 'Internal: they are over budget, do not tell them');
    const reply = addComment(store, taskGid, 'Hi Nancy — launch moves to Friday.');

    // Webhook path: Asana's thin event names the story and its parent task; the hub fetches the task and reads the thread.
    const logged = store.eventsSince(project.gid, 0).map((entry) => entry.event).filter((event) => event.resource.resource_type === 'story');
    const parsed = parseAsanaWebhook({ rawBody: Buffer.from(JSON.stringify({ events: logged })), headers: {}, query: {} } as never);
    if (!parsed.ok) throw new Error(parsed.reason);
    const touched = [...new Set(parsed.events.map((event) => event.externalId))];
    expect(touched).toEqual(expect.arrayContaining([taskGid, internalTask.gid]));
    for (const gid of touched) await fetchAndApply(app, connectionId, 'Task', [gid]);
    await app.jobs.drain();

    const list = (await (await as(colleagueId)).client.get('/messages')).text;
    expect(list).toContain('data-unread="1"');
    // And on the project's own page, next to its documents.
    const projectPage = (await (await as(colleagueId)).client.get(`/projects/${projectRecordId}`)).text;
    expect(projectPage).toContain(`<a href="/messages/${projectRecordId}">Open the conversation with your team</a>`);
    expect(projectPage).toContain('data-unread="1"');
    const thread = (await (await as(colleagueId)).client.get(`/messages/${projectRecordId}`)).text;
    expect(thread).toContain('Hi Nancy — launch moves to Friday.');
    expect(thread).toContain(`<strong>${String((reply.created_by as { name: string }).name)}</strong>`);
    expect(thread).not.toContain('over budget');
    // Read by Andrew: 0 for him, still 1 for Nancy.
    expect((await (await as(colleagueId)).client.get('/messages')).text).not.toContain('data-unread');
    expect((await (await as(memberId)).client.get('/messages')).text).toContain('data-unread="1"');

    // Poll path: a second reply and another internal comment, found through the project's events.
    addComment(store, internalTask.gid, 'Internal again');
    addComment(store, taskGid, 'Also: the staging link is ready.');
    await poll();
    const polled = (await (await as(memberId)).client.get(`/messages/${projectRecordId}`)).text;
    expect(polled).toContain('the staging link is ready');
    expect(polled).not.toContain('Internal');
    expect(await sqlGet(app, 'SELECT COUNT(*) AS n FROM conversation_messages')).toEqual({ n: 3 });

    // Digests: the team's replies are news (never the client's own message); billing, without Messages, gets none.
    await sqlRun(app, `UPDATE portal_users SET notify_mode = 'immediate', notify_after_change_id = (SELECT COALESCE(MAX(id), 0) FROM record_changes)`);
    await sendNotificationDigests(app);
    const digests = await sqlAll<{ to: string; text: string }>(app, `SELECT to_address AS "to", text_body AS text FROM outbox_messages WHERE kind = 'digest' ORDER BY id`);
    expect(digests.map((d) => d.to).sort()).toEqual(['andrew@northwind.example', 'nancy@northwind.example']);
    const text = digests[0]!.text;
    expect(text.match(/New message from /g)).toHaveLength(2);
    expect(text).toContain(`/messages/${projectRecordId}`);
    expect(text).not.toContain('Hello team');
    expect(text).not.toContain('over budget');
    await sendNotificationDigests(app);
    expect(await sqlGet(app, `SELECT COUNT(*) AS n FROM outbox_messages WHERE kind = 'digest'`)).toEqual({ n: 2 });
  });

  it('shows a permanently failed message as not delivered yet and dead-letters it for staff', async () => {
    write.perform = async () => {
      throw new ProviderError('Asana 403: You do not have access to this project', false, 403);
    };
    await send(memberId, 'Are you there?');
    await app.jobs.startWorker(createJobHandlers(app));
    await app.jobs.drain();
    expect(comments()).toHaveLength(0);
    expect((await listDeadLetters(app.store.db)).map((letter) => letter.reason)).toEqual([expect.stringContaining('addConversationComment not delivered')]);
    const page = (await (await as(memberId)).client.get(`/messages/${projectRecordId}`)).text;
    expect(page).toContain('Are you there?');
    expect(page).toContain('Not delivered yet — your team has been told.');
  });

  it('refuses bad input, another client\'s project and the billing role; throttles per user', async () => {
    const { client, csrf } = await as(memberId);
    const page = (await client.get(`/messages/${projectRecordId}`)).text;
    expect((await client.postForm(`/messages/${projectRecordId}`, { key: formKey(page), body: 'no csrf' })).status).toBe(403);
    const tooLong = await client.postForm(`/messages/${projectRecordId}`, { _csrf: csrf, key: formKey(page), body: 'x'.repeat(4_001) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.text).toContain('Keep the message under 4000 characters');
    expect((await client.postForm(`/messages/${projectRecordId}`, { _csrf: csrf, key: formKey(page), body: '   ' })).status).toBe(400);
    const otherClient = (await sqlValue<number>(app, `INSERT INTO clients (workspace_id, name, created_at, updated_at) VALUES (?, 'Globex', 1, 1) RETURNING id`, app.workspaceId))!;
    const globex = (await seedPortalUser(app, otherClient, { email: 'hank@globex.example', name: 'Hank', role: 'client_admin' })).userId;
    expect((await (await as(globex)).client.get(`/messages/${projectRecordId}`)).status).toBe(404);
    const billing = await as(billingId);
    expect((await billing.client.get('/messages')).status).toBe(404);
    expect((await billing.client.get(`/clients/${clientId}`)).text).not.toContain('href="/messages"');
    expect((await listClientActions(app.store.db, clientId))).toHaveLength(0);

    // The workspace may let billing talk to the team too (PORTAL_BILLING_MESSAGES).
    app.config.portal.billingMessages = true;
    expect((await billing.client.get(`/clients/${clientId}`)).text).toContain('href="/messages"');
    expect((await billing.client.get(`/messages/${projectRecordId}`)).status).toBe(200);
    app.config.portal.billingMessages = false;

    const statuses: number[] = [];
    for (let i = 0; i < 21; i += 1) statuses.push((await client.postForm(`/messages/${projectRecordId}`, { _csrf: csrf, key: `key-${String(i).padStart(16, '0')}`, body: `message ${i}` })).status);
    expect(statuses.filter((status) => status === 303)).toHaveLength(20);
    expect(statuses.at(-1)).toBe(429);
  });
});
