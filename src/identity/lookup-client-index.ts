import type { Queryable } from '../store/store.js';
import { listClientsByIdentityKeys } from '../store/identity/list-clients-by-identity-keys.js';
import { listClientsByCrmIds } from '../store/identity/list-clients-by-crm-ids.js';
import { listIdentityNames } from '../store/identity/list-identity-names.js';
import type { ClientIndex, ClientLookup, IndexKeys } from './build-client-index.js';
import { FREE_MAIL_DOMAINS } from './free-mail-domains.js';
import { refreshIdentityKeys } from './refresh-identity-keys.js';

/** Answers remembered per key; a key nobody loaded is a bug in the caller, not "no client". */
class Memo implements ClientLookup {
  readonly known = new Map<string, ReadonlySet<number> | undefined>();
  constructor(readonly what: string) {}
  get(key: string): ReadonlySet<number> | undefined {
    if (!this.known.has(key)) throw new Error(`The client index was not loaded with ${this.what} "${key}"`);
    return this.known.get(key);
  }
  missing(keys: string[]): string[] {
    return [...new Set(keys.filter((key) => key !== '' && !this.known.has(key)))];
  }
  fill(keys: string[], rows: { key: string; client_id: number }[]): void {
    const found = new Map<string, Set<number>>();
    for (const row of rows) {
      let set = found.get(row.key);
      if (!set) found.set(row.key, (set = new Set()));
      set.add(row.client_id);
    }
    for (const key of keys) this.known.set(key, found.get(key));
  }
}

/**
 * The same facts as buildClientIndex (the anchor rules of src/store/identity/anchor-filters.ts),
 * looked up through the identity_keys index instead of built from every company and contact of the
 * workspace: what a sync page costs does not grow with the workspace. `load` reads the keys a page
 * asks about in a few queries (not one per record or key); answers are remembered for the life of
 * the index (one resolveLinks call), the snapshot the full index gave. Only a near-name match
 * (namesResemble) has to see every name: those are read once, and only when a record offers a name
 * nobody has exactly.
 */
export async function lookupClientIndex(q: Queryable, workspaceId: number, extraFreeMail: string[], crmSet: Set<string>): Promise<ClientIndex> {
  await refreshIdentityKeys(q);
  const freeMail = new Set([...FREE_MAIL_DOMAINS, ...extraFreeMail]);
  const crm = [...crmSet];
  const crmIds = new Memo('CRM id');
  const emails = new Memo('email');
  const domains = new Memo('domain');
  const names = new Memo('name');
  let allNames: Map<string, Set<number>> | null = null;
  return {
    crmIds,
    emails,
    domains,
    names: {
      get: (name) => names.get(name),
      entries() {
        if (!allNames) throw new Error('The client index was not loaded with every name');
        return allNames.entries();
      },
    },
    isFreeMail: (domain) => freeMail.has(domain),
    async load(keys: IndexKeys) {
      const ids = crmIds.missing(keys.crmIds);
      if (ids.length > 0) crmIds.fill(ids, (await listClientsByCrmIds(q, { workspaceId, crmProviders: crm, ids })).map((row) => ({ key: row.external_id, client_id: row.client_id })));
      const wantedEmails = emails.missing(keys.emails);
      const allDomains = domains.missing(keys.domains);
      // A free-mail domain names nobody: it is never looked up.
      const wantedDomains = allDomains.filter((domain) => !freeMail.has(domain));
      if (wantedEmails.length + wantedDomains.length > 0) {
        const rows = await listClientsByIdentityKeys(q, { workspaceId, crmProviders: crm, alsoFrom: 'portal_user', keys: [{ type: 'email', keys: wantedEmails }, { type: 'domain', keys: wantedDomains }] });
        emails.fill(wantedEmails, rows.filter((row) => row.key_type === 'email'));
        domains.fill(wantedDomains, rows.filter((row) => row.key_type === 'domain'));
      }
      domains.fill(allDomains.filter((domain) => freeMail.has(domain)), []);
      const wantedNames = names.missing([...keys.names, ...keys.nearNames]);
      if (wantedNames.length > 0) names.fill(wantedNames, await listClientsByIdentityKeys(q, { workspaceId, crmProviders: crm, alsoFrom: 'client', keys: [{ type: 'name', keys: wantedNames }] }));
      if (!allNames && (keys.allNames || keys.nearNames.some((name) => name !== '' && names.get(name) === undefined))) {
        allNames = new Map();
        for (const row of await listIdentityNames(q, workspaceId, crm)) {
          let set = allNames.get(row.key);
          if (!set) allNames.set(row.key, (set = new Set()));
          set.add(row.client_id);
        }
      }
    },
  };
}
