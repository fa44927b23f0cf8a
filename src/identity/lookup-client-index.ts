import type { Db } from '../db/open-database.js';
import { cachedStatement } from '../db/cached-statement.js';
import type { ClientIndex, ClientLookup } from './build-client-index.js';
import { FREE_MAIL_DOMAINS } from './free-mail-domains.js';
import { refreshIdentityKeys } from './refresh-identity-keys.js';

/*
 * The anchor rules of buildClientIndex, as SQL over one key: a company or contact counts when its
 * client is active and the CRM says so (its provider is a CRM) or a person did (linked manually or
 * by provisioning); a portal user counts when it signed in and was provisioned from such a contact
 * of the same client.
 */
const ACTIVE_CLIENT = `c.status = 'active' AND c.merged_into_client_id IS NULL`;
const DECIDED = `(r.provider IN (SELECT value FROM json_each(@crm)) OR l.method IN ('manual', 'provisioning'))`;
const FROM_RECORDS = `SELECT r.client_id AS client_id FROM identity_keys k
    JOIN records r ON r.id = k.subject_id JOIN clients c ON c.id = r.client_id LEFT JOIN record_links l ON l.record_id = r.id
   WHERE k.workspace_id = @workspace AND k.key_type = @type AND k.key = @key AND k.subject = 'record'
     AND r.workspace_id = @workspace AND r.deleted = 0 AND r.kind IN ('company', 'contact') AND ${ACTIVE_CLIENT} AND ${DECIDED}`;
const FROM_PORTAL_USERS = `SELECT u.client_id AS client_id FROM identity_keys k
    JOIN portal_users u ON u.id = k.subject_id JOIN records r ON r.id = u.contact_record_id
    JOIN clients c ON c.id = u.client_id LEFT JOIN record_links l ON l.record_id = r.id
   WHERE k.workspace_id = @workspace AND k.key_type = @type AND k.key = @key AND k.subject = 'portal_user'
     AND u.workspace_id = @workspace AND u.status = 'active' AND r.client_id = u.client_id AND r.kind = 'contact' AND r.deleted = 0
     AND r.workspace_id = @workspace AND ${ACTIVE_CLIENT} AND ${DECIDED}`;
const FROM_CLIENTS = `SELECT c.id AS client_id FROM identity_keys k JOIN clients c ON c.id = k.subject_id
   WHERE k.workspace_id = @workspace AND k.key_type = @type AND k.key = @key AND k.subject = 'client' AND c.workspace_id = @workspace AND ${ACTIVE_CLIENT}`;
const BY_ADDRESS = `${FROM_RECORDS} UNION ${FROM_PORTAL_USERS}`;
const BY_NAME = `${FROM_RECORDS} UNION ${FROM_CLIENTS}`;
// CROSS JOIN keeps SQLite on (connection, kind, external id): by workspace and kind it would walk every company.
const BY_CRM_ID = `SELECT r.client_id AS client_id FROM connections cn
    CROSS JOIN records r ON r.connection_id = cn.id AND r.kind = 'company' AND r.external_id = @key
    JOIN clients c ON c.id = r.client_id
   WHERE cn.workspace_id = @workspace AND cn.provider IN (SELECT value FROM json_each(@crm)) AND r.deleted = 0 AND ${ACTIVE_CLIENT}`;
const ALL_NAMES = `SELECT k.key AS key, r.client_id AS client_id FROM identity_keys k
    JOIN records r ON r.id = k.subject_id JOIN clients c ON c.id = r.client_id LEFT JOIN record_links l ON l.record_id = r.id
   WHERE k.workspace_id = @workspace AND k.key_type = 'name' AND k.subject = 'record'
     AND r.workspace_id = @workspace AND r.deleted = 0 AND r.kind IN ('company', 'contact') AND ${ACTIVE_CLIENT}
     AND ${DECIDED}
  UNION
  SELECT k.key, c.id FROM identity_keys k JOIN clients c ON c.id = k.subject_id
   WHERE k.workspace_id = @workspace AND k.key_type = 'name' AND k.subject = 'client' AND c.workspace_id = @workspace AND ${ACTIVE_CLIENT}`;

/**
 * The same facts as buildClientIndex, looked up key by key through indexes instead of built from
 * every company and contact of the workspace: what a sync page costs no longer grows with the
 * workspace. Answers are remembered for the life of the index (one resolveLinks call), which is
 * the snapshot the full index gave. Only a near-name match (namesResemble) still has to see every
 * name: those are read once, and only when a record offers a name nobody has exactly.
 */
export function lookupClientIndex(db: Db, workspaceId: number, extraFreeMail: string[], crmSet: Set<string>): ClientIndex {
  refreshIdentityKeys(db);
  const freeMail = new Set([...FREE_MAIL_DOMAINS, ...extraFreeMail]);
  const crm = JSON.stringify([...crmSet]);
  const memo = (query: (key: string) => number[]): ClientLookup => {
    const known = new Map<string, ReadonlySet<number> | undefined>();
    return {
      get(key: string) {
        if (known.has(key)) return known.get(key);
        const ids = query(key);
        const found = ids.length > 0 ? new Set(ids) : undefined;
        known.set(key, found);
        return found;
      },
    };
  };
  const ids = (rows: unknown[]) => (rows as { client_id: number }[]).map((row) => row.client_id);
  const byKey = (sql: string, type: 'email' | 'domain' | 'name') => (key: string) => ids(cachedStatement(db, sql).all({ workspace: workspaceId, type, key, crm }));
  const names = memo(byKey(BY_NAME, 'name'));
  let allNames: Map<string, Set<number>> | null = null;
  return {
    crmIds: memo((id) => (crmSet.size === 0 ? [] : ids(cachedStatement(db, BY_CRM_ID).all({ workspace: workspaceId, key: id, crm })))),
    emails: memo(byKey(BY_ADDRESS, 'email')),
    domains: memo((domain) => (freeMail.has(domain) ? [] : byKey(BY_ADDRESS, 'domain')(domain))),
    names: {
      get: (name) => names.get(name),
      entries() {
        if (!allNames) {
          allNames = new Map();
          for (const row of cachedStatement(db, ALL_NAMES).all({ workspace: workspaceId, crm }) as { key: string; client_id: number }[]) {
            let set = allNames.get(row.key);
            if (!set) allNames.set(row.key, (set = new Set()));
            set.add(row.client_id);
          }
        }
        return allNames.entries();
      },
    },
    isFreeMail: (domain) => freeMail.has(domain),
  };
}
