/**
 * HubSpot as a document source (issue 17), through the real SDK against the emulator: files
 * attached to notes on the client's company and deals, and the client's File Manager folder.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import express from 'express';
import { createTestApp, hubspotConnectionId, type TestApp } from '../../tests/support/create-test-app.js';
import { seedPortalUser, signedInClient } from '../../tests/support/seed-portal-records.js';
import { serveHttp, type ServedHttp } from '../../tests/support/portal-http-client.js';
import { runPull } from '../../src/sync/run-pull.js';
import { updateRecordClient } from '../../src/store/records/update-record-client.js';
import { listRecordDocuments, queueUnlistedDocuments } from '../../src/documents/list-record-documents.js';
import { createJobHandlers } from '../../src/jobs/create-job-handlers.js';
import { createPortalRouter } from '../../portal-ui/create-portal-router.js';
import { HubSpotEmulatorStore } from './emulator/emulator-store.js';
import { startHubSpotEmulator, type HubSpotEmulator } from './emulator/start-hubspot-emulator.js';
import { fileManagerOf, type FileAccess, type HubSpotFile } from './emulator/file-manager.js';
import { addNoteWithAttachments } from './emulator/file-reads.js';
import { attachmentIdsOf, documentsFolderFor } from './note-attachments.js';
import { sqlAll, sqlGet } from '../../tests/support/sql.js';

describe('HubSpot files as documents: PRIVATE attachments of notes on the client\'s company and deals', () => {
  let emulator: HubSpotEmulator;
  let store: HubSpotEmulatorStore;
  let app: TestApp;
  let served: ServedHttp;
  let admin: Awaited<ReturnType<typeof signedInClient>>['client'];
  let dealId: string;
  let files: Record<'contract' | 'brief' | 'publicLogo' | 'acmeSecret' | 'folderPlan' | 'otherFolder', HubSpotFile>;
  const contract = Buffer.from('%PDF-1.7 Northwind statement of work, signed');

  beforeEach(async () => {
    store = new HubSpotEmulatorStore();
    const seed = store.seedDemo();
    const [northwind, acme] = [seed.companyIds[0]!, seed.companyIds[1]!];
    const northwindDeal = (dealId = seed.dealIds[0]!);
    const add = (fileName: string, body: string | Buffer, more: { access?: FileAccess; folderPath?: string } = {}) =>
      fileManagerOf(store).add({ fileName, body: Buffer.isBuffer(body) ? body : Buffer.from(body), folderPath: more.folderPath ?? '/CRM attachments', access: more.access ?? 'PRIVATE' });
    files = {
      contract: add('Statement of work.pdf', contract),
      brief: add('Creative brief.docx', 'PK brief'),
      publicLogo: add('Northwind logo.png', 'png', { access: 'PUBLIC_INDEXABLE' }),
      acmeSecret: add('Acme pricing.xlsx', 'acme only'),
      folderPlan: add('Launch plan.pdf', '%PDF-1.4 plan', { folderPath: '/Clients/Northwind Traders' }),
      otherFolder: add('Acme roadmap.pdf', '%PDF-1.4 acme', { folderPath: '/Clients/Acme Robotics' }),
    };
    addNoteWithAttachments(store, { body: 'Signed SOW attached', fileIds: [files.contract.id, files.publicLogo.id], on: [{ type: 'companies', id: northwind }] });
    addNoteWithAttachments(store, { body: 'Brief for the rebuild', fileIds: [files.brief.id], on: [{ type: 'deals', id: northwindDeal }] });
    addNoteWithAttachments(store, { body: 'Acme pricing', fileIds: [files.acmeSecret.id], on: [{ type: 'companies', id: acme }] });
    emulator = await startHubSpotEmulator({ store });
    app = await createTestApp({ HUBSPOT_BASE_URL: emulator.url, HUBSPOT_DOCUMENTS_FOLDER: '/Clients/{company}' });
    await app.jobs.startWorker(createJobHandlers(app));
    const connectionId = await hubspotConnectionId(app);
    const addClient = async (name: string) => (await sqlGet<{ id: number }>(app, `INSERT INTO clients (workspace_id, name, created_at, updated_at) VALUES (?, ?, 1, 1) RETURNING id`, app.workspaceId, name))!.id;
    const clientId = await addClient('Northwind Traders');
    const otherClientId = await addClient('Acme Robotics');
    await runPull(app, connectionId, 'companies', 'backfill');
    const recordOf = async (externalId: string) => (await sqlGet<{ id: number }>(app, `SELECT id FROM records WHERE connection_id = ? AND external_id = ?`, connectionId, externalId))!.id;
    await updateRecordClient(app.store.db, await recordOf(northwind), clientId);
    await updateRecordClient(app.store.db, await recordOf(acme), otherClientId);
    await runPull(app, connectionId, 'deals', 'backfill');
    await app.jobs.drain();
    await updateRecordClient(app.store.db, await recordOf(northwindDeal), clientId);
    // Files are listed for client-owned records: linked now, they are listed as the scheduler would.
    await queueUnlistedDocuments(app);
    await app.jobs.drain();
    const http = express();
    http.use(createPortalRouter(app));
    served = await serveHttp(http);
    const adminId = (await seedPortalUser(app, clientId, { email: 'nancy.davolio@northwind.example', name: 'Nancy Davolio', role: 'client_admin' })).userId;
    admin = (await signedInClient(app, served.baseUrl, adminId, Date.now())).client;
  });
  afterEach(async () => {
    await served.close();
    await app.dispose();
    await emulator.close();
  });

  const documentId = async (sourceId: string) => (await sqlGet<{ id: number }>(app, 'SELECT id FROM documents WHERE source_id = ?', sourceId))?.id;

  it('lists the private files of notes on the company and its deals and the client\'s folder; never a public file', async () => {
    const rows = await sqlAll<{ source_id: string; name: string; size_bytes: number; content_type: string | null }>(app, `SELECT d.source_id, d.name, d.size_bytes, d.content_type FROM documents d WHERE d.provider = 'hubspot' ORDER BY d.name`);
    expect(rows.map((r) => r.name)).toEqual(['Acme pricing.xlsx', 'Acme roadmap.pdf', 'Creative brief.docx', 'Launch plan.pdf', 'Statement of work.pdf']);
    expect(rows.find((r) => r.source_id === files.contract.id)).toMatchObject({ size_bytes: contract.length, content_type: 'application/pdf' });
    expect(rows.map((r) => r.source_id)).not.toContain(files.publicLogo.id);
    const page = (await admin.get('/documents')).text;
    for (const name of ['Statement of work.pdf', 'Creative brief.docx', 'Launch plan.pdf']) expect(page).toContain(name);
    for (const name of ['Acme pricing', 'Acme roadmap', 'Northwind logo']) expect(page).not.toContain(name);
  });

  it('streams the bytes through the hub from a signed URL the browser never sees; another client\'s file is the same 404 as a missing one', async () => {
    const download = await admin.get(`/documents/${await documentId(files.contract.id)}/download`);
    expect(download.status).toBe(200);
    expect(download.text).toBe(contract.toString());
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('content-disposition')).toContain('attachment');
    expect(download.text).not.toContain('signature=');
    // The hub asked for a signed URL, and fetched it itself.
    expect(emulator.requests.some((r) => r.path === `/files/v3/files/${files.contract.id}/signed-url`)).toBe(true);
    expect(emulator.requests.some((r) => r.path === `/emulator-signed-files/${files.contract.id}`)).toBe(true);
    const acme = (await documentId(files.acmeSecret.id))!;
    const missing = Math.max(...(await sqlAll<{ id: number }>(app, 'SELECT id FROM documents')).map((r) => r.id)) + 1;
    const [other, none] = [await admin.get(`/documents/${acme}/download`), await admin.get(`/documents/${missing}/download`)];
    expect(other.status).toBe(404);
    expect(none.status).toBe(404);
    expect(other.text).toBe(none.text);
  });

  it('a file taken off the note (or made public) leaves the list at the next listing', async () => {
    const note = [...store.objects.notes.values()].find((n) => n.properties.hs_note_body === 'Signed SOW attached')!;
    store.update('notes', note.id, { hs_attachment_ids: '' });
    files.folderPlan.access = 'PUBLIC_NOT_INDEXABLE';
    const companies = await sqlAll<{ id: number; connection_id: number }>(app, `SELECT id, connection_id FROM records WHERE provider = 'hubspot' AND kind = 'company'`);
    await listRecordDocuments(app, companies[0]!.connection_id, companies.map((c) => c.id));
    expect(await documentId(files.contract.id)).toBeUndefined();
    expect(await documentId(files.folderPlan.id)).toBeUndefined();
    expect(await documentId(files.brief.id)).toBeDefined();
  });

  it('lists the file on note 700 of a deal with 800 notes (HubSpot pages a record\'s associations 500 at a time)', async () => {
    const deep = fileManagerOf(store).add({ fileName: 'Signed change order.pdf', body: Buffer.from('%PDF-1.7 change order'), folderPath: '/CRM attachments', access: 'PRIVATE' });
    // The deal has one note already (the brief); 799 more, the 700th of all carrying the file.
    for (let n = 2; n <= 800; n++) addNoteWithAttachments(store, { body: `Call log ${n}`, fileIds: n === 700 ? [deep.id] : [], on: [{ type: 'deals', id: dealId }] });
    expect(store.associations('deals', dealId, 'notes')).toHaveLength(800);
    const deal = (await sqlGet<{ id: number; connection_id: number }>(app, `SELECT id, connection_id FROM records WHERE provider = 'hubspot' AND kind = 'deal' AND external_id = ?`, dealId))!;
    await listRecordDocuments(app, deal.connection_id, [deal.id]);
    expect(await documentId(deep.id)).toBeDefined();
    expect(await documentId(files.brief.id)).toBeDefined();
    expect((await admin.get('/documents')).text).toContain('Signed change order.pdf');
  });
});

describe('HubSpot document helpers', () => {
  it('reads semicolon-separated attachment ids and keeps a company name inside one folder segment', () => {
    expect(attachmentIdsOf('123;456; 789;;x')).toEqual(['123', '456', '789']);
    expect(attachmentIdsOf(null)).toEqual([]);
    expect(documentsFolderFor('/Clients/{company}', { id: '7', name: 'Acme/../Globex' })).toBe('/Clients/Acme-..-Globex');
    expect(documentsFolderFor('/Clients/{company}', { id: '7', name: '..' })).toBeNull();
    expect(documentsFolderFor('Clients/{companyId}', { id: '7', name: null })).toBe('/Clients/7');
    expect(documentsFolderFor(undefined, { id: '7', name: 'Acme' })).toBeNull();
  });
});
