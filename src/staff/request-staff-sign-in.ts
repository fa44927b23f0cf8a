import type { AppContext } from '../app/app-context.js';
import { writeTransaction } from '../db/open-database.js';
import { writeAudit } from '../audit/write-audit.js';
import { queueMail } from '../mail/queue-mail.js';
import { findStaffUserByEmail, staffEmailSchema } from './staff-users.js';
import { createStaffSignInToken, STAFF_LINK_LIFETIME_MS, staffLinkUrl } from './staff-sign-in-links.js';

/**
 * "Email me a sign-in link": for an active staff member a link is queued in the outbox, for
 * anyone else nothing is sent; the page says the same either way, so the form cannot be used to
 * find out who is staff. Returns whether the address was valid at all (for the form's message).
 */
export function requestStaffSignIn(app: AppContext, email: unknown, ip: string | null, now: number): 'queued' | 'ignored' | 'invalid' {
  const parsed = staffEmailSchema.safeParse(typeof email === 'string' ? email : '');
  if (!parsed.success) return 'invalid';
  return writeTransaction(app.db, () => {
    const staff = findStaffUserByEmail(app.db, app.workspaceId, parsed.data);
    if (!staff || staff.status !== 'active') {
      writeAudit(app.db, { workspaceId: app.workspaceId, actorType: 'staff', action: 'staff.sign_in_link_refused', ip, details: { email: parsed.data } }, now);
      return 'ignored';
    }
    const token = createStaffSignInToken(app.db, app.keyring.signingKey, staff.id, now);
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
    return 'queued';
  });
}
