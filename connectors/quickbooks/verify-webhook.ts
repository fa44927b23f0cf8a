import { createHmac } from 'node:crypto';
import { type AppConfig, type RawWebhookRequest, type WebhookVerification, constantTimeEqual } from '../../src/connector-kit/index.js';
import { quickbooksSettings } from './settings.js';

/** intuit-signature: base64 HMAC-SHA256 of the raw body, keyed with the app's webhook verifier token. No timestamp is signed. */
export function verifyQuickBooksWebhook(request: RawWebhookRequest, config: AppConfig): WebhookVerification {
  const token = quickbooksSettings.read(config).webhookVerifierToken;
  if (!token) return { ok: false, reason: 'QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN is not configured, so Intuit signatures cannot be verified' };
  const signature = request.headers['intuit-signature'];
  if (!signature) return { ok: false, reason: 'missing intuit-signature header' };
  const expected = createHmac('sha256', token).update(request.rawBody).digest('base64');
  if (!constantTimeEqual(expected, signature)) return { ok: false, reason: 'signature does not match (intuit-signature)' };
  return { ok: true };
}
