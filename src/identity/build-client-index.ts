import type { Db } from '../db/open-database.js';
import { crmProviders } from './crm-providers.js';
import { domainOfEmail, domainOfWebsite } from './email-domain.js';
import { normalizeCompanyName } from './normalize-company-name.js';
import { FREE_MAIL_DOMAINS } from './free-mail-domains.js';

/** One kind of evidence: a key → the clients it names (undefined: none). A Map is one; lookupClientIndex answers by index. */
export interface ClientLookup {
  get(key: string): ReadonlySet<number> | undefined;
}

/** What is known, for sure, about each client: the facts the rules compare provider records against. */
export interface ClientIndex {
  /** A CRM company id (HubSpot company, Salesforce Account) → the clients it belongs to. */
  crmIds: ClientLookup;
  emails: ClientLookup;
  domains: ClientLookup;
  /** Folded names; entries() walks them all (only a near-name match needs to). */
  names: ClientLookup & { entries(): Iterable<[string, ReadonlySet<number>]> };
  isFreeMail(domain: string): boolean;
}

function add(map: Map<string, Set<number>>, key: string | null | undefined, clientId: number) {
  if (!key) return;
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(clientId);
}

/**
 * Builds the index from anchors only — what a person or the CRM decided: CRM companies linked to a
 * client (by provisioning or by hand), the CRM contacts of each client (and the portal users
 * provisioned from them who signed in), manual links, and client names. Nothing a client's own
 * users do (invitations, sign-ins, removals) is evidence. Records the rules themselves linked are
 * never anchors, so a rule's guess is never evidence for the next guess (and a record never
 * confirms itself on re-evaluation).
 */
export function buildClientIndex(db: Db, workspaceId: number, extraFreeMail: string[] = [], crmSet: Set<string> = crmProviders(db, workspaceId)): ClientIndex {
  const freeMail = new Set([...FREE_MAIL_DOMAINS, ...extraFreeMail]);
  const isFreeMail = (domain: string) => freeMail.has(domain);
  const index = { crmIds: new Map<string, Set<number>>(), emails: new Map<string, Set<number>>(), domains: new Map<string, Set<number>>(), names: new Map<string, Set<number>>(), isFreeMail };
  const addEmail = (email: string | null | undefined, clientId: number) => {
    const normalized = email?.trim().toLowerCase();
    if (!normalized) return;
    add(index.emails, normalized, clientId);
    const domain = domainOfEmail(normalized);
    if (domain && !isFreeMail(domain)) add(index.domains, domain, clientId);
  };

  const clients = db.prepare(`SELECT id, name FROM clients WHERE workspace_id = ? AND status = 'active' AND merged_into_client_id IS NULL`).all(workspaceId) as { id: number; name: string }[];
  const active = new Set(clients.map((c) => c.id));
  for (const client of clients) add(index.names, normalizeCompanyName(client.name), client.id);

  const anchors = db
    .prepare(
      `SELECT r.id, r.provider, r.kind, r.external_id, r.data, r.client_id, l.method
         FROM records r LEFT JOIN record_links l ON l.record_id = r.id
        WHERE r.workspace_id = ? AND r.client_id IS NOT NULL AND r.deleted = 0 AND r.kind IN ('company', 'contact')`,
    )
    .all(workspaceId) as { id: number; provider: string; kind: string; external_id: string; data: string; client_id: number; method: string | null }[];
  /** Contact records that are evidence (record id → client): the only ones a portal user may stand on. */
  const provisioningContacts = new Map<number, number>();
  for (const row of anchors) {
    if (!active.has(row.client_id)) continue;
    const crm = crmSet.has(row.provider);
    const decidedByPerson = row.method === 'manual' || row.method === 'provisioning';
    const data = JSON.parse(row.data) as { email?: string | null; emails?: string[]; domain?: string | null; website?: string | null; name?: string };
    if (row.kind === 'contact') {
      // CRM contacts belong to their company by the CRM's own association.
      if (crm || decidedByPerson) {
        addEmail(data.email, row.client_id);
        provisioningContacts.set(row.id, row.client_id);
      }
      continue;
    }
    if (!crm && !decidedByPerson) continue;
    if (crm) add(index.crmIds, row.external_id, row.client_id);
    for (const email of data.emails ?? []) addEmail(email, row.client_id);
    for (const domain of [domainOfWebsite(data.domain), domainOfWebsite(data.website)]) if (domain && !isFreeMail(domain)) add(index.domains, domain, row.client_id);
    add(index.names, normalizeCompanyName(data.name), row.client_id);
  }
  // Portal users are evidence only when the business made them — provisioned from a CRM contact that
  // is itself evidence for the same client — and the person proved the address (signed in: active).
  // A user a client admin invited is the client's own say-so: counting it would let one client pull
  // another company's records into its portal by inviting that company's billing address.
  const users = db
    .prepare(`SELECT email, client_id, contact_record_id FROM portal_users WHERE workspace_id = ? AND status = 'active' AND contact_record_id IS NOT NULL`)
    .all(workspaceId) as { email: string; client_id: number; contact_record_id: number }[];
  for (const user of users) if (active.has(user.client_id) && provisioningContacts.get(user.contact_record_id) === user.client_id) addEmail(user.email, user.client_id);
  return index;
}
