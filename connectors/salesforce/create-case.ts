import type { ConnectorContext, CreateRequestInput, WriteOperation, WriteResult } from '../../src/connector-kit/index.js';
import { ProviderError } from '../../src/connector-kit/index.js';
import { callSalesforce } from './call-salesforce.js';
import { salesforceConnection } from './create-salesforce-connection.js';

/**
 * The Case External ID field the hub upserts on (Text, Unique, External ID; the admin adds it to
 * Case, README "Salesforce"). Salesforce's upsert is the idempotency: the same key finds the Case
 * an earlier attempt created instead of creating another.
 */
export const CASE_ACTION_KEY_FIELD = 'ClientHub_Action_Key__c';

/** The portal's categories as standard Case Type picklist values. */
const CASE_TYPE: Record<string, string> = { question: 'Question', problem: 'Problem', billing: 'Question', feature: 'Feature Request' };

async function upsertCase(ctx: ConnectorContext, input: CreateRequestInput): Promise<WriteResult> {
  const conn = await salesforceConnection(ctx);
  const fields: Record<string, unknown> = {
    Subject: input.subject,
    Description: `${input.description}\n\n— ${input.authorName} via the client portal`,
    Origin: 'Web',
    [CASE_ACTION_KEY_FIELD]: input.key,
  };
  if (input.companyExternalId) fields.AccountId = input.companyExternalId;
  if (input.contactExternalId) fields.ContactId = input.contactExternalId;
  const type = input.category ? CASE_TYPE[input.category] : undefined;
  if (type) fields.Type = type;
  const result = await callSalesforce(ctx, conn, (c) => c.sobject('Case').upsert(fields as { [CASE_ACTION_KEY_FIELD]: string }, CASE_ACTION_KEY_FIELD));
  const saved = Array.isArray(result) ? result[0] : result;
  if (!saved?.success || !saved.id) throw new ProviderError(`Salesforce did not save the Case: ${JSON.stringify((saved as { errors?: unknown })?.errors ?? saved)}`, false);
  return { objectType: 'Case', externalId: saved.id };
}

/** createRequest for Salesforce: a Case for the client's Account and Contact, upserted on the action's key. */
export const createCaseWrite: WriteOperation<CreateRequestInput> = {
  // The Connected App's `api` scope covers writes; nothing more to grant.
  scopes: ['api'],
  idempotentAtProvider: true,
  perform: upsertCase,
};
