import type { Queryable } from '../../src/store/store.js';
import type { Contact } from '../../src/model/unified-model.js';
import { listClientPortalPeople } from '../../src/store/portal-users/list-client-portal-people.js';
import { listClientWorkspacePeople } from '../../src/store/records/list-client-workspace-people.js';
import { listClientRecords } from '../../src/records/client-records.js';
import { listClientStaffDomains } from '../../src/store/connections/list-client-staff-domains.js';

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

export interface Assignee {
  email: string | null;
  name: string | null;
}

/**
 * The client's people and the business's. With `among`, the business's lists (its CRM users, a
 * workspace-wide read, and its domains) are read only when one of these assignees is one of the
 * client's people, the only case where isClientPerson consults them: the answer then holds for
 * those assignees, which is all a caller passing them asks about.
 */
export async function loadClientPeople(q: Queryable, clientId: number, among?: readonly Assignee[]): Promise<ClientPeople> {
  const users = await listClientPortalPeople(q, clientId);
  const contacts = (await listClientRecords(q, clientId, 'contact')).map(({ data }) => personOf((data as Partial<Contact>).email, (data as Partial<Contact>).fullName));
  const emails = emailsOf([...users, ...contacts]);
  const names = namesOf([...users, ...contacts]);
  if (among && !among.some((assignee) => isAmong({ emails, names }, assignee))) return { emails, names, staffEmails: new Set(), staffNames: new Set(), staffDomains: new Set() };
  // The business's own CRM users: team_member records of the client's workspace (they belong to no client).
  const staff = (await listClientWorkspacePeople(q, clientId, 'team_member')).map((row) => personOf(row.email, row.name));
  const staffDomains = await listClientStaffDomains(q, clientId);
  return { emails, names, staffEmails: emailsOf(staff), staffNames: namesOf(staff), staffDomains };
}

const emailsOf = (rows: { email: string | null }[]) => new Set(rows.map((r) => r.email?.trim().toLowerCase()).filter((e): e is string => Boolean(e)));
const namesOf = (rows: { name: string | null }[]) => new Set(rows.map((r) => (r.name ? normalizePersonName(r.name) : '')).filter(Boolean));

function personOf(email: unknown, name: unknown): { email: string | null; name: string | null } {
  return { email: typeof email === 'string' ? email : null, name: typeof name === 'string' ? name : null };
}

/** Is this assignee one of the client's people (and not the business's)? By email where the provider gives one, else by name. */
export function isClientPerson(people: ClientPeople, assignee: Assignee): boolean {
  return isAmong(people, assignee) && !isStaff(people, assignee);
}

/** The assignee's email, trimmed and lower-cased, or their normalised name when there is no email. */
function keyOf(assignee: Assignee): { email: string } | { name: string } {
  const email = assignee.email?.trim().toLowerCase();
  return email ? { email } : { name: assignee.name ? normalizePersonName(assignee.name) : '' };
}

/** The first half of isClientPerson: the assignee is among the client's people (staff or not). */
function isAmong(people: Pick<ClientPeople, 'emails' | 'names'>, assignee: Assignee): boolean {
  const key = keyOf(assignee);
  return 'email' in key ? people.emails.has(key.email) : key.name !== '' && people.names.has(key.name);
}

/** The second half: the business's own person (a CRM user, or at one of its email domains). */
function isStaff(people: ClientPeople, assignee: Assignee): boolean {
  const key = keyOf(assignee);
  if ('email' in key) return people.staffEmails.has(key.email) || people.staffDomains.has(key.email.slice(key.email.lastIndexOf('@') + 1));
  return people.staffNames.has(key.name);
}
