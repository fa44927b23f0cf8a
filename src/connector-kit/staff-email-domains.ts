/**
 * The email domains of the business's own staff, as a provider knows them (Asana: the
 * organisation's `email_domains`). A connector stores them in its connection's provider metadata
 * under this key, as `{ domains: string[], fetchedAt: number }`; "Waiting on you" never puts on the
 * client a task or approval assigned to an address at one of them.
 */
export const STAFF_EMAIL_DOMAINS_METADATA = 'staff.emailDomains';

export interface StaffEmailDomains {
  domains: string[];
  fetchedAt: number;
}

/** Public mailbox domains are nobody's organisation: never taken as the business's own, whatever a provider says. */
const PUBLIC_MAIL_DOMAINS = new Set(['gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'yahoo.com', 'icloud.com', 'me.com', 'aol.com', 'proton.me', 'protonmail.com', 'gmx.com', 'gmx.de', 'web.de', 'mail.com', 'yandex.com']);

/** Lower-cased, de-duplicated, well-formed domains without the public mailbox ones. */
export function normalizeStaffDomains(domains: readonly unknown[]): string[] {
  const out = new Set<string>();
  for (const value of domains) {
    if (typeof value !== 'string') continue;
    const domain = value.trim().toLowerCase().replace(/^@/, '');
    if (/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/.test(domain) && !PUBLIC_MAIL_DOMAINS.has(domain)) out.add(domain);
  }
  return [...out].sort();
}
