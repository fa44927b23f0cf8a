import type { WebhookV2Event } from './pipedrive-emulator-store.js';

/**
 * Delivers one webhooks v2 event as Pipedrive does: a JSON POST carrying the HTTP basic auth
 * credentials the webhook was created with (http_auth_user / http_auth_password).
 */
export function deliverPipedriveWebhook(input: { postTo: string; user: string; password: string; event: WebhookV2Event }): Promise<globalThis.Response> {
  return fetch(input.postTo, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${input.user}:${input.password}`).toString('base64')}`, 'user-agent': 'Pipedrive-Webhooks' },
    body: JSON.stringify(input.event),
  });
}
