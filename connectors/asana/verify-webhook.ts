import { createHmac } from 'node:crypto';
import { type AppConfig, type RawWebhookRequest, type WebhookSecretLookup, type WebhookVerification, constantTimeEqual } from '../../src/connector-kit/index.js';
import { hookIdFromUrl } from './hook-ids.js';

/**
 * X-Hook-Signature: hex HMAC-SHA256 of the raw body, keyed with the secret this hook's handshake
 * handed over. Checked over the exact bytes received, in constant time, before anything is parsed.
 * The secret's connection is the delivery's connection.
 */
export function verifyAsanaWebhook(request: RawWebhookRequest, _config: AppConfig, secrets?: WebhookSecretLookup): WebhookVerification {
  const signature = request.headers['x-hook-signature'];
  if (!signature) return { ok: false, reason: 'missing X-Hook-Signature header' };
  const hookId = hookIdFromUrl(request.url);
  if (!hookId) return { ok: false, reason: 'delivery URL names no hook (?hook=...)' };
  const stored = secrets?.(hookId);
  if (!stored) return { ok: false, reason: `no secret is stored for hook "${hookId}" (its handshake never reached the hub)` };
  const expected = createHmac('sha256', stored.secret).update(request.rawBody).digest('hex');
  if (!constantTimeEqual(expected, signature.trim().toLowerCase())) return { ok: false, reason: 'signature does not match (X-Hook-Signature)' };
  return { ok: true, connectionId: stored.connectionId };
}
