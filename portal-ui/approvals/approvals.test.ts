import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import express from 'express';
import { createTestApp, type TestApp } from '../../tests/support/create-test-app.js';
import { seedPortalUser, signedInClient } from '../../tests/support/seed-portal-records.js';
import { serveHttp, type ServedHttp } from '../../tests/support/portal-http-client.js';
import { startAsanaEmulator, type AsanaEmulator } from '../../connectors/asana/emulator/start-asana-emulator.js';
import { AsanaEmulatorStore, type AsanaRecord } from '../../connectors/asana/emulator/asana-emulator-store.js';
import { asanaHubEnv } from '../../connectors/asana/emulator/hub-env.js';
import { storiesOf } from '../../connectors/asana/emulator/asana-stories-and-attachments.js';
import type { AnswerApprovalInput, WriteOperation } from '../../src/connector-kit/connector.js';
import { runPull } from '../../src/sync/run-pull.js';
import { updateRecordClient } from '../../src/store/records/update-record-client.js';
import { createJobHandlers } from '../../src/jobs/create-job-handlers.js';
import { performPortalAction } from '../../src/outbox/perform-portal-action.js';
import { listClientActions } from '../../src/store/portal-actions/list-client-actions.js';
import { createPortalRouter } from '../create-portal-router.js';
import { sqlAll, sqlValue } from '../../tests/support/sql.js';

