import type { IdentityRules } from './identity-rules.js';
import { readFieldPath } from './read-field-path.js';
import { domainOfEmail, domainOfWebsite } from './email-domain.js';
import { normalizeCompanyName } from './normalize-company-name.js';

/** What a provider record says about who it is: the facts the rules look up in the client index. */
export interface RecordIdentity {
  explicitId: string | null;
  /** The config path the explicit id came from, for the link's explanation. */
  explicitIdField: string | null;
  emails: string[];
  domains: string[];
  name: string;
  displayName: string;
}

export function describeRecordIdentity(
  record: { provider: string; objectType: string; data: Record<string, unknown>; raw: unknown },
  rules: IdentityRules,
): RecordIdentity {
  const field = rules.explicitIdFields[record.provider]?.[record.objectType] ?? null;
  const explicitId = field ? readFieldPath(record.raw, field) : null;
  const configured = (rules.contactFields[record.provider]?.[record.objectType] ?? []).map((path) => readFieldPath(record.raw, path)).filter((value): value is string => value !== null);
  const emails = [...new Set([...((record.data.emails as string[] | undefined) ?? []), ...configured.filter((v) => v.includes('@'))].map((e) => e.trim().toLowerCase()).filter(Boolean))];
  const domains = new Set<string>();
  const configuredDomains = configured.filter((v) => !v.includes('@')).map(domainOfWebsite);
  for (const candidate of [domainOfWebsite(record.data.domain as string | null), domainOfWebsite(record.data.website as string | null), ...configuredDomains, ...emails.map(domainOfEmail)]) {
    if (candidate) domains.add(candidate);
  }
  const displayName = String(record.data.name ?? '');
  return { explicitId, explicitIdField: explicitId ? field : null, emails, domains: [...domains], name: normalizeCompanyName(displayName), displayName };
}
