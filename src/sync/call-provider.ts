import type { ConnectorContext } from '../connector-kit/connector.js';
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

/** How long a 429 may be waited out in place before the job is rescheduled instead. */
export interface RateLimitPolicy {
  /** A named (or backed-off) wait longer than this reschedules the job. */
  maxWaitMs: number;
  /** 429s waited out in place for one call before rescheduling. */
  maxTimes: number;
  /** First wait when the provider names none; doubled for each 429 in a row (1 s, 2 s, 4 s …). */
  backoffMs: number;
}

/**
 * The one policy every connector uses. A minute covers the per-minute windows providers document
 * (Xero, Asana, QuickBooks); longer waits (daily allowances) reschedule the job rather than hold a
 * worker. Short limits are the common case: a 429 in a backfill must not end the run.
 */
export const RATE_LIMIT_POLICY: RateLimitPolicy = { maxWaitMs: 60_000, maxTimes: 5, backoffMs: 1_000 };

/**
 * For a person waiting on the answer (a client downloading an invoice PDF): wait a few seconds at
 * most, then say "busy, try again" rather than keep the page spinning.
 */
export const INTERACTIVE_RATE_LIMIT_POLICY: RateLimitPolicy = { maxWaitMs: 5_000, maxTimes: 2, backoffMs: 1_000 };

export interface CallProviderOptions {
  provider: string;
  describe(caught: unknown): ProviderFailure;
  /** Overrides RATE_LIMIT_POLICY; only where the provider documents something else, or a person is waiting. */
  rateLimit?: Partial<RateLimitPolicy>;
  /** Whether a 401 is worth one token refresh and retry (false where the SDK already refreshed). */
  refreshOn401?: boolean;
}

/** Thrown by the backstop when a call outlives CLIENTHUB_PROVIDER_TIMEOUT_MS. */
class ProviderTimeout extends Error {}

/** Runs the network part of an attempt under the provider timeout (pacing waits before it are not timed). */
export type TimedCall = <U>(call: () => Promise<U>) => Promise<U>;

/**
 * The provider timeout as a backstop. Each SDK gets the same timeout through its own option where
 * it has one (that one also closes the socket); this catches the SDKs without one, and anything
 * that waits outside the socket (a stuck redirect, a body that never ends), so a hung provider
 * becomes a retryable failure instead of a job that never ends.
 */
async function withTimeout<T>(timeoutMs: number, attempt: () => Promise<T>): Promise<T> {
  if (!(timeoutMs > 0)) return attempt();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProviderTimeout()), timeoutMs);
  });
  try {
    return await Promise.race([attempt(), expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** "did not answer within 30 s": the words staff read for a timeout, whichever layer noticed it. */
export function timeoutText(provider: string, timeoutMs: number): string {
  return `${provider} did not answer within ${Math.round(timeoutMs / 100) / 10} s`;
}

/** The `event` field of the log line a wait in place writes: what `clienthub sync` counts instead of printing. */
export const RATE_LIMIT_WAIT_EVENT = 'rate_limit_wait';

/**
 * One provider call with the engine's rules, the same for every connector: 401 refreshes the
 * token once and retries (a refresh that fails says why, after the provider's words); 401/403
 * after that need a person; 429 waits for Retry-After, or backs off exponentially when the
 * provider names no wait, in place while the wait is short (RATE_LIMIT_POLICY), otherwise as a
 * RateLimitError the job scheduler honours; other 4xx are not retried; 5xx, unanswered requests
 * and calls that outlive the provider timeout are. `attempt` runs its SDK call through `timed`,
 * after any pacing wait, so only the provider's own time counts against the timeout.
 */
export async function callProvider<T>(ctx: ConnectorContext, options: CallProviderOptions, attempt: (timed: TimedCall) => Promise<T>): Promise<T> {
  const policy = { ...RATE_LIMIT_POLICY, ...options.rateLimit };
  const timeoutMs = ctx.config.providerTimeoutMs;
  const timed: TimedCall = (call) => withTimeout(timeoutMs, call);
  // clienthub_provider_calls_total: every attempt, labelled with the outcome the connector reads from it.
  const counted = countProviderCalls(options.provider.toLowerCase(), attempt, (caught) => outcomeOfStatus(caught instanceof ProviderTimeout ? undefined : options.describe(caught).status));
  let refreshed = false;
  for (let waitedInPlace = 0; ; ) {
    try {
      return await counted(timed);
    } catch (caught) {
      // A bug in our own code is not an unreachable provider: retrying it would only hide it.
      if (caught instanceof ReferenceError || caught instanceof SyntaxError) throw caught;
      if (caught instanceof ProviderTimeout) throw new ProviderError(timeoutText(options.provider, timeoutMs), true);
      const failure = options.describe(caught);
      const { status, text } = failure;
      if (status === 429) {
        const waitMs = failure.retryAfterMs ?? policy.backoffMs * 2 ** waitedInPlace;
        if (waitMs <= policy.maxWaitMs && waitedInPlace < policy.maxTimes) {
          waitedInPlace++;
          ctx.logger.info(`${options.provider} rate limit: waiting in place`, { event: RATE_LIMIT_WAIT_EVENT, waitMs, named: failure.retryAfterMs !== undefined });
          await ctx.sleep(waitMs);
          continue;
        }
        throw new RateLimitError(text, waitMs);
      }
      if (status === 401 && !refreshed && options.refreshOn401 !== false) {
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
      const networkMessage = failure.networkMessage ?? text;
      // The SDK's own timeout (same setting) fired before the backstop: the same words for staff.
      if (/timed? ?out|ETIMEDOUT|ECONNABORTED/i.test(networkMessage)) throw new ProviderError(`${timeoutText(options.provider, timeoutMs)} (${networkMessage})`, true);
      throw new ProviderError(`${options.provider} unreachable: ${networkMessage}`, true);
    }
  }
}
