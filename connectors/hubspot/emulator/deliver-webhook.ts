import { deliverWebhook } from './sign-webhook.js';

/**
 * Posts events to a hub the way HubSpot does: a JSON array, signed (v3) over the URL
 * HubSpot was given — the hub's public URL — even when it is reached at another address.
 * Kept for existing callers; `deliverWebhook` in sign-webhook.ts is the same with HubSpot's names.
 */
export async function deliverHubSpotWebhook(input: { signedUrl: string; postTo?: string; clientSecret: string; events: unknown[] }): Promise<Response> {
  return deliverWebhook({ targetUrl: input.signedUrl, postTo: input.postTo, clientSecret: input.clientSecret, events: input.events });
}
