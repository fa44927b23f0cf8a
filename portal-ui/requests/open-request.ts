import type { AppContext } from '../../src/app/app-context.js';
import type { PortalSession } from '../../src/auth/read-session.js';
import { reserveAttempt } from '../../src/auth/attempt-limits.js';
import { queuePortalAction } from '../../src/outbox/queue-portal-action.js';
import { findPortalActionByKey } from '../../src/store/portal-actions/find-portal-action-by-key.js';
import { validateRequestForm, type RequestFormValues } from './validate-request-form.js';
import { findUserContactRecordId } from '../../src/store/portal-users/find-user-contact-record-id.js';

export type OpenRequestOutcome =
  | { ok: true }
  | { ok: false; reason: 'invalid'; values: RequestFormValues; errors: Partial<Record<'subject' | 'description' | 'category' | 'form', string>> }
  | { ok: false; reason: 'throttled'; retryAfterMs: number; values: RequestFormValues }
  | { ok: false; reason: 'unavailable' };

/**
 * A client opens a request: checked (plain text, limits), counted against the user's allowance
 * (portalActionsUser), then stored in the outbox with its audit row. The same form sent twice (a
 * double click, a retry after a lost answer) is one request and is not counted again.
 */
export async function openRequest(app: AppContext, session: PortalSession, body: Record<string, unknown>, ip: string | null, now: number): Promise<OpenRequestOutcome> {
  const check = validateRequestForm(body);
  if (!check.ok) return { ok: false, reason: 'invalid', values: check.values, errors: check.errors };
  const { subject, description, category, key } = check.values;
  const known = await findPortalActionByKey(app.store.db, key);
  if (known && known.clientId === session.clientId) return { ok: true };
  const reservation = await reserveAttempt(app.store, app.keyring.signingKey, [{ rule: 'portalActionsUser', subject: `portal_user:${session.userId}` }], now);
  if (!reservation.ok) return { ok: false, reason: 'throttled', retryAfterMs: reservation.retryAfterMs, values: { subject, description, category: category ?? '', key } };
  const contactRecordId = await findUserContactRecordId(app.store.db, session.userId);
  const queued = await queuePortalAction(app, {
    clientId: session.clientId,
    user: { id: session.userId, name: session.name, email: session.email, contactRecordId },
    operation: 'createRequest',
    idempotencyKey: key,
    fields: { subject, description, category },
    ip,
  });
  return queued.ok ? { ok: true } : { ok: false, reason: 'unavailable' };
}
