import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/objects/index.js';
import { HubSpotEmulatorStore } from './emulator-store.js';
import { startHubSpotEmulator, type HubSpotEmulator } from './start-hubspot-emulator.js';
import { fileManagerOf } from './file-manager.js';
import { T0, sdkFailure, sdkFor } from './emulator-test-support.js';

const PRIVATE = JSON.stringify({ access: 'PRIVATE' });
const HUBSPOT_DEFINED = 'HUBSPOT_DEFINED' as AssociationSpecAssociationCategoryEnum;

describe('HubSpot emulator file manager and note attachments through the SDK (files.filesApi, crm.objects notes)', () => {
  let emulator: HubSpotEmulator;
  const store = new HubSpotEmulatorStore({ now: () => T0 });
  let companyId: string;

  beforeAll(async () => {
    companyId = store.createCompany({ name: 'Northwind Traders' }).id;
    emulator = await startHubSpotEmulator({ store });
  });
  afterAll(() => emulator.close());

  it('takes the SDK\'s multipart upload into a folder made from its path, answering HubSpot\'s File shape', async () => {
    const client = sdkFor(emulator.url);
    const file = (await client.files.filesApi.upload({ data: Buffer.from('%PDF-1.4 brief'), name: 'brief.pdf' }, undefined, '/Client uploads/2026', 'Brief.pdf', undefined, PRIVATE)) as Record<string, unknown>;
    expect(file).toMatchObject({ name: 'Brief', extension: 'pdf', path: '/Client uploads/2026/Brief.pdf', size: 14, type: 'DOCUMENT', access: 'PRIVATE', isUsableInContent: false, archived: false });
    expect(file).not.toHaveProperty('url');
    const read = await client.files.filesApi.getById(String(file.id));
    expect(read).toMatchObject({ id: String(file.id), name: 'Brief', parentFolderId: String(file.parentFolderId) });
    expect(fileManagerOf(store).files.get(String(file.id))!.body.toString()).toBe('%PDF-1.4 brief');
  });

  it('refuses an upload without access in its options, or with both a folder id and a path', async () => {
    const client = sdkFor(emulator.url);
    expect(await sdkFailure(client.files.filesApi.upload({ data: Buffer.from('x'), name: 'a.txt' }, undefined, '/x', 'a.txt', undefined, '{}'))).toMatchObject({ code: 400 });
    expect(await sdkFailure(client.files.filesApi.upload({ data: Buffer.from('x'), name: 'a.txt' }, '123', '/x', 'a.txt', undefined, PRIVATE))).toMatchObject({ code: 400 });
  });

  it('hands back the stored file for a duplicate (same name, same bytes, same folder) with RETURN_EXISTING, and a new one with NONE', async () => {
    const client = sdkFor(emulator.url);
    const options = JSON.stringify({ access: 'PRIVATE', duplicateValidationStrategy: 'RETURN_EXISTING', duplicateValidationScope: 'EXACT_FOLDER' });
    const upload = (body: string, opts = options) => client.files.filesApi.upload({ data: Buffer.from(body), name: 'po.pdf' }, undefined, '/dupes', 'po.pdf', undefined, opts) as Promise<{ id: string }>;
    const first = await upload('one');
    expect((await upload('one')).id).toBe(first.id);
    expect((await upload('two')).id).not.toBe(first.id);
    expect((await upload('one', PRIVATE)).id).not.toBe(first.id);
  });

  it('creates a note carrying a file, associated with the company (note → company 190), read back through v4 associations', async () => {
    const client = sdkFor(emulator.url);
    const file = (await client.files.filesApi.upload({ data: Buffer.from('%PDF-1.4 po'), name: 'po.pdf' }, undefined, '/notes', 'po.pdf', undefined, PRIVATE)) as { id: string };
    const note = await client.crm.objects.basicApi.create('notes', {
      properties: { hs_timestamp: new Date(T0).toISOString(), hs_note_body: 'Purchase order', hs_attachment_ids: String(file.id) },
      associations: [{ to: { id: companyId }, types: [{ associationCategory: HUBSPOT_DEFINED, associationTypeId: 190 }] }],
    });
    const links = await client.crm.associations.v4.batchApi.getPage('companies', 'notes', { inputs: [{ id: companyId }] });
    expect(links.results[0]!.to.map((to) => [String(to.toObjectId), to.associationTypes.map((t) => t.typeId)])).toEqual([[note.id, [189]]]);
    const read = await client.crm.objects.basicApi.getById('notes', note.id, ['hs_attachment_ids', 'hs_note_body']);
    expect(read.properties).toMatchObject({ hs_attachment_ids: String(file.id), hs_note_body: 'Purchase order' });
    // A note cannot carry a file the account does not hold.
    const missing = await sdkFailure(client.crm.objects.basicApi.create('notes', { properties: { hs_timestamp: new Date(T0).toISOString(), hs_attachment_ids: '999' }, associations: [] }));
    expect(missing).toMatchObject({ code: 400 });
  });
});
