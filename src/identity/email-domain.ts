/** The domain of an email address, lower-cased; null when it is not an address. */
export function domainOfEmail(email: string | null | undefined): string | null {
  const match = /^[^@\s]+@([^@\s]+\.[^@\s]+)$/.exec((email ?? '').trim().toLowerCase());
  return match ? match[1]!.replace(/\.$/, '') : null;
}

/** The registrable-looking host of a website or bare domain ("https://www.Acme.com/about" → "acme.com"). */
export function domainOfWebsite(value: string | null | undefined): string | null {
  const text = (value ?? '').trim().toLowerCase();
  if (!text) return null;
  let host: string;
  try {
    host = new URL(/^[a-z][a-z0-9+.-]*:\/\//.test(text) ? text : `https://${text}`).hostname;
  } catch {
    return null;
  }
  host = host.replace(/^www\d?\./, '').replace(/\.$/, '');
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(host) ? host : null;
}
