import type { AddRequestMessageInput, ConnectorContext, WriteOperation, WriteResult } from '../../src/connector-kit/index.js';
import { ProviderError, replyMarker } from '../../src/connector-kit/index.js';
import { callSalesforce } from './call-salesforce.js';
import { salesforceConnection } from './create-salesforce-connection.js';
import { soqlIdList } from './sobject-types.js';

/**
 * The comment an earlier attempt posted for this key: the Case's comments read by SOQL (CommentBody
 * cannot be filtered on in SOQL, so they are matched here) and the one carrying the marker line.
 */
async function findComment(ctx: ConnectorContext, input: AddRequestMessageInput): Promise<WriteResult | null> {
  const conn = await salesforceConnection(ctx);
  const soql = `SELECT Id, CommentBody FROM CaseComment WHERE ParentId IN (${soqlIdList([input.requestExternalId])})`;
  const result = (await callSalesforce(ctx, conn, async (c) => await c.query(soql, { autoFetch: true, maxFetch: 2000 }))) as unknown as { records: { Id: string; CommentBody?: string | null }[] };
  const marker = replyMarker(input.key);
  const found = result.records.find((comment) => String(comment.CommentBody ?? '').includes(marker));
  return found ? { objectType: 'CaseComment', externalId: found.Id, syncObject: { objectType: 'Case', externalId: input.requestExternalId } } : null;
}

/** The client's reply as a public CaseComment (IsPublished: the customer sees it, and so does the portal). */
async function postComment(ctx: ConnectorContext, input: AddRequestMessageInput): Promise<WriteResult> {
  const conn = await salesforceConnection(ctx);
  const body = `${input.authorName} via the client portal:\n${input.body}\n${replyMarker(input.key)}`;
  const saved = await callSalesforce(ctx, conn, (c) => c.sobject('CaseComment').create({ ParentId: input.requestExternalId, CommentBody: body, IsPublished: true }));
  if (!saved.success || !saved.id) throw new ProviderError(`Salesforce did not save the comment: ${JSON.stringify((saved as { errors?: unknown }).errors ?? saved)}`, false);
  return { objectType: 'CaseComment', externalId: saved.id, syncObject: { objectType: 'Case', externalId: input.requestExternalId } };
}

export const addRequestMessageWrite: WriteOperation<AddRequestMessageInput> = {
  scopes: ['api'],
  findExisting: findComment,
  perform: postComment,
};
