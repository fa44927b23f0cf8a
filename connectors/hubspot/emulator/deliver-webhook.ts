import { signHubSpotV3 } from '../testing/sign-hubspot-v3.js';

/**
 * Posts events to a hub the way HubSpot does: a JSON array, signed (v3) over the URL
 * HubSpot was given — the hub's public URL — even when it is reached at another address.
 */
export async function deliverHubSpotWebhook(input: { signedUrl: string; postTo?: string; clientSecret: string; events: unknown[] }): Promise<Response> {
  const body = JSON.stringify(input.events);
  const timestamp = Date.now();
  return fetch(input.postTo ?? input.signedUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-hubspot-signature-v3': signHubSpotV3(input.clientSecret, 'POST', input.signedUrl, body, timestamp),
      'x-hubspot-request-timestamp': String(timestamp),
    },
    body,
  });
}
