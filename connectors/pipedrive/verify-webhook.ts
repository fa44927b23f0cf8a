import { createHash } from 'node:crypto';
import { constantTimeEqual, type AppConfig, type RawWebhookRequest, type WebhookVerification } from '../../src/connector-kit/index.js';
import { pipedriveSettings } from './settings.js';

/** Equal-length digests, so the comparison takes the same time whatever the lengths sent. */
const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest('base64');

/**
 * Pipedrive does not sign webhooks: a webhook (v2) is created with HTTP basic auth credentials
 * (http_auth_user / http_auth_password), which Pipedrive sends with every delivery. They are
 * compared in constant time, user and password both, before the body is read.
 */
export function verifyPipedriveWebhook(request: RawWebhookRequest, config: AppConfig): WebhookVerification {
  const { webhookUser, webhookPassword } = pipedriveSettings.read(config);
  if (!webhookUser || !webhookPassword) {
    return { ok: false, reason: 'PIPEDRIVE_WEBHOOK_USER and PIPEDRIVE_WEBHOOK_PASSWORD are not configured, so Pipedrive deliveries cannot be verified' };
  }
  const header = request.headers.authorization;
  const match = header ? /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header) : null;
  if (!match) return { ok: false, reason: 'missing HTTP basic auth (Authorization: Basic …) header' };
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return { ok: false, reason: 'malformed HTTP basic auth credentials' };
  const userMatches = constantTimeEqual(digest(decoded.slice(0, colon)), digest(webhookUser));
  const passwordMatches = constantTimeEqual(digest(decoded.slice(colon + 1)), digest(webhookPassword));
  if (!(userMatches && passwordMatches)) return { ok: false, reason: 'HTTP basic auth credentials do not match PIPEDRIVE_WEBHOOK_USER / PIPEDRIVE_WEBHOOK_PASSWORD' };
  return { ok: true };
}
