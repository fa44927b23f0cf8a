import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import express from 'express';
import { createTestApp, type TestApp } from '../../tests/support/create-test-app.js';
import { seedPortalUser, signedInClient } from '../../tests/support/seed-portal-records.js';
import { serveHttp, type ServedHttp } from '../../tests/support/portal-http-client.js';
import { runPull } from '../../src/sync/run-pull.js';
import { updateRecordClient } from '../../src/store/records/update-record-client.js';
import { queueUnlistedDocuments } from '../../src/documents/list-record-documents.js';
import { createJobHandlers } from '../../src/jobs/create-job-handlers.js';
import { createPortalRouter } from '../../portal-ui/create-portal-router.js';
import { SalesforceEmulatorStore } from './emulator/salesforce-emulator-store.js';
import { startSalesforceEmulator, type SalesforceEmulator } from './emulator/start-salesforce-emulator.js';
import { addSalesforceFile } from './emulator/content-documents.js';
import { sqlAll, sqlValue } from '../../tests/support/sql.js';

describe('Salesforce Files as documents: only ContentDocumentLink Visibility AllUsers', () => {
  let emulator: SalesforceEmulator;
  let app: TestApp;
  let served: ServedHttp;
  let files: Record<'contract' | 'margin', ReturnType<typeof addSalesforceFile>>;
  const contract = Buffer.from('%PDF-1.5 master services agreement');

  beforeEach(async () => {
    const store = new SalesforceEmulatorStore();
    store.seedDemo();
    const initech = [...store.records.Account.values()].find((a) => a.Name === 'Initech')!;
    files = {
      contract: addSalesforceFile(store, { title: 'Master services agreement', extension: 'pdf', body: contract, linkedEntityId: initech.Id, visibility: 'AllUsers' }),
      margin: addSalesforceFile(store, { title: 'Margin calculation', extension: 'xlsx', body: Buffer.from('internal'), linkedEntityId: initech.Id, visibility: 'InternalUsers' }),
    };
    emulator = await startSalesforceEmulator({ store });
    app = await createTestApp({ HUBSPOT_ACCESS_TOKEN: '', SALESFORCE_INSTANCE_URL: emulator.url, SALESFORCE_LOGIN_URL: emulator.url, SALESFORCE_ACCESS_TOKEN: 'token' });
    await app.jobs.startWorker(createJobHandlers(app));
    const connectionId = (await sqlValue<number>(app, `SELECT id FROM connections WHERE provider = 'salesforce'`))!;
    for (const type of ['User', 'Account', 'Contact', 'Opportunity']) await runPull(app, connectionId, type, 'backfill');
    await app.jobs.drain();
    const clientId = (await sqlValue<number>(app, `INSERT INTO clients (workspace_id, name, created_at, updated_at) VALUES (?, 'Initech', 1, 1) RETURNING id`, app.workspaceId))!;
    await updateRecordClient(app.store.db, (await sqlValue<number>(app, `SELECT id FROM records WHERE external_id = ?`, initech.Id))!, clientId);
    // Files are listed for client-owned records: linked now, they are listed as the scheduler would.
    await queueUnlistedDocuments(app);
    await app.jobs.drain();
    const http = express();
    http.use(createPortalRouter(app));
    served = await serveHttp(http);
    const adminId = (await seedPortalUser(app, clientId, { email: 'peter@initech.example', name: 'Peter Gibbons', role: 'client_admin' })).userId;
    admin = (await signedInClient(app, served.baseUrl, adminId, Date.now())).client;
  });
  let admin: Awaited<ReturnType<typeof signedInClient>>['client'];
  afterEach(async () => {
    await served.close();
    await app.dispose();
    await emulator.close();
  });

  it('lists and streams the AllUsers file to the Account\'s client; the InternalUsers one is never listed, so no id reaches it', async () => {
    // The seed's own files: the client-owned account's AllUsers agreements are listed, no InternalUsers file ever is,
    // and an account no client owns (Umbrella) is not listed at all: no provider call for files nobody may see.
    const listed = await sqlAll<{ source_id: string; name: string }>(app, 'SELECT source_id, name FROM documents ORDER BY id');
    expect(listed.map((r) => r.name).sort()).toEqual(['Initech master services agreement.pdf', 'Master services agreement.pdf']);
    expect(listed.map((r) => r.source_id)).not.toContain(files.margin.ContentDocumentId);
    const page = (await admin.get('/documents')).text;
    expect(page).toContain('Master services agreement.pdf');
    expect(page).toContain('Initech master services agreement.pdf');
    expect(page).not.toContain('Umbrella');
    expect(page).not.toContain('argin calculation');
    const id = (await sqlValue<number>(app, 'SELECT id FROM documents WHERE source_id = ?', files.contract.ContentDocumentId))!;
    const download = await admin.get(`/documents/${id}/download`);
    expect(download.status).toBe(200);
    expect(download.text).toBe(contract.toString());
    expect(download.headers.get('content-type')).toBe('application/pdf');
    // Guessing ids finds nothing more: the internal files and Umbrella's agreement have no row at all.
    const highest = (await sqlValue<number>(app, 'SELECT MAX(id) AS id FROM documents'))!;
    expect((await admin.get(`/documents/${highest + 1}/download`)).status).toBe(404);
  });
});
