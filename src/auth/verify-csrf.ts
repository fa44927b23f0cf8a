import { constantTimeEqual } from '../crypto/tokens.js';

/** Whether a submitted form's `_csrf` value is this session's token (compared in constant time). */
export function verifyCsrf(session: { csrfToken: string }, submitted: unknown): boolean {
  return typeof submitted === 'string' && submitted.length > 0 && constantTimeEqual(submitted, session.csrfToken);
}

/**
 * Browsers label every request with Sec-Fetch-Site; a form posted from another site says
 * 'cross-site'. Refusing those stops login CSRF (a page signing the visitor in as someone else)
 * on the sign-in POST, which has no session yet to hold a token. Clients that send no such
 * header (older browsers, scripts) are left to the token and SameSite checks.
 */
export function isCrossSiteRequest(headers: Record<string, string | string[] | undefined>): boolean {
  return headers['sec-fetch-site'] === 'cross-site';
}
