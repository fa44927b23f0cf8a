import { createHmac } from 'node:crypto';
import type { HubSpotWebhookEvent } from './webhook-events.js';

export interface WebhookSignatureInput {
  /** The app's client secret. */
  clientSecret: string;
  method: string;
  /** The full URL HubSpot was configured to call (what the receiver must reconstruct). */
  uri: string;
  /** The raw request body, exactly as sent. */
  body: string;
  /** Epoch milliseconds, also sent as X-HubSpot-Request-Timestamp. */
  timestamp: number;
}

/** HubSpot's v3 signature: base64(HMAC-SHA256(clientSecret, method + uri + body + timestamp)). */
export function signWebhookV3(input: WebhookSignatureInput): string {
  return createHmac('sha256', input.clientSecret).update(`${input.method}${input.uri}${input.body}${input.timestamp}`).digest('base64');
}

export interface DeliverWebhookInput {
  /** The URL HubSpot calls, and the one signed. */
  targetUrl: string;
  /**
   * Where to actually send the request, when the hub is reached at another address than its
   * public URL (a local socket behind PUBLIC_URL). The signature still covers `targetUrl`.
   */
  postTo?: string;
  clientSecret: string;
  events: readonly HubSpotWebhookEvent[] | readonly unknown[];
  /** Defaults to now: receivers reject timestamps older than five minutes. */
  timestamp?: number;
}

/** POSTs a batch of thin events to a hub the way HubSpot does: a JSON array, signed with v3. */
export async function deliverWebhook(input: DeliverWebhookInput): Promise<Response> {
  const body = JSON.stringify(input.events);
  const timestamp = input.timestamp ?? Date.now();
  return fetch(input.postTo ?? input.targetUrl, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'X-HubSpot-Signature-v3': signWebhookV3({ clientSecret: input.clientSecret, method: 'POST', uri: input.targetUrl, body, timestamp }),
      'X-HubSpot-Request-Timestamp': String(timestamp),
    },
    body,
  });
}
