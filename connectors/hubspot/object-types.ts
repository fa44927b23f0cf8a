import type { AppConfig } from '../../src/connector-kit/index.js';
import { overrideSourcePaths } from '../../src/connector-kit/index.js';
import { COMPANY_PROPERTIES } from '../../mappings/hubspot/company.js';
import { CONTACT_PROPERTIES } from '../../mappings/hubspot/contact.js';
import { DEAL_PROPERTIES } from '../../mappings/hubspot/deal.js';
import { TICKET_PROPERTIES } from '../../mappings/hubspot/ticket.js';
import { QUOTE_PROPERTIES } from '../../mappings/hubspot/quote.js';

export type SearchableType = 'companies' | 'contacts' | 'deals' | 'tickets' | 'quotes';

/** What to read of each searchable CRM object, and which property orders it by change time. */
export const SEARCHABLE: Record<SearchableType, { properties: string[]; modifiedProperty: string; associations: string[] }> = {
  companies: { properties: COMPANY_PROPERTIES, modifiedProperty: 'hs_lastmodifieddate', associations: [] },
  // Contacts are the exception: their search index orders by "lastmodifieddate".
  contacts: { properties: CONTACT_PROPERTIES, modifiedProperty: 'lastmodifieddate', associations: [] },
  deals: { properties: DEAL_PROPERTIES, modifiedProperty: 'hs_lastmodifieddate', associations: ['companies', 'contacts'] },
  // Client requests (issue 16): the ticket's email thread comes with it (connectors/hubspot/ticket-emails.ts).
  tickets: { properties: TICKET_PROPERTIES, modifiedProperty: 'hs_lastmodifieddate', associations: ['companies', 'contacts', 'emails'] },
  // Quotes (issue 17): their deals say whose they are. HubSpot sends no webhooks for quotes, so they are polled.
  quotes: { properties: QUOTE_PROPERTIES, modifiedProperty: 'hs_lastmodifieddate', associations: ['deals'] },
};

export function isSearchable(objectType: string): objectType is SearchableType {
  return objectType in SEARCHABLE;
}

/** HubSpot sends times as ISO strings (or Date objects once the SDK parsed them) or epoch ms. */
export function toMillis(value: unknown): number | null {
  if (value == null || value === '') return null;
  if (value instanceof Date) return value.getTime();
  const text = String(value);
  const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * The properties to ask for: the mappings' own plus any a workspace's mapping overrides read
 * (`properties.<name>` paths in config `mappings.hubspot.<objectType>`).
 */
export function requestedProperties(config: AppConfig, objectType: SearchableType): string[] {
  const extra = overrideSourcePaths(config, 'hubspot', objectType)
    .map((path) => /^properties\.([A-Za-z0-9_]+)$/.exec(path)?.[1])
    .filter((name): name is string => Boolean(name));
  return [...new Set([...SEARCHABLE[objectType].properties, ...extra])];
}
