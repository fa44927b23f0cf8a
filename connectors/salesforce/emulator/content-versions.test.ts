import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection } from 'jsforce';
import { SalesforceEmulatorStore } from './salesforce-emulator-store.js';
import { startSalesforceEmulator, type SalesforceEmulator } from './start-salesforce-emulator.js';
import { contentDocumentLinks, setPublishVisibility } from './content-documents.js';
import { soqlString } from '../upload-to-account.js';

describe('Salesforce emulator: ContentVersion inserts (VersionData base64) make the ContentDocument and its link, through jsforce', () => {
  let emulator: SalesforceEmulator;
  let conn: Connection;
  const store = new SalesforceEmulatorStore();
  let accountId: string;

  beforeAll(async () => {
    store.seedDemo();
    accountId = [...store.records.Account.keys()][0]!;
    emulator = await startSalesforceEmulator({ store });
    conn = new Connection({ instanceUrl: emulator.url, accessToken: 'token', version: '60.0' });
  });
  afterAll(() => emulator.close());

  it('publishes to the record given as FirstPublishLocationId, linked InternalUsers as in an org with sites, then shared AllUsers on update', async () => {
    const saved = await conn.sobject('ContentVersion').create({ Title: "O'Brien \\ brief", PathOnClient: 'brief.pdf', VersionData: Buffer.from('%PDF-1.4 brief').toString('base64'), FirstPublishLocationId: accountId });
    expect(saved.success).toBe(true);
    const found = await conn.query<{ Id: string; ContentDocumentId: string; Title: string }>(`SELECT Id, ContentDocumentId, Title FROM ContentVersion WHERE FirstPublishLocationId = '${accountId}' AND Title = ${soqlString("O'Brien \\ brief")}`);
    expect(found.records).toEqual([expect.objectContaining({ Id: saved.id, Title: "O'Brien \\ brief" })]);
    const documentId = found.records[0]!.ContentDocumentId;
    const links = await conn.query<{ Id: string; Visibility: string; ShareType: string }>(`SELECT Id, Visibility, ShareType FROM ContentDocumentLink WHERE ContentDocumentId = '${documentId}' AND LinkedEntityId = '${accountId}'`);
    expect(links.records).toEqual([expect.objectContaining({ Visibility: 'InternalUsers', ShareType: 'I' })]);
    // Not listed to customers until shared.
    const listed = await conn.query(`SELECT ContentDocumentId FROM ContentDocumentLink WHERE LinkedEntityId = '${accountId}' AND Visibility = 'AllUsers'`);
    expect(listed.records.map((r) => (r as { ContentDocumentId: string }).ContentDocumentId)).not.toContain(documentId);
    expect((await conn.sobject('ContentDocumentLink').update({ Id: links.records[0]!.Id, Visibility: 'AllUsers' })).success).toBe(true);
    const shared = await conn.query(`SELECT ContentDocumentId, ContentDocument.Title, ContentDocument.ContentSize FROM ContentDocumentLink WHERE LinkedEntityId = '${accountId}' AND Visibility = 'AllUsers'`);
    expect(shared.records).toContainEqual(expect.objectContaining({ ContentDocumentId: documentId, ContentDocument: expect.objectContaining({ Title: "O'Brien \\ brief", ContentSize: 14 }) }));
    const bytes = await new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      conn.sobject('ContentVersion').record(saved.id!).blob('VersionData').on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks))).on('error', reject);
    });
    expect(bytes.toString()).toBe('%PDF-1.4 brief');
  });

  it('follows the org\'s publish visibility (AllUsers in an org without sites)', async () => {
    setPublishVisibility(store, 'AllUsers');
    const saved = await conn.sobject('ContentVersion').create({ PathOnClient: 'logo.png', VersionData: Buffer.from('png').toString('base64'), FirstPublishLocationId: accountId });
    const version = await conn.query<{ ContentDocumentId: string; Title: string }>(`SELECT ContentDocumentId, Title FROM ContentVersion WHERE Id = '${saved.id}'`);
    expect(version.records[0]!.Title).toBe('logo');
    expect(contentDocumentLinks(store).find((link) => link.ContentDocumentId === version.records[0]!.ContentDocumentId)?.Visibility).toBe('AllUsers');
    setPublishVisibility(store, 'InternalUsers');
  });

  it('refuses what Salesforce refuses: no VersionData, an unknown publish location, an unknown Visibility', async () => {
    await expect(conn.sobject('ContentVersion').create({ Title: 'x', PathOnClient: 'x.pdf' })).rejects.toMatchObject({ errorCode: 'REQUIRED_FIELD_MISSING' });
    await expect(conn.sobject('ContentVersion').create({ PathOnClient: 'x.pdf', VersionData: 'eA==', FirstPublishLocationId: '001000000000000AAA' })).rejects.toMatchObject({ errorCode: 'FIELD_INTEGRITY_EXCEPTION' });
    const link = contentDocumentLinks(store)[0]!;
    await expect(conn.sobject('ContentDocumentLink').update({ Id: link.Id, Visibility: 'Everyone' })).rejects.toMatchObject({ errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST' });
  });
});
