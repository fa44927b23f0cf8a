/** The emulator's Files API, through the real SDK: metadata, folders, search, signed URLs that expire. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HubSpotEmulatorStore } from './emulator-store.js';
import { startHubSpotEmulator, type HubSpotEmulator } from './start-hubspot-emulator.js';
import { sdkFailure, sdkFor, testClock } from './emulator-test-support.js';
import { fileManagerOf } from './file-manager.js';
import { addNoteWithAttachments } from './file-reads.js';

describe('HubSpot emulator: Files API v3 reads (signed URLs, folders, search) and note attachments', () => {
  const clock = testClock(Date.now());
  let store: HubSpotEmulatorStore;
  let emulator: HubSpotEmulator;
  beforeEach(async () => {
    store = new HubSpotEmulatorStore({ now: clock.now });
    emulator = await startHubSpotEmulator({ store });
  });
  afterEach(async () => emulator.close());

  it('answers file metadata in HubSpot\'s shape and a signed URL that serves the bytes until it expires', async () => {
    const file = fileManagerOf(store).add({ fileName: 'Contract.PDF', body: Buffer.from('%PDF contract'), folderPath: '/CRM attachments', access: 'PRIVATE' });
    const sdk = sdkFor(emulator.url);
    const read = (await sdk.files.filesApi.getById(file.id)) as Record<string, unknown>;
    expect(read).toMatchObject({ id: file.id, name: 'Contract', extension: 'pdf', type: 'DOCUMENT', size: 13, access: 'PRIVATE', path: '/CRM attachments/Contract.PDF', archived: false });
    expect(read.url).toBeUndefined();
    const signed = await sdk.files.filesApi.getSignedUrl(file.id, undefined, 60);
    expect(signed).toMatchObject({ name: 'Contract', extension: 'pdf', size: 13 });
    expect(Buffer.from(await (await fetch(signed.url)).arrayBuffer()).toString()).toBe('%PDF contract');
    // A tampered or expired signature is refused.
    expect((await fetch(signed.url.replace(/signature=[0-9a-f]/, 'signature=z'))).status).toBe(403);
    clock.advance(61_000);
    expect((await fetch(signed.url)).status).toBe(403);
    expect((await sdkFailure(sdk.files.filesApi.getSignedUrl(file.id, undefined, 99_999))).code).toBe(400);
    expect((await sdkFailure(sdk.files.filesApi.getById('999'))).code).toBe(404);
  });

  it('finds a folder by path and lists its files; notes carry attachment ids and associations to companies and deals', async () => {
    const inFolder = fileManagerOf(store).add({ fileName: 'Plan.pdf', body: Buffer.from('plan'), folderPath: '/Clients/Northwind Traders', access: 'PRIVATE' });
    fileManagerOf(store).add({ fileName: 'Other.pdf', body: Buffer.from('other'), folderPath: '/Clients/Acme', access: 'PRIVATE' });
    const sdk = sdkFor(emulator.url);
    const folder = await sdk.files.foldersApi.getByPath('/Clients/Northwind Traders');
    expect(folder).toMatchObject({ name: 'Northwind Traders', path: '/Clients/Northwind Traders' });
    const listed = await sdk.files.filesApi.doSearch(undefined, undefined, undefined, 10, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, [Number(folder.id)]);
    expect(listed.results.map((f) => f.id)).toEqual([inFolder.id]);

    const company = store.createCompany({ name: 'Northwind Traders' });
    const deal = store.createDeal({ dealname: 'Website' }, { companyId: company.id });
    const note = addNoteWithAttachments(store, { body: 'files', fileIds: [inFolder.id, '42'], on: [{ type: 'companies', id: company.id }, { type: 'deals', id: deal.id }] });
    const links = await sdk.crm.associations.v4.batchApi.getPage('companies', 'notes', { inputs: [{ id: company.id }] });
    expect(links.results[0]!.to.map((t) => String(t.toObjectId))).toEqual([note.id]);
    expect(links.results[0]!.to[0]!.associationTypes[0]).toMatchObject({ typeId: 189 });
    const notes = await sdk.crm.objects.notes.batchApi.read({ inputs: [{ id: note.id }], properties: ['hs_attachment_ids'], propertiesWithHistory: [] });
    expect(notes.results[0]!.properties.hs_attachment_ids).toBe(`${inFolder.id};42`);
  });
});
