import type { AppContext } from '../../src/app/app-context.js';
import type { PortalSession } from '../../src/auth/read-session.js';
import { reserveAttempt } from '../../src/auth/attempt-limits.js';
import { queuePortalAction } from '../../src/outbox/queue-portal-action.js';
import { canUseMessages } from '../../src/portal-access/portal-permissions.js';
import { findClientRecord } from '../../src/records/client-records.js';
import { findUserContactRecordId } from '../../src/store/portal-users/find-user-contact-record-id.js';
import { findPortalActionByKey } from '../../src/store/portal-actions/find-portal-action-by-key.js';

export const MESSAGE_MAX = 4_000;

export type PostOutcome =
  | { ok: true }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'invalid'; message: string }
  | { ok: false; reason: 'throttled'; retryAfterMs: number }
  | { ok: false; reason: 'unavailable' };

/**
 * A client's message on a project's conversation, checked and handed to the outbox. Only a role that
 * sees messages, on the client's own project; plain text up to MESSAGE_MAX characters (control
 * characters other than line breaks and tabs dropped); the user's allowance for portal actions (ATTEMPT_RULES.portalActionsUser, shared
 * with requests and replies). Stored and sent as plain text: the connector posts Asana's `text`, pages escape it.
 */
export async function postMessage(app: AppContext, session: PortalSession, projectRecordId: number, body: Record<string, unknown>, ip: string | null, now: number): Promise<PostOutcome> {
  if (!canUseMessages(session.role, app.config.portal.billingMessages)) return { ok: false, reason: 'not_found' };
  const project = await findClientRecord(app.store.db, session.clientId, 'project', projectRecordId);
  if (!project) return { ok: false, reason: 'not_found' };
  // eslint-disable-next-line no-control-regex -- control characters are what is being removed
  const text = String(body.body ?? '').replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').trim();
  if (text === '') return { ok: false, reason: 'invalid', message: 'Write a message first.' };
  if (text.length > MESSAGE_MAX) return { ok: false, reason: 'invalid', message: `Keep the message under ${MESSAGE_MAX} characters (it has ${text.length}).` };
  const key = String(body.key ?? '');
  if (!/^[A-Za-z0-9-]{16,64}$/.test(key)) return { ok: false, reason: 'invalid', message: 'This form has expired; open the conversation again.' };
  const idempotencyKey = `message:${session.clientId}:${key}`;
  // The same form sent twice is one message, and does not count against the allowance.
  const repeat = (await findPortalActionByKey(app.store.db, idempotencyKey))?.clientId === session.clientId;
  if (!repeat) {
    const reservation = await reserveAttempt(app.store, app.keyring.signingKey, [{ rule: 'portalActionsUser', subject: `portal_user:${session.userId}` }], now);
    if (!reservation.ok) return { ok: false, reason: 'throttled', retryAfterMs: reservation.retryAfterMs };
  }
  const contactRecordId = await findUserContactRecordId(app.store.db, session.userId);
  const queued = await queuePortalAction(app, {
    clientId: session.clientId,
    user: { id: session.userId, name: session.name, email: session.email, contactRecordId },
    operation: 'addConversationComment',
    idempotencyKey,
    fields: { body: text },
    anchorRecordId: project.id,
    ip,
  });
  return queued.ok ? { ok: true } : { ok: false, reason: 'unavailable' };
}
