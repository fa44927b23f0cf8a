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
import { XeroEmulatorStore } from './emulator/xero-emulator-store.js';
import { startXeroEmulator, type XeroEmulator } from './emulator/start-xero-emulator.js';
import { xeroHubEnv } from './emulator/hub-env.js';
import { attachToInvoice } from './emulator/xero-attachments.js';
import type { XeroDemoSeed } from './emulator/seed-xero-demo.js';
import { sqlAll, sqlGet, sqlValue } from '../../tests/support/sql.js';

describe('Xero invoice attachments as documents', () => {
  let emulator: XeroEmulator;
  let store: XeroEmulatorStore;
  let seed: XeroDemoSeed;
  let app: TestApp;
  let served: ServedHttp;
  const signed = Buffer.from('%PDF-1.4 signed statement of work');

  beforeEach(async () => {
    store = new XeroEmulatorStore();
    seed = store.seedDemo();
    attachToInvoice(store, seed.invoiceIds['INV-0002']!, { fileName: 'Statement of work (signed).pdf', mimeType: 'application/pdf', body: signed, includeOnline: true });
    attachToInvoice(store, seed.invoiceIds['INV-0002']!, { fileName: 'Freelancer timesheet.xlsx', mimeType: 'application/vnd.ms-excel', body: Buffer.from('internal'), includeOnline: false });
    emulator = await startXeroEmulator({ store });
    app = await createTestApp({ HUBSPOT_ACCESS_TOKEN: '', ...xeroHubEnv(emulator, 'xero-key') });
    const connectionId = (await sqlValue<number>(app, `SELECT id FROM connections WHERE provider = 'xero'`))!;
    await app.jobs.startWorker(createJobHandlers(app));
    await runPull(app, connectionId, 'Invoice', 'backfill');
    await app.jobs.drain();
    const http = express();
    http.use(createPortalRouter(app));
    served = await serveHttp(http);
  });
  afterEach(async () => {
    await served.close();
    await app.dispose();
    await emulator.close();
  });

  it('lists only the attachments the business sends with the online invoice, and streams them to the invoice\'s client', async () => {
    // Files are listed only for records a client owns: INV-0002 is linked to Northwind, INV-0003 (which
    // has one attachment of each kind too) belongs to nobody and is never listed.
    const invoiceRecordId = (await sqlValue<number>(app, `SELECT id FROM records WHERE kind = 'invoice' AND external_id = ?`, seed.invoiceIds['INV-0002']))!;
    expect(await sqlGet(app, 'SELECT COUNT(*) AS n FROM documents')).toEqual({ n: 0 });
    const clientId = (await sqlValue<number>(app, `INSERT INTO clients (workspace_id, name, created_at, updated_at) VALUES (?, 'Northwind', 1, 1) RETURNING id`, app.workspaceId))!;
    await updateRecordClient(app.store.db, invoiceRecordId, clientId);
    await queueUnlistedDocuments(app);
    await app.jobs.drain();
    // INV-0002's: the one sent with the online invoice, not the timesheet.
    const docs = await sqlAll<{ name: string; size_bytes: number; content_type: string; parent_record_id: number }>(app, `SELECT d.name, d.size_bytes, d.content_type, d.parent_record_id FROM documents d JOIN records r ON r.id = d.parent_record_id WHERE r.external_id = ?`, seed.invoiceIds['INV-0002']);
    expect(docs.map((d) => d.name)).toEqual(['Statement of work (signed).pdf']);
    expect((await sqlAll<{ name: string }>(app, 'SELECT name FROM documents ORDER BY name')).map((d) => d.name)).toEqual(['Statement of work (signed).pdf']);
    expect(docs[0]).toMatchObject({ size_bytes: signed.length, content_type: 'application/pdf', parent_record_id: invoiceRecordId });
    const billing = (await seedPortalUser(app, clientId, { email: 'bella@northwind.example', name: 'Bella', role: 'billing' })).userId;
    const member = (await seedPortalUser(app, clientId, { email: 'mike@northwind.example', name: 'Mike', role: 'member' })).userId;
    const client = (await signedInClient(app, served.baseUrl, billing, Date.now())).client;
    expect((await client.get('/documents')).text).toContain('Statement of work (signed).pdf');
    const id = (await sqlValue<number>(app, 'SELECT id FROM documents WHERE parent_record_id = ?', docs[0]!.parent_record_id))!;
    const invoicePage = (await client.get(`/invoices/${docs[0]!.parent_record_id}`)).text;
    expect(invoicePage).toContain(`<a href="/documents/${id}/download" download>Statement of work (signed).pdf</a>`);
    const download = await client.get(`/documents/${id}/download`);
    expect(download.status).toBe(200);
    expect(download.text).toBe(signed.toString());
    expect(download.headers.get('content-disposition')).toContain('attachment;');
    // Invoice files are billing's and the administrator's, not a member's.
    expect((await (await signedInClient(app, served.baseUrl, member, Date.now())).client.get(`/documents/${id}/download`)).status).toBe(404);
  });
});
