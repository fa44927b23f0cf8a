/**
 * The outbox's `uploadDocument` write for Salesforce (issue 17): a client's upload from the Documents
 * page becomes a Salesforce File on the client's Account — a ContentVersion inserted with
 * `FirstPublishLocationId` = the Account (Salesforce then makes the ContentDocument and its
 * ContentDocumentLink to the Account), `VersionData` base64 in the JSON body (the REST insert takes
 * up to 50 MB encoded, well over PORTAL_UPLOAD_MAX_BYTES). The link is then made customer-visible
 * (`Visibility: AllUsers`): in an org with Experience Cloud sites, a file an internal user adds to a
 * record is linked `InternalUsers`, which the documents listing (content-documents.ts) never shows.
 *
 * Exactly once: the version's Title is the stored name, which carries the action's marker; a version
 * with that Title published to this Account is the one an earlier attempt made (read by SOQL, the
 * org's current state). `findExisting` counts it done only once its link is AllUsers; `perform`
 * reuses a version an interrupted attempt inserted and finishes its link.
 */
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { Connection } from 'jsforce';
import { ProviderError, type ConnectorContext, type UploadDocumentInput, type WriteOperation, type WriteResult } from '../../src/connector-kit/index.js';
import { callSalesforce } from './call-salesforce.js';
import { salesforceConnection } from './create-salesforce-connection.js';
import { soqlIdList } from './sobject-types.js';

interface VersionRow {
  Id: string;
  ContentDocumentId: string;
}

interface LinkRow {
  Id: string;
  Visibility?: string | null;
}

/** A SOQL string literal: backslashes and quotes escaped, as Salesforce requires. */
export function soqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function accountOf(input: UploadDocumentInput): string {
  if (input.anchor !== 'company') throw new ProviderError('Salesforce takes portal uploads on the client\'s Account only', false);
  soqlIdList([input.companyExternalId]);
  return input.companyExternalId;
}

/** The Title the version is stored under: the stored name (with its marker) without the extension, as Salesforce titles files. */
export function versionTitle(storedName: string): string {
  const extension = extname(storedName);
  return extension ? storedName.slice(0, -extension.length) : storedName;
}

async function findVersion(ctx: ConnectorContext, conn: Connection, input: UploadDocumentInput, accountId: string): Promise<VersionRow | null> {
  const soql = `SELECT Id, ContentDocumentId FROM ContentVersion WHERE FirstPublishLocationId = ${soqlIdList([accountId])} AND Title = ${soqlString(versionTitle(input.storedName))}`;
  const result = (await callSalesforce(ctx, conn, async (c) => await c.query(soql))) as unknown as { records: VersionRow[] };
  return result.records[0] ?? null;
}

async function accountLink(ctx: ConnectorContext, conn: Connection, documentId: string, accountId: string): Promise<LinkRow | null> {
  const soql = `SELECT Id, Visibility FROM ContentDocumentLink WHERE ContentDocumentId = ${soqlIdList([documentId])} AND LinkedEntityId = ${soqlIdList([accountId])}`;
  const result = (await callSalesforce(ctx, conn, async (c) => await c.query(soql))) as unknown as { records: LinkRow[] };
  return result.records[0] ?? null;
}

const delivered = (version: VersionRow, accountId: string): WriteResult => ({ objectType: 'ContentVersion', externalId: version.Id, syncObject: { objectType: 'Account', externalId: accountId } });

async function findDelivered(ctx: ConnectorContext, input: UploadDocumentInput): Promise<WriteResult | null> {
  const accountId = accountOf(input);
  const conn = await salesforceConnection(ctx);
  const version = await findVersion(ctx, conn, input, accountId);
  if (!version) return null;
  const link = await accountLink(ctx, conn, version.ContentDocumentId, accountId);
  return link?.Visibility === 'AllUsers' ? delivered(version, accountId) : null;
}

async function publishToAccount(ctx: ConnectorContext, input: UploadDocumentInput): Promise<WriteResult> {
  const accountId = accountOf(input);
  if (basename(input.path) !== input.storedName) throw new Error('the staged upload is not named as its marker says');
  const conn = await salesforceConnection(ctx);
  let version = await findVersion(ctx, conn, input, accountId);
  if (!version) {
    const data = await readFile(input.path);
    const saved = await callSalesforce(ctx, conn, (c) =>
      c.sobject('ContentVersion').create({
        Title: versionTitle(input.storedName),
        PathOnClient: input.storedName,
        VersionData: data.toString('base64'),
        FirstPublishLocationId: accountId,
        Description: `Sent by ${input.authorName} via the client portal.`,
      }),
    );
    if (!saved.success || !saved.id) throw new ProviderError(`Salesforce did not save the file: ${JSON.stringify((saved as { errors?: unknown }).errors ?? saved)}`, false);
    const read = (await callSalesforce(ctx, conn, async (c) => await c.query(`SELECT Id, ContentDocumentId FROM ContentVersion WHERE Id = ${soqlIdList([saved.id!])}`))) as unknown as { records: VersionRow[] };
    version = read.records[0] ?? null;
    if (!version) throw new ProviderError('Salesforce saved the file but does not show it', true);
  }
  const link = await accountLink(ctx, conn, version.ContentDocumentId, accountId);
  if (!link) throw new ProviderError('Salesforce did not link the file to the Account', true);
  if (link.Visibility !== 'AllUsers') {
    const updated = await callSalesforce(ctx, conn, (c) => c.sobject('ContentDocumentLink').update({ Id: link.Id, Visibility: 'AllUsers' }));
    if (!updated.success) throw new ProviderError(`Salesforce did not share the file with the client: ${JSON.stringify((updated as { errors?: unknown }).errors ?? updated)}`, false);
  }
  return delivered(version, accountId);
}

export const uploadToAccountWrite: WriteOperation<UploadDocumentInput> = {
  // The Connected App's `api` scope covers Files; the integration user needs access to the Account.
  scopes: ['api'],
  anchorKinds: ['company'],
  findExisting: findDelivered,
  perform: publishToAccount,
};