describe('approvals: an Asana approval task answered from the portal', () => {
  let emulator: AsanaEmulator;
  let store: AsanaEmulatorStore;
  let app: TestApp;
  let served: ServedHttp;
  let clientId: number;
  let otherClientId: number;
  let adminId: number;
  let memberId: number;
  let tasks: { design: AsanaRecord; internal: AsanaRecord; copy: AsanaRecord; other: AsanaRecord };
  let write: WriteOperation<AnswerApprovalInput>;
  let originalPerform: WriteOperation<AnswerApprovalInput>['perform'];

  beforeEach(async () => {
    store = new AsanaEmulatorStore();
    const visible = store.createTag('client-visible');
    const nancy = store.createUser('Nancy Davolio', 'nancy@northwind.example');
    const project = store.createProject({ name: 'Website rebuild' });
    const section = store.createSection(project.gid, 'Design');
    const otherProject = store.createProject({ name: 'Globex secret project' });
    tasks = {
      design: store.createTask({ name: 'Sign off the homepage design', projectGid: project.gid, sectionGid: section.gid, subtype: 'approval', tagGids: [visible.gid], assigneeGid: nancy.gid, dueOn: '2026-12-01' }),
      internal: store.createTask({ name: 'Approve the agency budget', projectGid: project.gid, sectionGid: section.gid, subtype: 'approval' }),
      copy: store.createTask({ name: 'Approve the copy deck', projectGid: project.gid, sectionGid: section.gid, subtype: 'approval', tagGids: [visible.gid] }),
      other: store.createTask({ name: 'Globex approval', projectGid: otherProject.gid, subtype: 'approval', tagGids: [visible.gid] }),
    };
    emulator = await startAsanaEmulator({ store });
    app = await createTestApp({ HUBSPOT_ACCESS_TOKEN: '', ...asanaHubEnv(emulator) });
    const connectionId = (await sqlValue<number>(app, `SELECT id FROM connections WHERE provider = 'asana'`))!;
    await runPull(app, connectionId, 'Project', 'backfill');
    await runPull(app, connectionId, 'Task', 'backfill');
    const newClient = async (name: string) => (await sqlValue<number>(app, `INSERT INTO clients (workspace_id, name, created_at, updated_at) VALUES (?, ?, 1, 1) RETURNING id`, app.workspaceId, name))!;
    clientId = await newClient('Northwind Traders');
    otherClientId = await newClient('Globex');
    // The Asana projects belong to the clients (identity resolution's job elsewhere), and their tasks with them.
    const rows = await sqlAll<{ id: number; external_id: string; data: string }>(app, `SELECT id, external_id, data FROM records WHERE connection_id = ?`, connectionId);
    for (const row of rows) {
      const project = (JSON.parse(row.data) as { projectExternalId?: string | null }).projectExternalId ?? null;
      await updateRecordClient(app.store.db, row.id, row.external_id === otherProject.gid || project === otherProject.gid ? otherClientId : clientId);
    }
    adminId = (await seedPortalUser(app, clientId, { email: 'nancy@northwind.example', name: 'Nancy Davolio', role: 'client_admin' })).userId;
    memberId = (await seedPortalUser(app, clientId, { email: 'mike@northwind.example', name: 'Mike Member', role: 'member' })).userId;
    const http = express();
    http.use(createPortalRouter(app));
    served = await serveHttp(http);
    write = app.connectors.get('asana').writes!.answerApproval!;
    originalPerform = write.perform;
  });

  afterEach(async () => {
    write.perform = originalPerform;
    await served.close();
    await app.dispose();
    await emulator.close();
  });

  const recordIdOf = async (task: AsanaRecord) => (await sqlValue<number>(app, `SELECT id FROM records WHERE external_id = ? AND kind = 'task'`, task.gid))!;
  const as = (userId: number) => signedInClient(app, served.baseUrl, userId, Date.now());
  const formKey = (page: string) => /name="key" value="([^"]+)"/.exec(page)![1]!;
  const comments = (task: AsanaRecord) => storiesOf(store, task.gid).map((story) => String(story.text));
  const statusUpdates = () => emulator.requests.filter((r) => r.method === 'PUT' && r.path.startsWith('/api/1.0/tasks/'));

  it('lists only client-visible approvals of the client, shows the answer at once as sent, then Asana\'s own state, once, with who answered', async () => {
    const { client, csrf } = await as(adminId);
    const list = (await client.get('/approvals')).text;
    expect(list).toContain('Sign off the homepage design');
    expect(list).toContain('Approve the copy deck');
    expect(list).not.toContain('Approve the agency budget');
    expect(list).not.toContain('Globex approval');
    const dashboard = (await client.get(`/clients/${clientId}`)).text;
    const waiting = /id="waiting-heading">Waiting on you<\/h2>([\s\S]*?)<\/section>/.exec(dashboard)![1]!;
    expect(waiting).toContain(`<a href="/approvals/${await recordIdOf(tasks.design)}">Sign off the homepage design</a>`);
    // Unassigned, not marked for the client: not the client's turn.
    expect(waiting).not.toContain('Approve the copy deck');

    const id = await recordIdOf(tasks.design);
    const page = (await client.get(`/approvals/${id}`)).text;
    const answer = await client.postForm(`/approvals/${id}/answer`, { _csrf: csrf, key: formKey(page), answer: 'approved', comment: 'Looks great <b>ship it</b>' });
    expect(answer.status).toBe(303);
    expect(answer.location).toBe(`/approvals/${id}?done=sent`);
    const sent = (await client.get(`/approvals/${id}?done=sent`)).text;
    expect(sent).toContain('<span class="badge badge-paid">Approved</span>');
    expect(sent).toContain('Nancy Davolio answered “Approved”; sent, waiting for Asana to confirm.');
    expect(sent).not.toContain('name="answer"');
    expect(store.get(tasks.design.gid)!.approval_status).toBe('pending');

    await app.jobs.startWorker(createJobHandlers(app));
    await app.jobs.drain();
    expect(store.get(tasks.design.gid)).toMatchObject({ approval_status: 'approved', completed: true });
    expect(comments(tasks.design)).toHaveLength(1);
    expect(comments(tasks.design)[0]).toMatch(/^Approved by Nancy Davolio <nancy@northwind\.example> via the client portal\.\n\nLooks great <b>ship it<\/b>\n\n\(client portal ref approval:\d+:[0-9a-f-]{36}\)$/);
    const after = (await client.get(`/approvals/${id}`)).text;
    expect(after).toContain('<span class="badge badge-paid">Approved</span>');
    expect(after).toContain('Answered by Nancy Davolio via the portal.');
    // The synced task is Asana's own record now, not the portal's guess.
    expect(JSON.parse((await sqlValue<string>(app, 'SELECT data FROM records WHERE id = ?', id))!)).toMatchObject({ approvalStatus: 'approved', completed: true });
    expect(await sqlAll(app, `SELECT action, actor_type FROM audit_log WHERE subject_type = 'portal_action' ORDER BY id`)).toEqual([
      { action: 'portal_action.queued', actor_type: 'portal_user' },
      { action: 'portal_action.delivered', actor_type: 'system' },
    ]);
    // The same form again is the same answer; a new form on an answered approval changes nothing.
    await client.postForm(`/approvals/${id}/answer`, { _csrf: csrf, key: formKey(page), answer: 'approved', comment: '' });
    const late = await client.postForm(`/approvals/${id}/answer`, { _csrf: csrf, key: 'b'.repeat(32), answer: 'rejected', comment: 'No' });
    expect(late.location).toBe(`/approvals/${id}?done=answered`);
    await app.jobs.drain();
    expect((await listClientActions(app.store.db, clientId))).toHaveLength(1);
    expect(comments(tasks.design)).toHaveLength(1);
    expect(statusUpdates()).toHaveLength(1);
  });

  it('sets the status and comments exactly once when the worker dies after the provider call and before the action is marked done', async () => {
    const { client, csrf } = await as(adminId);
    const id = await recordIdOf(tasks.copy);
    const page = (await client.get(`/approvals/${id}`)).text;
    await client.postForm(`/approvals/${id}/answer`, { _csrf: csrf, key: formKey(page), answer: 'changes_requested', comment: 'Shorter headlines, please.' });
    const [action] = (await listClientActions(app.store.db, clientId));
    write.perform = async (ctx, input) => {
      await originalPerform(ctx, input);
      throw new Error('worker killed after Asana answered');
    };
    await expect(performPortalAction(app, action!.id, { attempt: 1, maxAttempts: 5 })).rejects.toThrow('worker killed');
    expect(store.get(tasks.copy.gid)!.approval_status).toBe('changes_requested');
    write.perform = originalPerform;
    await app.jobs.startWorker(createJobHandlers(app));
    await app.jobs.drain();
    expect((await listClientActions(app.store.db, clientId))[0]).toMatchObject({ status: 'done', attempts: 2 });
    expect(comments(tasks.copy)).toHaveLength(1);
    expect(comments(tasks.copy)[0]).toContain('Changes requested by Nancy Davolio');
    expect(statusUpdates()).toHaveLength(1);
    expect((await client.get(`/approvals/${id}`)).text).toContain('<span class="badge badge-partially_paid">Changes requested</span>');
  });

  it('refuses a member by default, an internal or another client\'s approval with the portal\'s 404, and a change request without a reason', async () => {
    const member = await as(memberId);
    const memberPage = (await member.client.get(`/approvals/${await recordIdOf(tasks.design)}`)).text;
    expect(memberPage).toContain('An administrator of your company answers approvals.');
    expect(memberPage).not.toContain('name="answer"');
    const refused = await member.client.postForm(`/approvals/${await recordIdOf(tasks.design)}/answer`, { _csrf: member.csrf, key: 'a'.repeat(32), answer: 'approved', comment: '' });
    const missing = await member.client.get('/approvals/999999');
    expect(refused.status).toBe(404);
    expect(refused.text).toBe(missing.text);

    const { client, csrf } = await as(adminId);
    for (const task of [tasks.internal, tasks.other]) {
      const view = await client.get(`/approvals/${await recordIdOf(task)}`);
      const post = await client.postForm(`/approvals/${await recordIdOf(task)}/answer`, { _csrf: csrf, key: 'c'.repeat(32), answer: 'approved', comment: '' });
      expect([view.status, post.status]).toEqual([404, 404]);
      expect(view.text).toBe((await client.get('/approvals/999999')).text);
    }
    const bad = await client.postForm(`/approvals/${await recordIdOf(tasks.copy)}/answer`, { _csrf: csrf, key: 'd'.repeat(32), answer: 'rejected', comment: '  ' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Say what should change, so the team can act on it.');
    const noCsrf = await client.postForm(`/approvals/${await recordIdOf(tasks.copy)}/answer`, { key: 'e'.repeat(32), answer: 'approved' });
    expect(noCsrf.status).toBe(403);
    expect((await listClientActions(app.store.db, clientId))).toHaveLength(0);
    expect(emulator.requests.filter((r) => r.method !== 'GET')).toHaveLength(0);
  });

  it('lets members answer when the workspace says so (PORTAL_APPROVAL_ROLES)', async () => {
    app.config.portal.approvalRoles = ['client_admin', 'member'];
    const { client } = await as(memberId);
    expect((await client.get(`/approvals/${await recordIdOf(tasks.design)}`)).text).toContain('name="answer"');
  });
});
