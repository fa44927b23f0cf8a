import type { IdentityRules } from './identity-rules.js';
import { readFieldPath } from './read-field-path.js';
import { domainOfEmail, domainOfWebsite } from './email-domain.js';
import { normalizeCompanyName } from './normalize-company-name.js';

/** A client name read from a configured field, folded for comparison, with where it came from. */
export interface FieldName {
  field: string;
  name: string;
  display: string;
}

/** What a provider record says about who it is: the facts the rules look up in the client index. */
export interface RecordIdentity {
  /** CRM company ids: the explicit id field and fields declared `crmId`, each with its config path. */
  explicitIds: { field: string; id: string }[];
  emails: string[];
  domains: string[];
  /** The record's own name, folded: only ever a suggestion. */
  name: string;
  displayName: string;
  /** Values of fields declared to hold the client's name: an exact folded match decides. */
  declaredNames: FieldName[];
  /** Values of bare fields that are neither an address nor a domain: perhaps a name, a suggestion at most. */
  possibleNames: FieldName[];
}

export function describeRecordIdentity(
  record: { provider: string; objectType: string; data: Record<string, unknown>; raw: unknown },
  rules: IdentityRules,
): RecordIdentity {
  const explicitField = rules.explicitIdFields[record.provider]?.[record.objectType] ?? null;
  const explicitIds: RecordIdentity['explicitIds'] = [];
  const explicitId = explicitField ? readFieldPath(record.raw, explicitField) : null;
  if (explicitField && explicitId) explicitIds.push({ field: explicitField, id: explicitId });
  const fieldEmails: string[] = [];
  const fieldDomains: (string | null)[] = [];
  const declaredNames: FieldName[] = [];
  const possibleNames: FieldName[] = [];
  const nameOf = (field: string, value: string): FieldName | null => {
    const name = normalizeCompanyName(value);
    return name ? { field, name, display: value } : null;
  };
  for (const field of rules.contactFields[record.provider]?.[record.objectType] ?? []) {
    const value = readFieldPath(record.raw, field.path);
    if (value === null) continue;
    switch (field.holds) {
      case 'email':
        if (domainOfEmail(value)) fieldEmails.push(value);
        break;
      case 'domain':
        fieldDomains.push(value.includes('@') ? domainOfEmail(value) : domainOfWebsite(value));
        break;
      case 'crmId':
        explicitIds.push({ field: field.path, id: value });
        break;
      case 'name': {
        const name = nameOf(field.path, value);
        if (name) declaredNames.push(name);
        break;
      }
      case 'any': {
        // Before fields had a meaning, a value was an address or a domain; a company name was then
        // silently dropped (no link, no suggestion). Now it is at least a suggestion for staff.
        if (value.includes('@')) fieldEmails.push(value);
        else if (domainOfWebsite(value) && !/\s/.test(value)) fieldDomains.push(domainOfWebsite(value));
        else {
          const name = nameOf(field.path, value);
          if (name) possibleNames.push(name);
        }
        break;
      }
    }
  }
  const emails = [...new Set([...((record.data.emails as string[] | undefined) ?? []), ...fieldEmails].map((e) => e.trim().toLowerCase()).filter(Boolean))];
  const domains = new Set<string>();
  for (const candidate of [domainOfWebsite(record.data.domain as string | null), domainOfWebsite(record.data.website as string | null), ...fieldDomains, ...emails.map(domainOfEmail)]) {
    if (candidate) domains.add(candidate);
  }
  const displayName = String(record.data.name ?? '');
  return { explicitIds, emails, domains: [...domains], name: normalizeCompanyName(displayName), displayName, declaredNames, possibleNames };
}
