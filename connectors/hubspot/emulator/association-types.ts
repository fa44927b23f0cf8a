import type { CrmObjectType } from './crm-object-types.js';

/** One HubSpot-defined association type: v4 reports typeId/label, v3 reports the name. */
export interface AssociationTypeDefinition {
  typeId: number;
  label: string | null;
  /** The `type` string of v3 reads (`GET ...?associations=companies`). */
  name: string;
}

interface PairDefinitions {
  unlabeled: AssociationTypeDefinition;
  /** Only company links have a "primary" flavour; HubSpot reports it in addition to the unlabeled one. */
  primary?: AssociationTypeDefinition;
}

// Ids from HubSpot's association type reference. Directions are separate types in HubSpot,
// so the reverse of deal→company (5/341) is company→deal (6/342).
const DEFINITIONS: Partial<Record<`${CrmObjectType}->${CrmObjectType}`, PairDefinitions>> = {
  'deals->companies': {
    primary: { typeId: 5, label: 'Deal with Primary Company', name: 'deal_to_company' },
    unlabeled: { typeId: 341, label: null, name: 'deal_to_company_unlabeled' },
  },
  'companies->deals': {
    primary: { typeId: 6, label: 'Deal with Primary Company', name: 'company_to_deal' },
    unlabeled: { typeId: 342, label: null, name: 'company_to_deal_unlabeled' },
  },
  'deals->contacts': { unlabeled: { typeId: 3, label: null, name: 'deal_to_contact' } },
  'contacts->deals': { unlabeled: { typeId: 4, label: null, name: 'contact_to_deal' } },
  'contacts->companies': {
    primary: { typeId: 1, label: 'Primary', name: 'contact_to_company' },
    unlabeled: { typeId: 279, label: null, name: 'contact_to_company_unlabeled' },
  },
  // Tickets (HubSpot's ticket association types: to contact 16, to company 339, primary company 26).
  'tickets->companies': {
    primary: { typeId: 26, label: 'Primary', name: 'ticket_to_company' },
    unlabeled: { typeId: 339, label: null, name: 'ticket_to_company_unlabeled' },
  },
  'companies->tickets': {
    primary: { typeId: 25, label: 'Primary', name: 'company_to_ticket' },
    unlabeled: { typeId: 340, label: null, name: 'company_to_ticket_unlabeled' },
  },
  'tickets->contacts': { unlabeled: { typeId: 16, label: null, name: 'ticket_to_contact' } },
  // Engagements on a ticket: its email thread (ticket → email 224) and internal notes (ticket → note 228).
  'tickets->emails': { unlabeled: { typeId: 224, label: null, name: 'ticket_to_email' } },
  'emails->tickets': { unlabeled: { typeId: 223, label: null, name: 'email_to_ticket' } },
  'tickets->notes': { unlabeled: { typeId: 228, label: null, name: 'ticket_to_note' } },
  'notes->tickets': { unlabeled: { typeId: 227, label: null, name: 'note_to_ticket' } },
  'contacts->tickets': { unlabeled: { typeId: 15, label: null, name: 'contact_to_ticket' } },
  // Notes on a company (a file attached to the company is a note with hs_attachment_ids): note → company 190, company → note 189.
  'notes->companies': { unlabeled: { typeId: 190, label: null, name: 'note_to_company' } },
  'companies->notes': { unlabeled: { typeId: 189, label: null, name: 'company_to_note' } },
  // Quotes (HubSpot's association type reference: quote → deal 64, deal → quote 63).
  'quotes->deals': { unlabeled: { typeId: 64, label: null, name: 'quote_to_deal' } },
  'deals->quotes': { unlabeled: { typeId: 63, label: null, name: 'deal_to_quote' } },
  // Notes on deals and contacts too (note → deal 214, deal → note 213, note → contact 202, contact → note 201): a note's files belong to every record it is associated with.
  'notes->deals': { unlabeled: { typeId: 214, label: null, name: 'note_to_deal' } },
  'deals->notes': { unlabeled: { typeId: 213, label: null, name: 'deal_to_note' } },
  'notes->contacts': { unlabeled: { typeId: 202, label: null, name: 'note_to_contact' } },
  'contacts->notes': { unlabeled: { typeId: 201, label: null, name: 'contact_to_note' } },
  'companies->contacts': {
    primary: { typeId: 2, label: 'Primary', name: 'company_to_contact' },
    unlabeled: { typeId: 280, label: null, name: 'company_to_contact_unlabeled' },
  },
};

/** The pair one association type id names, for creates that list `types` (undefined: not a type HubSpot defines for it). */
export function associationTypeById(fromType: CrmObjectType, typeId: number): { toType: CrmObjectType; primary: boolean } | undefined {
  for (const [pair, definitions] of Object.entries(DEFINITIONS)) {
    const [from, to] = pair.split('->') as [CrmObjectType, CrmObjectType];
    if (from !== fromType || !definitions) continue;
    if (definitions.primary?.typeId === typeId) return { toType: to, primary: true };
    if (definitions.unlabeled.typeId === typeId) return { toType: to, primary: false };
  }
  return undefined;
}

export function isAssociable(fromType: CrmObjectType, toType: CrmObjectType): boolean {
  return DEFINITIONS[`${fromType}->${toType}`] !== undefined;
}

/**
 * The types one link carries. A primary company link carries two (primary and unlabeled), which
 * is why HubSpot readers see the same company id twice and must de-duplicate.
 */
export function associationTypesFor(fromType: CrmObjectType, toType: CrmObjectType, primary: boolean): AssociationTypeDefinition[] {
  const pair = DEFINITIONS[`${fromType}->${toType}`];
  if (!pair) return [];
  if (primary && pair.primary) return [pair.primary, pair.unlabeled];
  // Types without a primary flavour have one plain type (deal_to_contact, typeId 3).
  return [pair.unlabeled];
}
