import { providerCalls } from './process-metrics.js';

export type ProviderCallOutcome = 'ok' | 'rate_limited' | 'auth_error' | 'client_error' | 'server_error' | 'network_error';

/** The outcome label of a failed call from its HTTP status (undefined: no answer). */
export function outcomeOfStatus(status: number | undefined): ProviderCallOutcome {
  if (status === undefined) return 'network_error';
  if (status === 429) return 'rate_limited';
  if (status === 401 || status === 403) return 'auth_error';
  return status >= 500 ? 'server_error' : 'client_error';
}

/**
 * Wraps one provider call so that each attempt is counted in clienthub_provider_calls_total.
 * `classify` reads the failure the way the connector does (its describe()); a classifier that
 * throws counts the call as a network error rather than change what the caller sees.
 */
export function countProviderCalls<A extends unknown[], T>(provider: string, call: (...args: A) => Promise<T>, classify: (caught: unknown) => ProviderCallOutcome): (...args: A) => Promise<T> {
  return async (...args: A) => {
    try {
      const result = await call(...args);
      providerCalls.inc({ provider, outcome: 'ok' });
      return result;
    } catch (caught) {
      let outcome: ProviderCallOutcome = 'network_error';
      try {
        outcome = classify(caught);
      } catch {
        // Counted as unanswered; the caller still gets the original failure.
      }
      providerCalls.inc({ provider, outcome });
      throw caught;
    }
  };
}
