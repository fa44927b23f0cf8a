/**
 * HubSpot: companies, contacts, deals (with their associations), deal owners and pipelines.
 * Pull: CRM search API on last-modified time. Push: app webhooks (signature v3), thin → fetch.
 * Auth: private-app token (HUBSPOT_ACCESS_TOKEN) or OAuth2. Base URL: HUBSPOT_BASE_URL.
 */
import type { Connector } from '../../src/connector-kit/connector.js';
import { envConnection } from '../../src/connector-kit/env-connection.js';
import { companyMapping } from '../../mappings/hubspot/company.js';
import { contactMapping } from '../../mappings/hubspot/contact.js';
import { dealMapping } from '../../mappings/hubspot/deal.js';
import { ownerMapping } from '../../mappings/hubspot/owner.js';
import { pullSearchableObjects } from './pull-searchable-objects.js';
import { pullOwners } from './pull-owners.js';
import { fetchByIds } from './fetch-by-ids.js';
import { loadDealStages } from './load-deal-stages.js';
import { verifyHubSpotWebhook } from './verify-webhook.js';
import { parseHubSpotWebhook } from './parse-webhook.js';
import { hubspotOAuth } from './oauth.js';
import { isSearchable } from './object-types.js';
import { hubspotSettings } from './settings.js';

const hubspot: Connector = {
  provider: 'hubspot',
  displayName: 'HubSpot',
  settings: hubspotSettings,
  environment: { token: 'HUBSPOT_ACCESS_TOKEN', refresh: 'HUBSPOT_REFRESH_TOKEN', baseUrl: 'HUBSPOT_BASE_URL' },
  tokenConnect: { field: 'Private app access token', pattern: /^pat-[a-z0-9]+-[A-Za-z0-9-]{8,}$/, hint: 'Starts with pat-. Create a private app with the crm.objects.companies/contacts/deals/owners.read scopes.' },
  webhookSecret: { configured: (config) => Boolean(hubspotSettings.read(config).clientSecret), source: 'HUBSPOT_CLIENT_SECRET (the app’s client secret signs v3 webhooks)' },
  objectTypes: [
    { objectType: 'owners', kind: 'team_member', order: 0 },
    { objectType: 'companies', kind: 'company', order: 1 },
    { objectType: 'contacts', kind: 'contact', order: 2 },
    { objectType: 'deals', kind: 'deal', order: 3 },
  ],
  objectTypeForKind: { company: 'companies', contact: 'contacts', deal: 'deals', team_member: 'owners' },
  mappings: [companyMapping, contactMapping, dealMapping, ownerMapping],
  fromEnvironment(config) {
    return envConnection(hubspotSettings.read(config), hubspotSettings.read(config).portalId ? { portalId: hubspotSettings.read(config).portalId } : {});
  },
  refreshMetadata: (ctx) => loadDealStages(ctx),
  pull(ctx, objectType, options) {
    if (objectType === 'owners') return pullOwners(ctx);
    if (isSearchable(objectType)) return pullSearchableObjects(ctx, objectType, options);
    throw new Error(`HubSpot connector cannot pull "${objectType}"`);
  },
  fetchByIds,
  webhook: { verify: verifyHubSpotWebhook, parse: parseHubSpotWebhook },
  oauth: hubspotOAuth,
};

export default hubspot;
