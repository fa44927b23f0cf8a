import type { Queryable } from '../store/store.js';
import { takePendingIdentityKeys } from '../store/identity/take-pending-identity-keys.js';
import { listIdentityKeySources } from '../store/identity/list-identity-key-sources.js';
import { replaceIdentityKeys, type IdentityKeyRow } from '../store/identity/replace-identity-keys.js';
import { domainOfEmail, domainOfWebsite } from './email-domain.js';
import { normalizeCompanyName } from './normalize-company-name.js';
import { FREE_MAIL_DOMAINS } from './free-mail-domains.js';

export type IdentityKeyType = 'email' | 'domain' | 'name';
type Subject = 'record' | 'client' | 'portal_user';

const FREE_MAIL = new Set(FREE_MAIL_DOMAINS);

/**
 * The keys one row offers as evidence, exactly as buildClientIndex reads them: a contact its
 * address (and that address's domain), a company its addresses, domains and folded name, a client
 * its folded name, a portal user its address. Domains of free mail are left out: the rules never
 * look them up (a workspace's extra free-mail domains are filtered when read).
 */
function keysOf(subject: Subject, row: { kind?: string; data?: string; name?: string; email?: string }): [IdentityKeyType, string][] {
  const keys: [IdentityKeyType, string][] = [];
  const addEmail = (email: unknown) => {
    const normalized = typeof email === 'string' ? email.trim().toLowerCase() : '';
    if (!normalized) return;
    keys.push(['email', normalized]);
    addDomain(domainOfEmail(normalized));
  };
  const addDomain = (domain: string | null) => {
    if (domain && !FREE_MAIL.has(domain)) keys.push(['domain', domain]);
  };
  const addName = (name: unknown) => {
    const folded = normalizeCompanyName(typeof name === 'string' ? name : null);
    if (folded) keys.push(['name', folded]);
  };
  if (subject === 'client') addName(row.name);
  else if (subject === 'portal_user') addEmail(row.email);
  else {
    const data = JSON.parse(row.data ?? '{}') as { email?: unknown; emails?: unknown; domain?: unknown; website?: unknown; name?: unknown };
    if (row.kind === 'contact') addEmail(data.email);
    else if (row.kind === 'company') {
      for (const email of Array.isArray(data.emails) ? data.emails : []) addEmail(email);
      addDomain(domainOfWebsite(typeof data.domain === 'string' ? data.domain : null));
      addDomain(domainOfWebsite(typeof data.website === 'string' ? data.website : null));
      addName(data.name);
    }
  }
  return keys;
}

/**
 * Computes the keys of every row queued since the last call (the triggers of migration 015 queue
 * what was inserted or whose identifying fields changed): work in proportion to what changed, not
 * to the workspace, in a few statements whatever the number of rows. Run it inside the caller's
 * transaction (resolveLinks'): the queue is taken and the keys written together. Returns how many
 * rows it keyed.
 */
export async function refreshIdentityKeys(q: Queryable): Promise<number> {
  const pending = (await takePendingIdentityKeys(q)) as { subject: Subject; subject_id: number }[];
  if (pending.length === 0) return 0;
  const ids: Record<Subject, number[]> = { record: [], client: [], portal_user: [] };
  for (const { subject, subject_id: id } of pending) ids[subject]?.push(id);
  const keys: IdentityKeyRow[] = [];
  const seen = new Set<string>();
  for (const row of await listIdentityKeySources(q, ids)) {
    for (const [type, key] of keysOf(row.subject, row)) {
      const unique = `${row.subject}\u0000${row.id}\u0000${type}\u0000${key}`;
      if (seen.has(unique)) continue;
      seen.add(unique);
      keys.push({ subject: row.subject, subject_id: row.id, workspace_id: row.workspace_id, key_type: type, key });
    }
  }
  await replaceIdentityKeys(q, pending, keys);
  return pending.length;
}
