import type { Db } from '../../src/db/open-database.js';
import { STAFF_EMAIL_DOMAINS_METADATA, type StaffEmailDomains } from '../../src/connector-kit/staff-email-domains.js';

/**
 * Who is the client's and who is the business's, for "Waiting on you". The client's people are its
 * portal users and the contacts the CRM links to it; the business's own staff are its CRM users
 * (team_member records) and everyone at its organisation's email domains (Asana's organisation
 * `email_domains`, kept in the connection's provider metadata by the connector). A person on both
 * lists (a shared address) counts as staff: a task the business's own people hold is never put on
 * the client.
 */
export interface ClientPeople {
  emails: ReadonlySet<string>;
  names: ReadonlySet<string>;
  staffEmails: ReadonlySet<string>;
  staffNames: ReadonlySet<string>;
  /** The business's own email domains (lower case): an address there is staff. */
  staffDomains: ReadonlySet<string>;
}

export function normalizePersonName(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

export function loadClientPeople(db: Db, clientId: number): ClientPeople {
  const users = db.prepare(`SELECT email, name FROM portal_users WHERE client_id = ? AND status != 'disabled'`).all(clientId) as { email: string | null; name: string | null }[];
  const contacts = db
    .prepare(`SELECT json_extract(data, '$.email') AS email, json_extract(data, '$.fullName') AS name FROM records WHERE client_id = ? AND kind = 'contact' AND deleted = 0`)
    .all(clientId) as { email: string | null; name: string | null }[];
  const staff = db
    .prepare(
      `SELECT json_extract(r.data, '$.email') AS email, json_extract(r.data, '$.name') AS name FROM records r JOIN clients c ON c.workspace_id = r.workspace_id
       WHERE c.id = ? AND r.kind = 'team_member' AND r.deleted = 0`,
    )
    .all(clientId) as { email: string | null; name: string | null }[];
  const domainRows = db
    .prepare(
      `SELECT m.value FROM provider_metadata m JOIN connections k ON k.id = m.connection_id JOIN clients c ON c.workspace_id = k.workspace_id
       WHERE c.id = ? AND m.key = ? AND k.status != 'disconnected'`,
    )
    .all(clientId, STAFF_EMAIL_DOMAINS_METADATA) as { value: string }[];
  const staffDomains = new Set(domainRows.flatMap((row) => (JSON.parse(row.value) as Partial<StaffEmailDomains>).domains ?? []).map((domain) => String(domain).toLowerCase()));
  const emailsOf = (rows: { email: string | null }[]) => new Set(rows.map((r) => r.email?.trim().toLowerCase()).filter((e): e is string => Boolean(e)));
  const namesOf = (rows: { name: string | null }[]) => new Set(rows.map((r) => (r.name ? normalizePersonName(r.name) : '')).filter(Boolean));
  return { emails: emailsOf([...users, ...contacts]), names: namesOf([...users, ...contacts]), staffEmails: emailsOf(staff), staffNames: namesOf(staff), staffDomains };
}

/** Is this assignee one of the client's people (and not the business's)? By email where the provider gives one, else by name. */
export function isClientPerson(people: ClientPeople, assignee: { email: string | null; name: string | null }): boolean {
  const email = assignee.email?.trim().toLowerCase();
  if (email) return people.emails.has(email) && !people.staffEmails.has(email) && !people.staffDomains.has(email.slice(email.lastIndexOf('@') + 1));
  const name = assignee.name ? normalizePersonName(assignee.name) : '';
  return name !== '' && people.names.has(name) && !people.staffNames.has(name);
}
