import type { Queryable } from '../store/store.js';
import { listActiveClientNames } from '../store/identity/list-active-client-names.js';
import { listAnchorCandidateRows } from '../store/identity/list-anchor-candidate-rows.js';
import { listProvisionedPortalUsers } from '../store/identity/list-provisioned-portal-users.js';
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
  /**
   * Makes sure these keys can be asked (get) without a query: an index that looks keys up
   * (lookupClientIndex) reads them all at once here; the full index already holds every one.
   */
  load(keys: IndexKeys): Promise<void>;
}

/** The keys a batch of records will ask about. */
export interface IndexKeys {
  crmIds: string[];
  emails: string[];
  domains: string[];
  /** Names asked exactly (a record's own name). */
  names: string[];
  /** Names asked exactly and, when nobody has one exactly, by resemblance (declared or possible names). */
  nearNames: string[];
  /** Read every name now (names.entries()) whatever the names asked. */
  allNames?: boolean;
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
export async function buildClientIndex(q: Queryable, workspaceId: number, extraFreeMail: string[] = [], crmSet?: Set<string>): Promise<ClientIndex> {
  const crm = crmSet ?? (await crmProviders(q, workspaceId));
  const freeMail = new Set([...FREE_MAIL_DOMAINS, ...extraFreeMail]);
  const isFreeMail = (domain: string) => freeMail.has(domain);
  const index = { crmIds: new Map<string, Set<number>>(), emails: new Map<string, Set<number>>(), domains: new Map<string, Set<number>>(), names: new Map<string, Set<number>>(), isFreeMail, load: async () => {} };
  const addEmail = (email: string | null | undefined, clientId: number) => {
    const normalized = email?.trim().toLowerCase();
    if (!normalized) return;
    add(index.emails, normalized, clientId);
    const domain = domainOfEmail(normalized);
    if (domain && !isFreeMail(domain)) add(index.domains, domain, clientId);
  };

  const clients = await listActiveClientNames(q, workspaceId);
  const active = new Set(clients.map((c) => c.id));
  for (const client of clients) add(index.names, normalizeCompanyName(client.name), client.id);

  const anchors = await listAnchorCandidateRows(q, workspaceId);
  /** Contact records that are evidence (record id → client): the only ones a portal user may stand on. */
  const provisioningContacts = new Map<number, number>();
  for (const row of anchors) {
    if (!active.has(row.client_id)) continue;
    const isCrm = crm.has(row.provider);
    const decidedByPerson = row.method === 'manual' || row.method === 'provisioning';
    const data = JSON.parse(row.data) as { email?: string | null; emails?: string[]; domain?: string | null; website?: string | null; name?: string };
    if (row.kind === 'contact') {
      // CRM contacts belong to their company by the CRM's own association.
      if (isCrm || decidedByPerson) {
        addEmail(data.email, row.client_id);
        provisioningContacts.set(row.id, row.client_id);
      }
      continue;
    }
    if (!isCrm && !decidedByPerson) continue;
    if (isCrm) add(index.crmIds, row.external_id, row.client_id);
    for (const email of data.emails ?? []) addEmail(email, row.client_id);
    for (const domain of [domainOfWebsite(data.domain), domainOfWebsite(data.website)]) if (domain && !isFreeMail(domain)) add(index.domains, domain, row.client_id);
    add(index.names, normalizeCompanyName(data.name), row.client_id);
  }
  // Portal users are evidence only when the business made them — provisioned from a CRM contact that
  // is itself evidence for the same client — and the person proved the address (signed in: active).
  // A user a client admin invited is the client's own say-so: counting it would let one client pull
  // another company's records into its portal by inviting that company's billing address.
  const users = await listProvisionedPortalUsers(q, workspaceId);
  for (const user of users) if (active.has(user.client_id) && provisioningContacts.get(user.contact_record_id) === user.client_id) addEmail(user.email, user.client_id);
  return index;
}
