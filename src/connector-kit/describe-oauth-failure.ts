import * as oauth from 'oauth4webapi';
import { AuthError, ProviderError } from '../sync/sync-errors.js';
import { timeoutText } from '../sync/call-provider.js';

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** The provider's answer behind an oauth4webapi error, when there was one. */
function answerOf(caught: unknown): Response | undefined {
  if (caught instanceof oauth.ResponseBodyError || caught instanceof oauth.WWWAuthenticateChallengeError) return caught.response;
  if (caught instanceof oauth.OperationProcessingError && caught.cause instanceof Response) return caught.cause;
  return undefined;
}

async function bodyOf(caught: unknown, answer: Response): Promise<Record<string, unknown>> {
  if (caught instanceof oauth.ResponseBodyError) return caught.cause;
  const raw = answer.bodyUsed ? '' : await answer.text().catch(() => '');
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return raw ? { message: raw.slice(0, 200) } : {};
  }
}

/**
 * A failed token or revocation request in the engine's terms, with the provider's own words
 * (`error`, `error_description`; HubSpot's `status`/`message`). A refused grant or app (4xx:
 * invalid_grant, invalid_client) needs a person: AuthError, not retried. No answer in time, no
 * connection, a 5xx or a 429 may pass: ProviderError, retried.
 */
export async function describeOAuthFailure(provider: string, request: 'token request' | 'revocation', caught: unknown, timeoutMs: number): Promise<ProviderError> {
  if (caught instanceof ProviderError) return caught;
  if (caught instanceof Error && (caught.name === 'TimeoutError' || caught.name === 'AbortError')) return new ProviderError(`${timeoutText(provider, timeoutMs)} (OAuth ${request})`, true);
  const answer = answerOf(caught);
  if (!answer) {
    const cause = (caught as { cause?: { code?: string; message?: string } } | undefined)?.cause;
    if (caught instanceof TypeError && cause) return new ProviderError(`${provider} unreachable: ${cause.code ?? cause.message ?? caught.message} (OAuth ${request})`, true);
    return new ProviderError(`${provider} OAuth ${request}: the answer could not be used (${caught instanceof Error ? caught.message : String(caught)})`, false);
  }
  const body = await bodyOf(caught, answer);
  const code = text(body.error) ?? text(body.status) ?? `HTTP ${answer.status}`;
  const detail = text(body.error_description) ?? text(body.message);
  const named = code.startsWith('HTTP ') ? '' : ` ${code}`;
  const headline = request === 'revocation' ? `${provider} refused the revocation (${answer.status}${named})` : `${provider} token request failed (${code})`;
  const remedy = code === 'invalid_grant' ? ` — the grant was revoked, expired or already used: reconnect ${provider}` : '';
  const message = `${headline}${detail ? `: ${detail}` : ''}${remedy}`;
  const passing = answer.status >= 500 || answer.status === 429 || code === 'temporarily_unavailable' || code === 'server_error';
  return passing ? new ProviderError(message, true, answer.status) : new AuthError(message, answer.status);
}
