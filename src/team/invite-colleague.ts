import { z } from 'zod';
import type { AppContext } from '../app/app-context.js';
import type { Queryable } from '../store/store.js';
import { insertAuditEntry } from '../store/audit/insert-audit-entry.js';
import { findPortalUser } from '../store/auth/find-portal-user.js';
import { updatePortalUser } from '../store/auth/update-portal-user.js';
import { findUserByEmail } from '../store/team/find-user-by-email.js';
import { insertInvitedUser } from '../store/team/insert-invited-user.js';
import { isPortalRole, type PortalRole } from '../portal-access/portal-permissions.js';
import { queueInvitation } from './queue-invitation.js';
import type { ActingUser } from './acting-user.js';
import { reserveInvitation } from './invitation-limit.js';

export interface InviteForm {
  email: string;
  name: string;
  role: string;
}

export type InviteResult =
  | { ok: true; userId: number }
  | { ok: false; reason: 'invalid'; errors: Partial<Record<keyof InviteForm, string>> }
  /** This person already has access (or a pending invitation) here. */
  | { ok: false; reason: 'already_here' }
  /** The address belongs to someone of another client: refused, answered like a sent invitation. */
  | { ok: false; reason: 'unavailable' }
  /** The admin's hourly allowance of invitations is used up. */
  | { ok: false; reason: 'throttled'; retryAfterMs: number };

const emailSchema = z.string().trim().toLowerCase().max(254).pipe(z.email());
const nameSchema = z.string().trim().min(1).max(120);

/** Validates the invite form: what the admin typed, with a message per field that is wrong. */
export function parseInviteForm(body: Record<string, unknown>): { ok: true; value: { email: string; name: string; role: PortalRole } } | { ok: false; errors: Partial<Record<keyof InviteForm, string>> } {
  const errors: Partial<Record<keyof InviteForm, string>> = {};
  const email = emailSchema.safeParse(body.email ?? '');
  const name = nameSchema.safeParse(body.name ?? '');
  if (!email.success) errors.email = 'Enter an email address, like name@example.com.';
  if (!name.success) errors.name = 'Enter the person’s name (up to 120 characters).';
  if (!isPortalRole(body.role)) errors.role = 'Choose a role.';
  if (!email.success || !name.success || !isPortalRole(body.role)) return { ok: false, errors };
  return { ok: true, value: { email: email.data, name: name.data, role: body.role } };
}

/** The inviting admin's own address, for the email to name them (staff acting from the console: none). */
export async function inviterEmail(q: Queryable, actor: ActingUser): Promise<string | undefined> {
  if (actor.actorType === 'staff') return undefined;
  return (await findPortalUser(q, actor.userId))?.email;
}

/**
 * A client admin invites a colleague: a portal user of the admin's own client, status invited, with a
 * single-use link valid 7 days mailed through the outbox, and an audit row, all in one transaction.
 * Someone removed earlier from this client can be invited again (same row, new role and link).
 * Each attempt counts against the admin's allowance (see reserveInvitation).
 */
export async function inviteColleague(app: AppContext, actor: ActingUser, form: Record<string, unknown>, now: number): Promise<InviteResult> {
  const parsed = parseInviteForm(form);
  if (!parsed.ok) return { ok: false, reason: 'invalid', errors: parsed.errors };
  const { email, name, role } = parsed.value;
  return app.store.transaction(async (tx): Promise<InviteResult> => {
    const reservation = await reserveInvitation(app, actor, now, tx);
    if (!reservation.ok) return { ok: false, reason: 'throttled', retryAfterMs: reservation.retryAfterMs };
    const existing = await findUserByEmail(tx, actor.workspaceId, email);
    const audit = (action: string, userId: number | null, details: Record<string, unknown>) =>
      insertAuditEntry(tx, { workspaceId: actor.workspaceId, actorType: 'portal_user', actorId: actor.userId, action, subjectType: userId == null ? undefined : 'portal_user', subjectId: userId ?? undefined, clientId: actor.clientId, ip: actor.ip, details }, now);
    if (existing && existing.clientId !== actor.clientId) {
      // Saying "this person is another client's" would tell one client about another's people.
      await audit('portal_user.invite_refused', null, { email, reason: 'other_client' });
      return { ok: false, reason: 'unavailable' };
    }
    if (existing && existing.status !== 'disabled') return { ok: false, reason: 'already_here' };
    let userId: number;
    if (existing) {
      // Invited by a colleague now: any invitation provisioning held back (CRM email opt-out) is no longer held.
      await updatePortalUser(tx, existing.id, { status: 'invited', name, role, invitation_withheld_by: null });
      userId = existing.id;
    } else {
      userId = await insertInvitedUser(tx, { workspaceId: actor.workspaceId, clientId: actor.clientId, email, name, role }, now);
    }
    await queueInvitation(app, tx, { userId, clientId: actor.clientId, workspaceId: actor.workspaceId, email }, now, await inviterEmail(tx, actor));
    await audit('portal_user.invited', userId, { email, role, reinvited: Boolean(existing) });
    return { ok: true, userId };
  });
}
