/**
 * Pipedrive: organizations, persons, deals and users, through the official `pipedrive` SDK (v2
 * clients; v1 where v2 has no endpoint: users, deal participants, the current user).
 * Pull: v2 lists by update_time with cursor pages, full listings to see deletions. Push: webhooks
 * v2 behind HTTP basic auth, thin → fetched by id. Auth: personal API token (x-api-token) or OAuth 2,
 * whose grant names the company's own API domain. Base URL: PIPEDRIVE_BASE_URL.
 */
import { envConnection, type Connector } from '../../src/connector-kit/index.js';
import { organizationMapping } from '../../mappings/pipedrive/organization.js';
import { personMapping } from '../../mappings/pipedrive/person.js';
import { dealMapping } from '../../mappings/pipedrive/deal.js';
import { userMapping } from '../../mappings/pipedrive/user.js';
import { pullListedObjects } from './pull-listed-objects.js';
import { pullUsers } from './pull-users.js';
import { fetchByIds } from './fetch-by-ids.js';
import { verifyPipedriveWebhook } from './verify-webhook.js';
import { parsePipedriveWebhook } from './parse-webhook.js';
import { pipedriveOAuth } from './oauth.js';
import { PIPEDRIVE_BUDGETS, pacingAccountOf } from './call-pipedrive.js';
import { isListedObjectType } from './pipedrive-records.js';
import { API_TOKEN_PATTERN, pipedriveSettings } from './settings.js';

const pipedrive: Connector = {
  provider: 'pipedrive',
  displayName: 'Pipedrive',
  settings: pipedriveSettings,
  environment: { token: 'PIPEDRIVE_API_TOKEN', refresh: 'PIPEDRIVE_REFRESH_TOKEN', baseUrl: 'PIPEDRIVE_BASE_URL' },
  tokenConnect: {
    field: 'Personal API token',
    pattern: API_TOKEN_PATTERN,
    hint: '40 hexadecimal characters: in Pipedrive, Personal preferences > API. It acts with that user’s permissions: use an admin’s to see every deal.',
  },
  webhookSecret: {
    configured: (config) => Boolean(pipedriveSettings.read(config).webhookUser && pipedriveSettings.read(config).webhookPassword),
    source: 'PIPEDRIVE_WEBHOOK_USER and PIPEDRIVE_WEBHOOK_PASSWORD (the HTTP basic auth credentials you give the webhook, version 2.0, when creating it)',
  },
  pacingAccount: pacingAccountOf,
  objectTypes: [
    { objectType: 'users', kind: 'team_member', order: 0 },
    { objectType: 'organizations', kind: 'company', order: 1 },
    { objectType: 'persons', kind: 'contact', order: 2 },
    { objectType: 'deals', kind: 'deal', order: 3 },
  ],
  objectTypeForKind: { company: 'organizations', contact: 'persons', deal: 'deals', team_member: 'users' },
  mappings: [organizationMapping, personMapping, dealMapping, userMapping],
  fromEnvironment(config) {
    const settings = pipedriveSettings.read(config);
    const account = settings.companyId ? { companyId: settings.companyId, accountId: settings.companyId } : {};
    // An API token never expires and has nothing to refresh; an OAuth access token may come with a refresh token.
    if (settings.apiToken) return envConnection({ accessToken: settings.apiToken, refreshToken: undefined, clientId: undefined, clientSecret: undefined }, account);
    return envConnection(settings, account);
  },
  pull(ctx, objectType, options) {
    if (objectType === 'users') return pullUsers(ctx);
    if (isListedObjectType(objectType)) return pullListedObjects(ctx, objectType, options);
    throw new Error(`Pipedrive connector cannot pull "${objectType}"`);
  },
  fetchByIds,
  webhook: { verify: verifyPipedriveWebhook, parse: parsePipedriveWebhook },
  oauth: pipedriveOAuth,
  requestBudgets: PIPEDRIVE_BUDGETS,
};

export default pipedrive;
