/**
 * A plain "what to do" for a provider's error text. The provider's own words are always shown
 * too (they are what support will ask for); this only says which button or setting fixes it.
 */
export function describeSyncError(providerName: string, error: string | null): string | null {
  if (!error) return null;
  const text = error.toLowerCase();
  if (/invalid_grant|bad_refresh_token|refresh token (expired|was already used|is invalid)|reconnect/.test(text)) return `${providerName} no longer accepts the stored authorisation: reconnect ${providerName} from the Connect page.`;
  if (/\b401\b|unauthori[sz]ed|expired_authentication|invalid_session|invalid api key|authentication/.test(text)) return `${providerName} refused the credentials: reconnect, or paste a new key or token on the Connect page.`;
  if (/\b403\b|forbidden|scope|permission|insufficient/.test(text)) return `The ${providerName} account lacks a permission the hub needs: grant the read scopes listed on the Connect page, then reconnect.`;
  if (/\b429\b|rate limit|too many requests|request_limit_exceeded/.test(text)) return `${providerName}'s request limit was reached. The hub slows down and retries by itself; press Run now later if it stays stuck.`;
  if (/econnrefused|enotfound|etimedout|network|fetch failed|socket/.test(text)) return `The hub could not reach ${providerName}. Check the provider's status page and the configured base URL, then press Run now.`;
  if (/\b5\d\d\b|internal error|service unavailable|bad gateway/.test(text)) return `${providerName} had a server error. It is usually temporary: press Run now in a few minutes.`;
  if (/mapping|invalid|parse/.test(text)) return 'A payload could not be read. See Dead letters for the records involved; replay them after the mapping is fixed.';
  return `Press Run now to try again. If the same error comes back, check the ${providerName} account or contact support with the message above.`;
}
