import type { Client } from '@hubspot/api-client';
import { type ConnectorContext, parseRetryAfter, callProvider, type ProviderFailure } from '../../src/connector-kit/index.js';
import { hubspotClient } from './create-hubspot-client.js';

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

/** Reads the SDK's ApiException (code, body, lower-case headers). */
function describeHubSpotFailure(caught: unknown): ProviderFailure {
  const error = caught as SdkError;
  const status = typeof error.code === 'number' ? error.code : undefined;
  const policy = (error.body as { policyName?: string } | undefined)?.policyName;
  return {
    status,
    text: hubspotErrorMessage(error),
    // HubSpot often sends no Retry-After: a secondly limit clears in a second, a daily one does not.
    retryAfterMs: parseRetryAfter(error.headers?.['retry-after']) ?? (policy === 'DAILY' ? 3600_000 : undefined),
    networkMessage: error.message ?? String(caught),
  };
}

/**
 * One SDK call under the engine's rules (src/sync/call-provider.ts): short 429 waits (the secondly
 * and ten-secondly limits, which often name no wait) are waited out in place, the daily one
 * reschedules. The SDK has no timeout setting: the engine's backstop times its calls.
 */
export async function callHubSpot<T>(ctx: ConnectorContext, call: (client: Client) => Promise<T>): Promise<T> {
  return callProvider(ctx, { provider: 'HubSpot', describe: describeHubSpotFailure }, async (timed) => {
    const client = await hubspotClient(ctx);
    return timed(() => call(client));
  });
}
