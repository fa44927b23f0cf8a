/**
 * HubSpot: companies, contacts, deals (with their associations), deal owners and pipelines.
 * Pull: CRM search API on last-modified time. Push: app webhooks (signature v3), thin → fetch.
 * Auth: private-app token (HUBSPOT_ACCESS_TOKEN) or OAuth2. Base URL: HUBSPOT_BASE_URL.
 */
import { type Connector, envConnection, AuthError } from '../../src/connector-kit/index.js';
import { companyMapping } from '../../mappings/hubspot/company.js';
import { contactMapping } from '../../mappings/hubspot/contact.js';
import { dealMapping } from '../../mappings/hubspot/deal.js';
import { ownerMapping } from '../../mappings/hubspot/owner.js';
import { ticketEmailMapping, ticketMapping } from '../../mappings/hubspot/ticket.js';
import { quoteMapping } from '../../mappings/hubspot/quote.js';
import { withTicketEmails, readTicketEmails } from './ticket-emails.js';
import { loadTicketStages } from './load-ticket-stages.js';
import type { HubSpotObject } from './hubspot-object.js';
import { pullSearchableObjects } from './pull-searchable-objects.js';
import { pullOwners } from './pull-owners.js';
import { fetchByIds } from './fetch-by-ids.js';
import { loadDealStages } from './load-deal-stages.js';
import { verifyHubSpotWebhook } from './verify-webhook.js';
import { parseHubSpotWebhook } from './parse-webhook.js';
import { hubspotOAuth } from './oauth.js';
import { hubspotDocuments } from './note-attachments.js';
import { isSearchable } from './object-types.js';
import { hubspotSettings } from './settings.js';
import { createRequestWrite } from './create-ticket.js';
import { addRequestMessageWrite } from './add-ticket-reply.js';
import { uploadToCompanyWrite } from './upload-to-company.js';

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
    { objectType: 'tickets', kind: 'request', order: 4 },
    { objectType: 'quotes', kind: 'quote', order: 5 },
  ],
  objectTypeForKind: { company: 'companies', contact: 'contacts', deal: 'deals', team_member: 'owners', request: 'tickets', quote: 'quotes' },
  mappings: [companyMapping, contactMapping, dealMapping, ownerMapping, ticketMapping, ticketEmailMapping, quoteMapping],
  fromEnvironment(config) {
    return envConnection(hubspotSettings.read(config), hubspotSettings.read(config).portalId ? { portalId: hubspotSettings.read(config).portalId } : {});
  },
  refreshMetadata: (ctx) => loadDealStages(ctx),
  pull(ctx, objectType, options) {
    if (objectType === 'owners') return pullOwners(ctx);
    if (objectType === 'tickets') return pullTickets(ctx, options);
    if (objectType === 'quotes') return pullQuotes(ctx, options);
    if (isSearchable(objectType)) return pullSearchableObjects(ctx, objectType, options);
    throw new Error(`HubSpot connector cannot pull "${objectType}"`);
  },
  async fetchByIds(ctx, objectType, externalIds) {
    const records = await fetchByIds(ctx, objectType, externalIds);
    if (objectType !== 'tickets') return records;
    await loadTicketStages(ctx);
    return [...records, ...(await readTicketEmails(ctx, records.filter((r) => !r.deleted).map((r) => r.raw as HubSpotObject)))];
  },
  webhook: { verify: verifyHubSpotWebhook, parse: parseHubSpotWebhook },
  documents: hubspotDocuments,
  oauth: hubspotOAuth,
  writes: { createRequest: createRequestWrite, addRequestMessage: addRequestMessageWrite, uploadDocument: uploadToCompanyWrite },
  // An OAuth grant holds the scopes the console asked for (HUBSPOT_SCOPES, or those recorded at connect); a pasted token's are unknown.
  grantedScopes(connection, config) {
    const recorded = connection.settings.grantedScopes;
    if (Array.isArray(recorded)) return recorded.map(String);
    return connection.authType === 'oauth' ? hubspotSettings.read(config).scopes : null;
  },
};

/**
 * Tickets with their visible emails. A grant without the `tickets` scope (403) syncs no tickets
 * and stays healthy: requests are simply off for it (the console shows the scope to add).
 */
async function* pullTickets(ctx: Parameters<Connector['pull']>[0], options: Parameters<Connector['pull']>[2]) {
  try {
    // Ticket stage labels are read here, not with the deal stages: only ticket runs need them.
    await loadTicketStages(ctx);
    yield* withTicketEmails(ctx, pullSearchableObjects(ctx, 'tickets', options));
  } catch (error) {
    if (error instanceof AuthError && error.status === 403) {
      ctx.logger.info('HubSpot tickets not synced: the grant lacks the tickets scope', { error: error.message });
      return;
    }
    throw error;
  }
}

/** Quotes need the crm.objects.quotes.read scope; a grant without it (403) syncs none and stays healthy. */
async function* pullQuotes(ctx: Parameters<Connector['pull']>[0], options: Parameters<Connector['pull']>[2]) {
  try {
    yield* pullSearchableObjects(ctx, 'quotes', options);
  } catch (error) {
    if (error instanceof AuthError && error.status === 403) {
      ctx.logger.info('HubSpot quotes not synced: the grant lacks the quotes scope', { error: error.message });
      return;
    }
    throw error;
  }
}

export default hubspot;
