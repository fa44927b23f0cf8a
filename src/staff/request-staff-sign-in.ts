import type { AppContext } from '../app/app-context.js';
import { writeTransaction } from '../db/open-database.js';
import { writeAudit } from '../audit/write-audit.js';
import { queueMail } from '../mail/queue-mail.js';
import { reserveAttempt, type AttemptKey } from '../auth/attempt-limits.js';
import { findStaffUserByEmail, staffEmailSchema } from './staff-users.js';
import { createStaffSignInToken, STAFF_LINK_LIFETIME_MS, staffLinkUrl } from './staff-sign-in-links.js';

export type StaffLinkRequest = { outcome: 'queued' | 'ignored' | 'invalid' } | { outcome: 'throttled'; retryAfterMs: number };

/**
 * "Email me a sign-in link": for an active staff member a link is queued in the outbox, for
 * anyone else nothing is sent; the page says the same either way, so the form cannot be used to
 * find out who is staff. Requests are counted like the portal's, per address (known or not) and per
 * IP, before anything else; earlier links stay valid, so asking again cannot lock anyone out. The
 * link is bound to the asking browser through browserHash (see src/auth/link-browser-cookie.ts).
 */
export async function requestStaffSignIn(app: AppContext, input: { email: unknown; ip: string | null; browserHash: string }, now: number): Promise<StaffLinkRequest> {
  const { ip } = input;
  const parsed = staffEmailSchema.safeParse(typeof input.email === 'string' ? input.email : '');
  if (!parsed.success) return { outcome: 'invalid' };
  const keys: AttemptKey[] = [{ rule: 'staffLinkAccount', subject: parsed.data }, ...(ip ? [{ rule: 'staffLinkIp' as const, subject: ip }] : [])];
  // Counted through the store (shared by every process); the rest still runs on the legacy handle
  // until the staff sign-in links move to the store.
  const reservation = await reserveAttempt(app.store, app.keyring.signingKey, keys, now);
  return writeTransaction(app.db, (): StaffLinkRequest => {
    if (!reservation.ok) {
      writeAudit(app.db, { workspaceId: app.workspaceId, actorType: 'staff', action: 'staff.sign_in_link_throttled', ip, details: { email: parsed.data } }, now);
      return { outcome: 'throttled', retryAfterMs: reservation.retryAfterMs };
    }
    for (const key of reservation.exhausted) writeAudit(app.db, { workspaceId: app.workspaceId, actorType: 'staff', action: 'staff.locked_out', ip, details: { rule: key.rule, email: parsed.data } }, now);
    const staff = findStaffUserByEmail(app.db, app.workspaceId, parsed.data);
    if (!staff || staff.status !== 'active') {
      writeAudit(app.db, { workspaceId: app.workspaceId, actorType: 'staff', action: 'staff.sign_in_link_refused', ip, details: { email: parsed.data } }, now);
      return { outcome: 'ignored' };
    }
    const token = createStaffSignInToken(app.db, app.keyring.signingKey, staff.id, now, { browserHash: input.browserHash });
    const link = staffLinkUrl(app.config.publicUrl, token);
    const minutes = STAFF_LINK_LIFETIME_MS / 60_000;
    queueMail(
      app.db,
      {
        workspaceId: app.workspaceId,
        kind: 'staff_sign_in',
        to: staff.email,
        subject: `${app.config.businessName}: your staff console sign-in link`,
        text: [`Hello ${staff.name},`, '', 'Open the staff console with this link:', link, '', `It works once, for ${minutes} minutes. If you did not ask for it, ignore this email.`].join('\n'),
      },
      now,
    );
    writeAudit(app.db, { workspaceId: app.workspaceId, actorType: 'staff', actorId: staff.id, action: 'staff.sign_in_link_sent', subjectType: 'staff_user', subjectId: staff.id, ip }, now);
    return { outcome: 'queued' };
  });
}
