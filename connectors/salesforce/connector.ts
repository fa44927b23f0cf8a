/**
 * Salesforce: Accounts, Contacts, Opportunities (with their contact roles) and Users, via jsforce.
 * Pull: SOQL on SystemModstamp, ordered and resumable, deletions from getDeleted.
 * Push: Change Data Capture (streaming, replayable) and Outbound Messages (SOAP, checked against
 * the connected org); both only name records to fetch.
 * Auth: OAuth web-server flow or a pre-issued token; SALESFORCE_LOGIN_URL / SALESFORCE_INSTANCE_URL configurable.
 */
import { salesforceDocuments } from './content-documents.js';
import { type Connector, envConnection } from '../../src/connector-kit/index.js';
import { accountMapping } from '../../mappings/salesforce/account.js';
import { contactMapping } from '../../mappings/salesforce/contact.js';
import { opportunityMapping } from '../../mappings/salesforce/opportunity.js';
import { userMapping } from '../../mappings/salesforce/user.js';
import { caseCommentMapping, caseMapping } from '../../mappings/salesforce/case.js';
import { caseCommentRecords, withCaseComments } from './case-comments.js';
import { createCaseWrite } from './create-case.js';
import { addRequestMessageWrite } from './add-case-comment.js';
import { uploadToAccountWrite } from './upload-to-account.js';
import { pullSObjects } from './pull-sobjects.js';
import { fetchByIds } from './fetch-by-ids.js';
import { loadOrgMetadata } from './load-org-metadata.js';
import { outboundMessageReplies, parseOutboundWebhook, verifyOutboundMessage } from './outbound-message.js';
import { salesforceOAuth } from './oauth.js';
import { isSalesforceObjectType } from './sobject-types.js';
import { streamChangeEvents } from './stream-change-events.js';
import { salesforceSettings } from './settings.js';

const salesforce: Connector = {
  provider: 'salesforce',
  displayName: 'Salesforce',
  settings: salesforceSettings,
  environment: { token: 'SALESFORCE_ACCESS_TOKEN', refresh: 'SALESFORCE_REFRESH_TOKEN', baseUrl: 'SALESFORCE_INSTANCE_URL (or SALESFORCE_LOGIN_URL)' },
  webhookSecret: { configured: (config) => Boolean(salesforceSettings.read(config).orgId), source: 'SALESFORCE_ORG_ID (Outbound Messages naming another org are refused)' },
  objectTypes: [
    { objectType: 'User', kind: 'team_member', order: 0 },
    { objectType: 'Account', kind: 'company', order: 1 },
    { objectType: 'Contact', kind: 'contact', order: 2 },
    { objectType: 'Opportunity', kind: 'deal', order: 3 },
    { objectType: 'Case', kind: 'request', order: 4 },
  ],
  objectTypeForKind: { company: 'Account', contact: 'Contact', deal: 'Opportunity', team_member: 'User', request: 'Case' },
  mappings: [accountMapping, contactMapping, opportunityMapping, userMapping, caseMapping, caseCommentMapping],
  fromEnvironment(config) {
    const { accessToken, refreshToken, clientId, clientSecret, instanceUrl, orgId, username, jwtPrivateKey, loginUrl } = salesforceSettings.read(config);
    const orgSetting = orgId ? { accountId: orgId.slice(0, 15) } : {};
    if (clientId && username && jwtPrivateKey) {
      // JWT bearer: no token yet; the first call signs in, and the instance URL comes from that answer.
      return { label: 'env', authType: 'oauth', credentials: { grant: 'jwt-bearer', expiresAt: 0 }, settings: { instanceUrl: instanceUrl ?? loginUrl, ...orgSetting } };
    }
    return instanceUrl ? envConnection({ accessToken, refreshToken, clientId, clientSecret }, { instanceUrl, ...orgSetting }) : null;
  },
  refreshMetadata: (ctx) => loadOrgMetadata(ctx),
  pull(ctx, objectType, options) {
    if (!isSalesforceObjectType(objectType)) throw new Error(`Salesforce connector cannot pull "${objectType}"`);
    // Cases bring their public comments (the visible thread) as records of their own.
    return objectType === 'Case' ? withCaseComments(pullSObjects(ctx, objectType, options)) : pullSObjects(ctx, objectType, options);
  },
  async fetchByIds(ctx, objectType, externalIds) {
    const records = await fetchByIds(ctx, objectType, externalIds);
    return objectType === 'Case' ? [...records, ...caseCommentRecords(records)] : records;
  },
  documents: salesforceDocuments,
  webhook: { verify: verifyOutboundMessage, parse: parseOutboundWebhook, respond: outboundMessageReplies },
  oauth: salesforceOAuth,
  stream: streamChangeEvents,
  writes: { createRequest: createCaseWrite, addRequestMessage: addRequestMessageWrite, uploadDocument: uploadToAccountWrite },
};

export default salesforce;
