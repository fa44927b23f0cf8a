/**
 * QuickBooks invoice attachments as documents (issue 17), through node-quickbooks against the
 * emulator: Attachables on the client's invoices, only those sent with the invoice (IncludeOnSend).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import express from 'express';
import { createTestApp, type TestApp } from '../../tests/support/create-test-app.js';
import { seedPortalUser, signedInClient } from '../../tests/support/seed-portal-records.js';
import { serveHttp, type ServedHttp } from '../../tests/support/portal-http-client.js';
import { runPull } from '../../src/sync/run-pull.js';
import { updateRecordClient } from '../../src/store/records/update-record-client.js';
import { queueStaleDocuments, queueUnlistedDocuments } from '../../src/documents/list-record-documents.js';
import { createJobHandlers } from '../../src/jobs/create-job-handlers.js';
import { createPortalRouter } from '../../portal-ui/create-portal-router.js';
import { QuickBooksEmulatorStore, type QboEntity } from './emulator/quickbooks-emulator-store.js';
import { startQuickBooksEmulator, type QuickBooksEmulator } from './emulator/start-quickbooks-emulator.js';
import { quickBooksHubEnv } from './emulator/hub-env.js';
import type { QuickBooksDemoSeed } from './emulator/seed-quickbooks-demo.js';
import { sentWithInvoice } from './invoice-attachments.js';
import { sqlAll, sqlValue } from '../../tests/support/sql.js';

describe('QuickBooks invoice attachments (Attachable) as documents', () => {
  let emulator: QuickBooksEmulator;
  let store: QuickBooksEmulatorStore;
  let seed: QuickBooksDemoSeed;
  let app: TestApp;
  let served: ServedHttp;
  let attachments: Record<'sow' | 'timesheet' | 'acme', QboEntity>;
  const sow = Buffer.from('%PDF-1.6 Northwind design and build, milestone 1: acceptance');

  beforeEach(async () => {
    store = new QuickBooksEmulatorStore();
    seed = store.seedDemo();
    attachments = {
      sow: store.addInvoiceAttachment({ invoiceId: seed.invoiceIds['1003']!, fileName: 'Milestone 1 acceptance.pdf', contentType: 'application/pdf', body: sow, includeOnSend: true }),
      timesheet: store.addInvoiceAttachment({ invoiceId: seed.invoiceIds['1003']!, fileName: 'Contractor timesheet.xlsx', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body: Buffer.from('internal hours'), includeOnSend: false }),
      acme: store.addInvoiceAttachment({ invoiceId: seed.invoiceIds['1007']!, fileName: 'Acme brand guidelines.pdf', contentType: 'application/pdf', body: Buffer.from('%PDF acme'), includeOnSend: true }),
    };
    emulator = await startQuickBooksEmulator({ store });
    app = await createTestApp({ HUBSPOT_ACCESS_TOKEN: '', ...quickBooksHubEnv(emulator, 'qbo-verifier') });
    await app.jobs.startWorker(createJobHandlers(app));
    const connectionId = (await sqlValue<number>(app, `SELECT id FROM connections WHERE provider = 'quickbooks'`))!;
    await runPull(app, connectionId, 'Invoice', 'backfill');
    await app.jobs.drain();
    const addClient = async (name: string) => (await sqlValue<number>(app, `INSERT INTO clients (workspace_id, name, created_at, updated_at) VALUES (?, ?, 1, 1) RETURNING id`, app.workspaceId, name))!;
    const northwind = await addClient('Northwind Traders');
    const acme = await addClient('Acme Robotics');
    const invoiceRecord = async (externalId: string) => (await sqlValue<number>(app, `SELECT id FROM records WHERE kind = 'invoice' AND external_id = ?`, externalId))!;
    await updateRecordClient(app.store.db, await invoiceRecord(seed.invoiceIds['1003']!), northwind);
    await updateRecordClient(app.store.db, await invoiceRecord(seed.invoiceIds['1007']!), acme);
    // Files are listed for client-owned records: linked now, they are listed as the scheduler would.
    await queueUnlistedDocuments(app);
    await app.jobs.drain();
    const http = express();
    http.use(createPortalRouter(app));
    served = await serveHttp(http);
    const billing = (await seedPortalUser(app, northwind, { email: 'bella@northwind.example', name: 'Bella', role: 'billing' })).userId;
    client = (await signedInClient(app, served.baseUrl, billing, Date.now())).client;
  });
  let client: Awaited<ReturnType<typeof signedInClient>>['client'];
  afterEach(async () => {
    await served.close();
    await app.dispose();
    await emulator.close();
  });

  const documentId = (sourceId: string) => sqlValue<number>(app, 'SELECT id FROM documents WHERE source_id = ?', sourceId);

  it('lists only the files sent with the invoice (IncludeOnSend), with name, size, type and date', async () => {
    const rows = await sqlAll<{ source_id: string; name: string; size_bytes: number; content_type: string; source_created_at: string }>(app, `SELECT source_id, name, size_bytes, content_type, source_created_at FROM documents WHERE provider = 'quickbooks' ORDER BY name`);
    expect(rows.map((r) => r.name)).toEqual(['Acme brand guidelines.pdf', 'Milestone 1 acceptance.pdf']);
    expect(rows[1]).toMatchObject({ source_id: attachments.sow.Id, size_bytes: sow.length, content_type: 'application/pdf' });
    expect(Number.isNaN(Date.parse(rows[1]!.source_created_at))).toBe(false);
    expect(await documentId(attachments.timesheet.Id)).toBeUndefined();
  });

  it('streams the bytes from the temporary URL the hub fetches itself; another client\'s file is the same 404 as a missing one', async () => {
    const page = (await client.get('/documents')).text;
    expect(page).toContain('Milestone 1 acceptance.pdf');
    expect(page).not.toContain('Acme brand guidelines');
    expect(page).not.toContain('Contractor timesheet');
    const download = await client.get(`/documents/${await documentId(attachments.sow.Id)}/download`);
    expect(download.status).toBe(200);
    expect(download.text).toBe(sow.toString());
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(emulator.requests.some((r) => r.path === `/qbo-attachments/${attachments.sow.Id}`)).toBe(true);
    const other = await client.get(`/documents/${await documentId(attachments.acme.Id)}/download`);
    const missing = await client.get(`/documents/${(await documentId(attachments.acme.Id))! + 100}/download`);
    expect(other.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(other.text).toBe(missing.text);
  });

  it('a file no longer sent with the invoice is not served, even from a listing made before the change', async () => {
    const id = (await documentId(attachments.sow.Id))!;
    store.update('Attachable', attachments.sow.Id, { AttachableRef: [{ EntityRef: { type: 'Invoice', value: seed.invoiceIds['1003'] }, IncludeOnSend: false }] });
    const download = await client.get(`/documents/${id}/download`);
    expect(download.status).not.toBe(200);
    expect(download.text).not.toContain(sow.toString());
  });

  it('a file attached later to an invoice nobody edited is listed once the listing is older than CLIENTHUB_DOCUMENTS_RELIST_MINUTES; a file taken off it goes', async () => {
    const later = store.addInvoiceAttachment({ invoiceId: seed.invoiceIds['1003']!, fileName: 'Milestone 1 sign-off.pdf', contentType: 'application/pdf', body: Buffer.from('%PDF signed'), includeOnSend: true });
    store.update('Attachable', attachments.sow.Id, { AttachableRef: [{ EntityRef: { type: 'Invoice', value: seed.invoiceIds['1003'] }, IncludeOnSend: false }] });
    const lastJob = async () => (await sqlValue<number>(app, 'SELECT COALESCE(MAX(id), 0) AS id FROM jobs'))!;
    const listingsSince = async (id: number) => (await sqlValue<number>(app, `SELECT COUNT(*) AS n FROM jobs WHERE name = 'documents.list' AND id > ?`, id))!;
    const before = await lastJob();
    // Listed minutes ago: nothing to do yet, and no provider call.
    await queueStaleDocuments(app, Date.now());
    expect(await listingsSince(before)).toBe(0);
    expect(await documentId(later.Id)).toBeUndefined();
    const relistAt = Date.now() + app.config.documentsRelistMinutes * 60_000 + 1;
    // Two ticks in a row: one listing job, whether the second finds it waiting, running or done.
    await queueStaleDocuments(app, relistAt);
    await queueStaleDocuments(app, relistAt);
    expect(await listingsSince(before)).toBe(1);
    await app.jobs.drain();
    expect(await documentId(later.Id)).toBeDefined();
    expect(await documentId(attachments.sow.Id)).toBeUndefined();
    expect(await documentId(attachments.acme.Id)).toBeDefined();
  });

  it('the emulator answers GET /download/<id> with a temporary URL, and the query filters on AttachableRef', async () => {
    const auth = { authorization: 'Bearer demo-quickbooks-access-token' };
    const url = await (await fetch(`${emulator.apiBase}${store.realmId}/download/${attachments.sow.Id}`, { headers: auth })).text();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/qbo-attachments\/\d+\?Expires=\d+&Signature=[0-9a-f]+$/);
    expect(Buffer.from(await (await fetch(url)).arrayBuffer()).equals(sow)).toBe(true);
    // A tampered signature (its first digit changed, never to itself) is refused.
    const tampered = url.replace(/Signature=([0-9a-f])/, (_m, digit: string) => `Signature=${digit === '0' ? '1' : '0'}`);
    expect(tampered).not.toBe(url);
    expect((await fetch(tampered)).status).toBe(403);
    const query = encodeURIComponent(`select * from Attachable where AttachableRef.EntityRef.Type = 'Invoice' and AttachableRef.EntityRef.value = '${seed.invoiceIds['1003']}'`);
    const body = (await (await fetch(`${emulator.apiBase}${store.realmId}/query?query=${query}`, { headers: auth })).json()) as { QueryResponse: { Attachable: { Id: string; TempDownloadUri: string }[] } };
    expect(body.QueryResponse.Attachable.map((a) => a.Id).sort()).toEqual([attachments.sow.Id, attachments.timesheet.Id].sort());
    expect(sentWithInvoice(body.QueryResponse.Attachable.find((a) => a.Id === attachments.timesheet.Id)!, seed.invoiceIds['1003']!)).toBe(false);
  });
});
