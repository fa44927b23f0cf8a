import { STAFF_EMAIL_DOMAINS_METADATA, type StaffEmailDomains } from '../../connector-kit/staff-email-domains.js';
import type { Queryable } from '../store.js';
import { preparedQuery } from '../common/prepared-query.js';

/**
 * The business's own e-mail domains as its connected tools declare them (Asana's organisation
 * `email_domains`, kept in provider metadata), for the connections of the client's workspace
 * that are not disconnected. Lower case.
 */
export async function listClientStaffDomains(q: Queryable, clientId: number): Promise<Set<string>> {
  const rows = await staffDomainRows(q, clientId);
  return new Set(rows.flatMap((row) => (JSON.parse(row.value) as Partial<StaffEmailDomains>).domains ?? []).map((domain) => String(domain).toLowerCase()));
}

const staffDomainRows = preparedQuery((db, clientId: number) =>
  db
    .selectFrom('provider_metadata as m')
    .innerJoin('connections as k', 'k.id', 'm.connection_id')
    .innerJoin('clients as c', 'c.workspace_id', 'k.workspace_id')
    .select('m.value')
    .where('c.id', '=', clientId)
    .where('m.key', '=', STAFF_EMAIL_DOMAINS_METADATA)
    .where('k.status', '!=', 'disconnected'),
);
