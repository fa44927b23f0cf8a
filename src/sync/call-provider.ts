import type { ConnectorContext } from '../../connectors/connector.js';
import { AuthError, ProviderError, RateLimitError } from './sync-errors.js';
import { countProviderCalls, outcomeOfStatus } from '../metrics/count-provider-calls.js';

/** What a connector reads out of its SDK's failure. */
export interface ProviderFailure {
  /** HTTP status; undefined when the request never got an answer (or the SDK hid it). */
  status?: number;
  /** The provider's own words, prefixed with its name: what staff will read. */
  text: string;
  /** For 429s: how long the provider asked to wait. */
  retryAfterMs?: number;
  /** An error the provider answered without an HTTP error status (a Fault in a 200): not retried. */
  answered?: boolean;
  /** For failures with no answer: the network error, shown as "<provider> unreachable: …". */
  networkMessage?: string;
}

export interface CallProviderOptions {
  provider: string;
  describe(caught: unknown): ProviderFailure;
  /** Wait for a 429 without this default when the provider names none. */
  defaultRetryAfterMs: number;
  /** Short waits a 429 may be slept through in place before the job is rescheduled instead. */
  inlineRateLimit?: { maxWaitMs: number; maxTimes: number };
}

/**
 * One provider call with the engine's rules, the same for every connector: 401 refreshes the
 * token once and retries (a refresh that fails says why, after the provider's words); 401/403
 * after that need a person; 429 waits for Retry-After (in place when short and allowed,
 * otherwise as a RateLimitError the job scheduler honours); other 4xx are not retried; 5xx and
 * unanswered requests are.
 */
export async function callProvider<T>(ctx: ConnectorContext, options: CallProviderOptions, attempt: () => Promise<T>): Promise<T> {
  attempt = countProviderCalls(options.provider.toLowerCase(), attempt, (caught) => outcomeOfStatus(options.describe(caught).status)); // clienthub_provider_calls_total
  let refreshed = false;
  for (let waitedInPlace = 0; ; ) {
    try {
      return await attempt();
    } catch (caught) {
      // A bug in our own code is not an unreachable provider: retrying it would only hide it.
      if (caught instanceof ReferenceError || caught instanceof SyntaxError) throw caught;
      const failure = options.describe(caught);
      const { status, text } = failure;
      if (status === 429) {
        const waitMs = failure.retryAfterMs ?? options.defaultRetryAfterMs;
        const inline = options.inlineRateLimit;
        if (inline && waitMs <= inline.maxWaitMs && waitedInPlace < inline.maxTimes) {
          waitedInPlace++;
          ctx.logger.info(`${options.provider} rate limit: waiting`, { waitMs });
          await ctx.sleep(waitMs);
          continue;
        }
        throw new RateLimitError(text, waitMs);
      }
      if (status === 401 && !refreshed) {
        refreshed = true;
        try {
          await ctx.refreshAccessToken();
        } catch (refreshError) {
          throw new AuthError(`${text}; ${refreshError instanceof Error ? refreshError.message : String(refreshError)}`, 401);
        }
        continue;
      }
      if (status === 401 || status === 403) throw new AuthError(text, status);
      if (status !== undefined && status >= 500) throw new ProviderError(text, true, status);
      if (status !== undefined || failure.answered) throw new ProviderError(text, false, status);
      throw new ProviderError(`${options.provider} unreachable: ${failure.networkMessage ?? text}`, true);
    }
  }
}
