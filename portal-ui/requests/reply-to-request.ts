import type { AppContext } from '../../src/app/app-context.js';
import type { PortalSession } from '../../src/auth/read-session.js';
import { reserveAttempt } from '../../src/auth/attempt-limits.js';
import { queuePortalAction } from '../../src/outbox/queue-portal-action.js';
import { findPortalActionByKey } from '../../src/store/portal-actions/find-portal-action-by-key.js';
import { validateReplyForm } from './validate-request-form.js';

export type ReplyOutcome =
  | { ok: true }
  | { ok: false; reason: 'invalid'; body: string; error: string; expired: boolean }
  | { ok: false; reason: 'throttled'; retryAfterMs: number; body: string }
  | { ok: false; reason: 'unavailable' };

/**
 * A client replies on one of their requests: checked, counted against the same hourly allowance as
 * new requests, and stored in the outbox (a public CaseComment, an email on the ticket). A request of
 * another client, or one whose CRM cannot take replies, is unavailable (the portal's one 404).
 */
export async function replyToRequest(app: AppContext, session: PortalSession, recordId: number, form: Record<string, unknown>, ip: string | null, now: number): Promise<ReplyOutcome> {
  const check = validateReplyForm(form);
  if (!check.ok) return { ok: false, reason: 'invalid', body: check.body, error: check.error, expired: check.expired };
  const known = await findPortalActionByKey(app.store.db, check.key);
  if (known && known.clientId === session.clientId) return { ok: true };
  const reservation = await reserveAttempt(app.store, app.keyring.signingKey, [{ rule: 'portalActionsUser', subject: `portal_user:${session.userId}` }], now);
  if (!reservation.ok) return { ok: false, reason: 'throttled', retryAfterMs: reservation.retryAfterMs, body: check.body };
  const queued = await queuePortalAction(app, {
    clientId: session.clientId,
    user: { id: session.userId, name: session.name, email: session.email, contactRecordId: null },
    operation: 'addRequestMessage',
    idempotencyKey: check.key,
    fields: { body: check.body },
    anchorRecordId: recordId,
    ip,
  });
  return queued.ok ? { ok: true } : { ok: false, reason: 'unavailable' };
}
