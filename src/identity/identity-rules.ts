/**
 * The workspace's identity rules (config file `identity`, README "Identity resolution"):
 * which rules run and in what order, where each provider keeps a CRM id the business controls,
 * and how sure a rule must be to link without a person looking.
 */
export type LinkRule = 'explicit_id' | 'email' | 'domain' | 'name';
export type LinkMethod = LinkRule | 'provisioning' | 'association' | 'manual';

export const ALL_RULES: LinkRule[] = ['explicit_id', 'email', 'domain', 'name'];

/** How sure each rule is. Names are never enough alone: below the default threshold. */
export const RULE_CONFIDENCE: Record<LinkRule, number> = { explicit_id: 1, email: 0.95, domain: 0.9, name: 0.6 };

/**
 * What a configured field holds. `name` and `crmId` are fields the business fills on purpose (an
 * Asana project's "Client" custom field): an exact folded name match there decides, like a CRM id.
 * `any` is a bare path (config written before fields had a meaning): an address is an email, a
 * web domain a domain, anything else at most a name *suggestion*.
 */
export const CONTACT_FIELD_MEANINGS = ['email', 'domain', 'name', 'crmId'] as const;
export type ContactFieldMeaning = (typeof CONTACT_FIELD_MEANINGS)[number];

export interface ContactField {
  path: string;
  holds: ContactFieldMeaning | 'any';
}

/** How sure an exact (folded) name match on a declared `name` field is: enough to link at the default threshold. */
export const DECLARED_NAME_CONFIDENCE = 0.95;

/** Config's `contactFields` entries (a bare path, or `{ path, holds }`) as the rules read them. */
export function contactFieldsOf(configured: Record<string, Record<string, (string | ContactField)[]>>): Record<string, Record<string, ContactField[]>> {
  const out: Record<string, Record<string, ContactField[]>> = {};
  for (const [provider, byType] of Object.entries(configured)) {
    out[provider] = {};
    for (const [objectType, fields] of Object.entries(byType)) out[provider][objectType] = fields.map((field) => (typeof field === 'string' ? { path: field, holds: 'any' } : { path: field.path, holds: field.holds }));
  }
  return out;
}

export interface IdentityRules {
  rules: LinkRule[];
  /** provider → object type → field path of a CRM company id (see read-field-path.ts). */
  explicitIdFields: Record<string, Record<string, string>>;
  /**
   * provider → object type → fields naming the client (an Asana project's "Client" field): its email
   * address or web domain (evidence for those rules like the record's own), its name, or its CRM id.
   */
  contactFields: Record<string, Record<string, ContactField[]>>;
  /** At or above: linked automatically. Below: a suggestion in the review queue. */
  autoLinkConfidence: number;
  extraFreeMailDomains: string[];
}

/** The rules before configuration; each connector adds its own default paths (Connector.identityDefaults) at start. */
export const DEFAULT_IDENTITY_RULES: IdentityRules = {
  rules: ALL_RULES,
  explicitIdFields: {},
  contactFields: {},
  autoLinkConfidence: 0.9,
  extraFreeMailDomains: [],
};
