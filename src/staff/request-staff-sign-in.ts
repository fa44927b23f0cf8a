import type { AppContext } from '../app/app-context.js';
import { insertAuditEntry } from '../store/audit/insert-audit-entry.js';
import { insertOutboxMessage } from '../store/mail/insert-outbox-message.js';
import { findStaffUserByEmail } from '../store/staff/find-staff-user-by-email.js';
import { reserveAttempt, type AttemptKey } from '../auth/attempt-limits.js';
import { staffEmailSchema } from './staff-users.js';
import { createStaffSignInToken, STAFF_LINK_LIFETIME_MS, staffLinkUrl } from './staff-sign-in-links.js';

export type StaffLinkRequest = { outcome: 'queued' | 'ignored' | 'invalid' } | { outcome: 'throttled'; retryAfterMs: number };

/**
 * "Email me a sign-in link": for an active staff member a link is queued in the outbox, for
 * anyone else nothing is sent; the page says the same either way, so the form cannot be used to
 * find out who is staff. Requests are counted like the portal's, per address (known or not) and per
 * IP, before anything else; earlier links stay valid, so asking again cannot lock anyone out. The
 * link is bound to the asking browser through browserHash (see src/auth/link-browser-cookie.ts).
 * The count, the link, its email and the audit rows commit together.
 */
export async function requestStaffSignIn(app: AppContext, input: { email: unknown; ip: string | null; browserHash: string }, now: number): Promise<StaffLinkRequest> {
  const { ip } = input;
  const parsed = staffEmailSchema.safeParse(typeof input.email === 'string' ? input.email : '');
  if (!parsed.success) return { outcome: 'invalid' };
  const email = parsed.data;
  const keys: AttemptKey[] = [{ rule: 'staffLinkAccount', subject: email }, ...(ip ? [{ rule: 'staffLinkIp' as const, subject: ip }] : [])];
  return app.store.transaction(async (tx): Promise<StaffLinkRequest> => {
    const reservation = await reserveAttempt(tx, app.keyring.signingKey, keys, now);
    if (!reservation.ok) {
      await insertAuditEntry(tx, { workspaceId: app.workspaceId, actorType: 'staff', action: 'staff.sign_in_link_throttled', ip, details: { email } }, now);
      return { outcome: 'throttled', retryAfterMs: reservation.retryAfterMs };
    }
    for (const key of reservation.exhausted) await insertAuditEntry(tx, { workspaceId: app.workspaceId, actorType: 'staff', action: 'staff.locked_out', ip, details: { rule: key.rule, email } }, now);
    const staff = await findStaffUserByEmail(tx, app.workspaceId, email);
    if (!staff || staff.status !== 'active') {
      await insertAuditEntry(tx, { workspaceId: app.workspaceId, actorType: 'staff', action: 'staff.sign_in_link_refused', ip, details: { email } }, now);
      return { outcome: 'ignored' };
    }
    const token = await createStaffSignInToken(tx, app.keyring.signingKey, staff.id, now, { browserHash: input.browserHash });
    const link = staffLinkUrl(app.config.publicUrl, token);
    const minutes = STAFF_LINK_LIFETIME_MS / 60_000;
    await insertOutboxMessage(
      tx,
      {
        workspaceId: app.workspaceId,
        kind: 'staff_sign_in',
        to: staff.email,
        subject: `${app.config.businessName}: your staff console sign-in link`,
        text: [`Hello ${staff.name},`, '', 'Open the staff console with this link:', link, '', `It works once, for ${minutes} minutes. If you did not ask for it, ignore this email.`].join('\n'),
      },
      now,
    );
    await insertAuditEntry(tx, { workspaceId: app.workspaceId, actorType: 'staff', actorId: staff.id, action: 'staff.sign_in_link_sent', subjectType: 'staff_user', subjectId: staff.id, ip }, now);
    return { outcome: 'queued' };
  });
}
