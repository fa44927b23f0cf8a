import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import express from 'express';
import { createTestApp, type TestApp } from '../../tests/support/create-test-app.js';
import { seedPortalUser, signedInClient } from '../../tests/support/seed-portal-records.js';
import { serveHttp, type ServedHttp } from '../../tests/support/portal-http-client.js';
import { startAsanaEmulator, type AsanaEmulator } from '../../connectors/asana/emulator/start-asana-emulator.js';
import { AsanaEmulatorStore, type AsanaRecord } from '../../connectors/asana/emulator/asana-emulator-store.js';
import { asanaHubEnv } from '../../connectors/asana/emulator/hub-env.js';
import { addAttachment } from '../../connectors/asana/emulator/asana-stories-and-attachments.js';
import { runPull } from '../../src/sync/run-pull.js';
import { updateRecordClient } from '../../src/store/records/update-record-client.js';
import { queueUnlistedDocuments } from '../../src/documents/list-record-documents.js';
import { createJobHandlers } from '../../src/jobs/create-job-handlers.js';
import { createPortalRouter } from '../create-portal-router.js';
import { sqlAll, sqlGet, sqlRun, sqlValue } from '../../tests/support/sql.js';

describe('documents: Asana task attachments listed at sync and streamed through the hub', () => {
  let emulator: AsanaEmulator;
  let store: AsanaEmulatorStore;
  let app: TestApp;
  let served: ServedHttp;
  let clientId: number;
  let adminId: number;
  let billingId: number;
  let otherAdminId: number;
  let files: Record<'brief' | 'budget' | 'globex', AsanaRecord>;
  const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(300_000, 7), Buffer.from('\n%%EOF\n')]);

  const start = async (env: Record<string, string> = {}) => {
    store = new AsanaEmulatorStore();
    const visible = store.createTag('client-visible');
    const project = store.createProject({ name: 'Website rebuild' });
    const otherProject = store.createProject({ name: 'Globex secret project' });
    const shared = store.createTask({ name: 'Design brief', projectGid: project.gid, tagGids: [visible.gid] });
    const internal = store.createTask({ name: 'Agency budget', projectGid: project.gid });
    const globexTask = store.createTask({ name: 'Globex brief', projectGid: otherProject.gid, tagGids: [visible.gid] });
    files = {
      brief: addAttachment(store, shared.gid, { name: 'Design brief — v2.pdf', contentType: 'application/pdf', body: pdf }),
      budget: addAttachment(store, internal.gid, { name: 'Budget.xlsx', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body: Buffer.from('internal numbers') }),
      globex: addAttachment(store, globexTask.gid, { name: 'Globex plan.pdf', contentType: 'application/pdf', body: Buffer.from('%PDF-1.4 globex') }),
    };
    emulator = await startAsanaEmulator({ store });
    app = await createTestApp({ HUBSPOT_ACCESS_TOKEN: '', ...asanaHubEnv(emulator), ...env });
    const connectionId = (await sqlValue<number>(app, `SELECT id FROM connections WHERE provider = 'asana'`))!;
    const newClient = async (name: string) => (await sqlValue<number>(app, `INSERT INTO clients (workspace_id, name, created_at, updated_at) VALUES (?, ?, 1, 1) RETURNING id`, app.workspaceId, name))!;
    clientId = await newClient('Northwind Traders');
    const otherClientId = await newClient('Globex');
    await app.jobs.startWorker(createJobHandlers(app));
    await runPull(app, connectionId, 'Project', 'backfill');
    await runPull(app, connectionId, 'Task', 'backfill');
    await app.jobs.drain();
    const rows = await sqlAll<{ id: number; external_id: string; data: string }>(app, `SELECT id, external_id, data FROM records WHERE connection_id = ?`, connectionId);
    for (const row of rows) {
      const project = (JSON.parse(row.data) as { projectExternalId?: string | null }).projectExternalId ?? null;
      await updateRecordClient(app.store.db, row.id, row.external_id === otherProject.gid || project === otherProject.gid ? otherClientId : clientId);
    }
    // Files are listed for client-owned records: linked now, they are listed as the scheduler would.
    await queueUnlistedDocuments(app);
    await app.jobs.drain();
    adminId = (await seedPortalUser(app, clientId, { email: 'nancy@northwind.example', name: 'Nancy Davolio', role: 'client_admin' })).userId;
    billingId = (await seedPortalUser(app, clientId, { email: 'bella@northwind.example', name: 'Bella Billing', role: 'billing' })).userId;
    otherAdminId = (await seedPortalUser(app, otherClientId, { email: 'hank@globex.example', name: 'Hank Scorpio', role: 'client_admin' })).userId;
    const http = express();
    http.use(createPortalRouter(app));
    served = await serveHttp(http);
  };

  beforeEach(() => start());
  afterEach(async () => {
    await served.close();
    await app.dispose();
    await emulator.close();
  });

  const as = async (userId: number) => (await signedInClient(app, served.baseUrl, userId, Date.now())).client;
  const documentId = (attachment: AsanaRecord) => sqlValue<number>(app, 'SELECT id FROM documents WHERE source_id = ?', attachment.gid);

  it('lists the client-visible task\'s attachment (never the internal task\'s) and streams its bytes with safe headers, audited', async () => {
    expect(await documentId(files.budget)).toBeUndefined();
    const page = (await (await as(adminId)).get('/documents')).text;
    expect(page).toContain('Design brief — v2.pdf');
    expect(page).toContain('PDF');
    expect(page).toContain('293 KB');
    expect(page).not.toContain('Budget.xlsx');
    expect(page).not.toContain('Globex plan.pdf');
    expect(page).not.toContain(emulator.url);

    const download = await (await as(adminId)).get(`/documents/${await documentId(files.brief)}/download`);
    expect(download.status).toBe(200);
    expect(Buffer.from(download.text, 'latin1').length).toBeGreaterThan(0);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename="Design brief  v2.pdf"; filename*=UTF-8''Design%20brief%20%E2%80%94%20v2.pdf`);
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(download.headers.get('content-length')).toBe(String(pdf.length));
    // The row is written once the last byte is sent, so the client may have the file a moment before it.
    const audit = await vi.waitFor(async () => {
      const rows = await sqlAll<{ action: string; details: string }>(app, `SELECT action, actor_id, client_id, details FROM audit_log WHERE subject_type = 'document'`);
      expect(rows).toHaveLength(1);
      return rows;
    });
    expect(audit).toEqual([expect.objectContaining({ action: 'document.downloaded', client_id: clientId })]);
    expect(JSON.parse(audit[0]!.details)).toMatchObject({ bytes: pdf.length, provider: 'asana' });
  });

  it('streams the exact bytes', async () => {
    const response = await fetch(`${served.baseUrl}/documents/${await documentId(files.brief)}/download`, { headers: { cookie: [...(await signedInClientCookies())].join('; ') } });
    expect(Buffer.from(await response.arrayBuffer()).equals(pdf)).toBe(true);
  });

  async function signedInClientCookies(): Promise<string[]> {
    const client = await as(adminId);
    return [...client.cookies].map(([name, value]) => `${name}=${value}`);
  }

  it('answers another client\'s document, an internal task\'s (even guessed), and one the role may not see with the same 404 as a missing one', async () => {
    const admin = await as(adminId);
    const missing = await admin.get('/documents/999999/download');
    expect(missing.status).toBe(404);
    const globex = await admin.get(`/documents/${await documentId(files.globex)}/download`);
    expect(globex.status).toBe(404);
    expect(globex.text).toBe(missing.text);
    // Globex's own admin gets it: it exists, it is simply not Northwind's.
    expect((await (await as(otherAdminId)).get(`/documents/${await documentId(files.globex)}/download`)).status).toBe(200);
    // Billing sees no project work, so no task files.
    const billingClient = await as(billingId);
    const billing = await billingClient.get(`/documents/${await documentId(files.brief)}/download`);
    expect([billing.status, billing.text]).toEqual([404, (await billingClient.get('/documents/999999/download')).text]);
    // The task turns internal: the row is still there until the next listing, and is refused all the same.
    const taskRecordId = (await sqlValue<number>(app, 'SELECT parent_record_id AS id FROM documents WHERE id = ?', await documentId(files.brief)))!;
    const task = (await sqlGet<{ data: string }>(app, 'SELECT data FROM records WHERE id = ?', taskRecordId))!;
    await sqlRun(app, `UPDATE records SET data = ? WHERE id = ?`, JSON.stringify({ ...(JSON.parse(task.data) as object), clientVisible: false }), taskRecordId);
    const internal = await admin.get(`/documents/${await documentId(files.brief)}/download`);
    expect([internal.status, internal.text]).toEqual([404, missing.text]);
    expect(emulator.requests.filter((r) => r.path.startsWith('/files/'))).toHaveLength(1);
  });
});

describe('documents: the size cap', () => {
  it('refuses a file over PORTAL_DOCUMENT_MAX_BYTES with a clear message, before fetching a byte', async () => {
    const store = new AsanaEmulatorStore();
    const visible = store.createTag('client-visible');
    const project = store.createProject({ name: 'Website rebuild' });
    const task = store.createTask({ name: 'Video', projectGid: project.gid, tagGids: [visible.gid] });
    const video = addAttachment(store, task.gid, { name: 'Launch video.mp4', contentType: 'video/mp4', body: Buffer.alloc(5_000, 1) });
    const emulator = await startAsanaEmulator({ store });
    const app = await createTestApp({ HUBSPOT_ACCESS_TOKEN: '', ...asanaHubEnv(emulator), PORTAL_DOCUMENT_MAX_BYTES: '4096' });
    try {
      const connectionId = (await sqlValue<number>(app, `SELECT id FROM connections WHERE provider = 'asana'`))!;
      await app.jobs.startWorker(createJobHandlers(app));
      await runPull(app, connectionId, 'Project', 'backfill');
      await runPull(app, connectionId, 'Task', 'backfill');
      await app.jobs.drain();
      const clientId = (await sqlValue<number>(app, `INSERT INTO clients (workspace_id, name, created_at, updated_at) VALUES (?, 'Northwind', 1, 1) RETURNING id`, app.workspaceId))!;
      for (const { id } of await sqlAll<{ id: number }>(app, 'SELECT id FROM records')) await updateRecordClient(app.store.db, id, clientId);
      // Files are listed for client-owned records: linked now, they are listed as the scheduler would.
      await queueUnlistedDocuments(app);
      await app.jobs.drain();
      const userId = (await seedPortalUser(app, clientId, { email: 'nancy@northwind.example', name: 'Nancy', role: 'client_admin' })).userId;
      const http = express();
      http.use(createPortalRouter(app));
      const served = await serveHttp(http);
      const id = (await sqlValue<number>(app, 'SELECT id FROM documents WHERE source_id = ?', video.gid))!;
      const response = await (await signedInClient(app, served.baseUrl, userId, Date.now())).client.get(`/documents/${id}/download`);
      expect(response.status).toBe(413);
      expect(response.text).toContain('“Launch video.mp4” is 4.9 KB, larger than the portal can deliver (4.0 KB).');
      expect(emulator.requests.filter((r) => r.path.startsWith('/files/'))).toHaveLength(0);
      await served.close();
    } finally {
      await app.dispose();
      await emulator.close();
    }
  });
});
