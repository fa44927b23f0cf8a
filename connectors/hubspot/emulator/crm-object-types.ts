/** The CRM object types the emulator holds; HubSpot also names them in the singular or by objectTypeId. */
export type CrmObjectType = 'companies' | 'contacts' | 'deals' | 'tickets' | 'emails' | 'notes' | 'quotes';

export const CRM_OBJECT_TYPES: readonly CrmObjectType[] = ['companies', 'contacts', 'deals', 'tickets', 'emails', 'notes', 'quotes'];

const ALIASES: Record<string, CrmObjectType> = {
  companies: 'companies',
  company: 'companies',
  '0-2': 'companies',
  contacts: 'contacts',
  contact: 'contacts',
  '0-1': 'contacts',
  deals: 'deals',
  deal: 'deals',
  '0-3': 'deals',
  tickets: 'tickets',
  ticket: 'tickets',
  '0-5': 'tickets',
  emails: 'emails',
  email: 'emails',
  '0-49': 'emails',
  notes: 'notes',
  note: 'notes',
  '0-46': 'notes',
  quotes: 'quotes',
  quote: 'quotes',
  '0-14': 'quotes',
};

/** HubSpot accepts `deals`, `deal`, `DEALS` and `0-3` alike in paths. */
export function normalizeObjectType(raw: string): CrmObjectType | null {
  return ALIASES[raw.toLowerCase()] ?? null;
}

export const SINGULAR: Record<CrmObjectType, string> = { companies: 'company', contacts: 'contact', deals: 'deal', tickets: 'ticket', emails: 'email', notes: 'note', quotes: 'quote' };

/**
 * The property that carries "last modified" for each type. Contacts are the odd one out in HubSpot:
 * their search index and default properties use `lastmodifieddate`.
 */
export const MODIFIED_PROPERTY: Record<CrmObjectType, string> = {
  companies: 'hs_lastmodifieddate',
  contacts: 'lastmodifieddate',
  deals: 'hs_lastmodifieddate',
  tickets: 'hs_lastmodifieddate',
  emails: 'hs_lastmodifieddate',
  notes: 'hs_lastmodifieddate',
  quotes: 'hs_lastmodifieddate',
};

/** What HubSpot returns when a read names no properties. */
export const DEFAULT_PROPERTIES: Record<CrmObjectType, readonly string[]> = {
  companies: ['createdate', 'domain', 'hs_lastmodifieddate', 'hs_object_id', 'name'],
  contacts: ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'],
  deals: ['amount', 'closedate', 'createdate', 'dealname', 'dealstage', 'hs_lastmodifieddate', 'hs_object_id', 'pipeline'],
  tickets: ['content', 'createdate', 'hs_lastmodifieddate', 'hs_object_id', 'hs_pipeline', 'hs_pipeline_stage', 'hs_ticket_category', 'hs_ticket_priority', 'subject'],
  emails: ['createdate', 'hs_email_direction', 'hs_email_subject', 'hs_email_text', 'hs_lastmodifieddate', 'hs_object_id', 'hs_timestamp'],
  notes: ['createdate', 'hs_lastmodifieddate', 'hs_note_body', 'hs_object_id', 'hs_timestamp'],
  quotes: ['hs_createdate', 'hs_expiration_date', 'hs_lastmodifieddate', 'hs_object_id', 'hs_public_url_key', 'hs_status', 'hs_title'],
};

/** Always returned alongside the requested properties, as HubSpot does. */
export const ALWAYS_RETURNED: Record<CrmObjectType, readonly string[]> = {
  companies: ['createdate', 'hs_lastmodifieddate', 'hs_object_id'],
  contacts: ['createdate', 'lastmodifieddate', 'hs_object_id'],
  deals: ['createdate', 'hs_lastmodifieddate', 'hs_object_id'],
  tickets: ['createdate', 'hs_lastmodifieddate', 'hs_object_id'],
  emails: ['createdate', 'hs_lastmodifieddate', 'hs_object_id'],
  notes: ['createdate', 'hs_lastmodifieddate', 'hs_object_id'],
  quotes: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
};
