import type { RawWebhookRequest, WebhookHandshake } from '../../src/connector-kit/index.js';
import { hookIdFromUrl, parseHookId } from './hook-ids.js';

/**
 * Asana's handshake: the first POST to a new webhook's target carries X-Hook-Secret, while the
 * create call is still waiting; answering 200 with the same header completes it. The secret then
 * signs every delivery of that hook, so the hub keeps it (sealed) under the hook id in the URL.
 */
export function asanaHandshake(request: RawWebhookRequest): WebhookHandshake | null {
  const secret = request.headers['x-hook-secret'];
  if (secret === undefined) return null;
  if (!secret.trim()) return { ok: false, reason: 'X-Hook-Secret is empty' };
  const hookId = hookIdFromUrl(request.url);
  if (!hookId || !parseHookId(hookId)) return { ok: false, reason: 'handshake URL names no hook the hub registers (?hook=...)' };
  return { ok: true, hookId, secret, reply: { status: 200, contentType: 'application/json', body: '{}', headers: { 'X-Hook-Secret': secret } } };
}
