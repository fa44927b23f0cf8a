import type { Connector } from '../connector-kit/connector.js';
import { ProviderError } from './sync-errors.js';
import { summariseErrorText } from './summarise-provider-text.js';

/**
 * The error a failed pull is recorded and retried with, worded for the staff who read it:
 * - an HTML page pasted into the message (a 503 from a load balancer) becomes its status and title;
 * - a TypeError from reading the provider's answer ("response.results is not iterable": a base URL
 *   pointing at a web site that answers 200 with HTML) names the provider, the object and the
 *   setting to check. It stays retryable, as it was: a provider's odd answer may be passing.
 * Errors keep their class (retry decisions depend on it): only the message is rewritten.
 */
export function describePullFailure(connector: Pick<Connector, 'provider' | 'displayName'> & { environment?: Connector['environment'] }, objectType: string, caught: unknown): Error {
  if (!(caught instanceof Error)) return new Error(summariseErrorText(String(caught)));
  // Node's fetch reports an unreachable host as TypeError("fetch failed", { cause }): that is no odd answer.
  if (caught instanceof TypeError && !caught.cause && !/fetch failed|network|socket|ECONN|ENOTFOUND/i.test(caught.message)) {
    // The setting that says where the provider's API is: an answer the hub cannot read usually means it points elsewhere.
    const setting = connector.environment?.baseUrl;
    const described = new ProviderError(
      `${connector.displayName} answered the ${objectType} pull with something the hub cannot read (${summariseErrorText(caught.message)})${setting ? `: check that ${setting} points at ${connector.displayName}'s API, not a web site` : ''}`,
      true,
    );
    described.cause = caught;
    return described;
  }
  caught.message = summariseErrorText(caught.message);
  return caught;
}
