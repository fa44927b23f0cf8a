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

export interface IdentityRules {
  rules: LinkRule[];
  /** provider → object type → field path of a CRM company id (see read-field-path.ts). */
  explicitIdFields: Record<string, Record<string, string>>;
  /**
   * provider → object type → field paths holding the client's email address or web domain (an
   * Asana project's "Client" field): evidence for the email and domain rules like the record's own.
   */
  contactFields: Record<string, Record<string, string[]>>;
  /** At or above: linked automatically. Below: a suggestion in the review queue. */
  autoLinkConfidence: number;
  extraFreeMailDomains: string[];
}

export const DEFAULT_IDENTITY_RULES: IdentityRules = {
  rules: ALL_RULES,
  explicitIdFields: {
    stripe: { Customer: 'metadata.crm_company_id' },
    xero: { Contact: 'accountNumber' },
    quickbooks: { Customer: 'CustomField[Name=CRM Company Id].StringValue' },
    asana: { Project: 'custom_fields[name=CRM Company Id].display_value' },
  },
  contactFields: {
    asana: { Project: ['custom_fields[name=Client].display_value', 'custom_fields[name=Client domain].display_value'] },
  },
  autoLinkConfidence: 0.9,
  extraFreeMailDomains: [],
};
