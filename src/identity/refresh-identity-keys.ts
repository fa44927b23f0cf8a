import type { Db } from '../db/open-database.js';
import { cachedStatement } from '../db/cached-statement.js';
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

const SOURCES: Record<Subject, string> = {
  record: 'SELECT workspace_id, kind, data FROM records WHERE id = ?',
  client: 'SELECT workspace_id, name FROM clients WHERE id = ?',
  portal_user: 'SELECT workspace_id, email FROM portal_users WHERE id = ?',
};

/**
 * Computes the keys of every row queued since the last call (the triggers of migration 015 queue
 * what was inserted or whose identifying fields changed): work in proportion to what changed, not
 * to the workspace. Runs in its own (nested) transaction; returns how many rows it keyed.
 */
export function refreshIdentityKeys(db: Db): number {
  const pending = cachedStatement(db, 'SELECT subject, subject_id FROM identity_keys_pending').all() as { subject: Subject; subject_id: number }[];
  if (pending.length === 0) return 0;
  const clear = cachedStatement(db, 'DELETE FROM identity_keys WHERE subject = ? AND subject_id = ?');
  const insert = cachedStatement(db, 'INSERT OR IGNORE INTO identity_keys (subject, subject_id, workspace_id, key_type, key) VALUES (?, ?, ?, ?, ?)');
  const done = cachedStatement(db, 'DELETE FROM identity_keys_pending WHERE subject = ? AND subject_id = ?');
  db.transaction(() => {
    for (const { subject, subject_id: id } of pending) {
      clear.run(subject, id);
      const row = cachedStatement(db, SOURCES[subject]).get(id) as { workspace_id: number; kind?: string; data?: string; name?: string; email?: string } | undefined;
      if (row) for (const [type, key] of keysOf(subject, row)) insert.run(subject, id, row.workspace_id, type, key);
      done.run(subject, id);
    }
  })();
  return pending.length;
}
