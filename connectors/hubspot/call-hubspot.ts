import type { Client } from '@hubspot/api-client';
import type { ConnectorContext } from '../connector.js';
import { AuthError, ProviderError, RateLimitError, parseRetryAfter } from '../../src/sync/sync-errors.js';
import { hubspotClient } from './create-hubspot-client.js';

/** Waits shorter than this are slept through in place; longer ones reschedule the job. */
const MAX_INLINE_WAIT_MS = 10_000;
const MAX_INLINE_RETRIES = 3;

interface SdkError {
  code?: number;
  body?: unknown;
  headers?: Record<string, string>;
  message?: string;
}

/** HubSpot's error text ("You have reached your secondly limit.") is what staff need to see. */
export function hubspotErrorMessage(error: SdkError): string {
  const body = error.body as { message?: string; category?: string } | string | undefined;
  const text = typeof body === 'object' && body?.message ? body.message : typeof body === 'string' && body ? body : error.message;
  const category = typeof body === 'object' && body?.category ? ` (${body.category})` : '';
  return `HubSpot ${error.code ?? 'request failed'}: ${text ?? 'no details'}${category}`;
}

/**
 * Runs one SDK call and turns HubSpot's failures into the engine's errors:
 * 429 waits for Retry-After (briefly in place, otherwise as a RateLimitError the job
 * scheduler honours), 401 refreshes the token once, other 4xx are not retried, 5xx are.
 */
export async function callHubSpot<T>(ctx: ConnectorContext, call: (client: Client) => Promise<T>): Promise<T> {
  let refreshed = false;
  for (let attempt = 0; ; attempt++) {
    const client = await hubspotClient(ctx);
    try {
      return await call(client);
    } catch (caught) {
      const error = caught as SdkError;
      const status = typeof error.code === 'number' ? error.code : undefined;
      if (status === 429) {
        const policy = (error.body as { policyName?: string } | undefined)?.policyName;
        const waitMs = parseRetryAfter(error.headers?.['retry-after']) ?? (policy === 'DAILY' ? 3600_000 : 1_000);
        if (waitMs <= MAX_INLINE_WAIT_MS && attempt < MAX_INLINE_RETRIES) {
          ctx.logger.info('HubSpot rate limit: waiting', { waitMs, policy });
          await ctx.sleep(waitMs);
          continue;
        }
        throw new RateLimitError(hubspotErrorMessage(error), waitMs);
      }
      if (status === 401 && !refreshed) {
        refreshed = true;
        try {
          await ctx.refreshAccessToken();
        } catch (refreshError) {
          // Staff need HubSpot's words, plus why the hub could not recover by itself.
          const why = refreshError instanceof Error ? refreshError.message : String(refreshError);
          throw new AuthError(`${hubspotErrorMessage(error)}; ${why}`, 401);
        }
        continue;
      }
      if (status === 401 || status === 403) throw new AuthError(hubspotErrorMessage(error), status);
      if (status !== undefined && status >= 400 && status < 500) throw new ProviderError(hubspotErrorMessage(error), false, status);
      if (status !== undefined) throw new ProviderError(hubspotErrorMessage(error), true, status);
      // No HTTP status: a network failure (refused, reset, DNS). Worth retrying later.
      throw new ProviderError(`HubSpot unreachable: ${error.message ?? String(caught)}`, true);
    }
  }
}
