import { sql } from 'kysely';
import type { Queryable } from '../store.js';

export interface ColleagueRow {
  userId: number;
  name: string;
  email: string;
  role: string;
  status: string;
  lastSignInAt: number | null;
  invitationWithheldBy: string | null;
  /** When the newest unused invitation link stops working. */
  invitationExpiresAt: number | null;
}

/** A client's people with access (status disabled is not listed), by name without case; or one of them. */
export async function listColleagues(q: Queryable, clientId: number, only?: { userId: number }): Promise<ColleagueRow[]> {
  let query = q
    .selectFrom('portal_users as u')
    .select((eb) => [
      'u.id as userId',
      'u.name',
      'u.email',
      'u.role',
      'u.status',
      'u.last_sign_in_at as lastSignInAt',
      'u.invitation_withheld_by as invitationWithheldBy',
      eb
        .selectFrom('auth_tokens as t')
        .select((e) => e.fn.max('t.expires_at').as('m'))
        .whereRef('t.user_id', '=', 'u.id')
        .where('t.purpose', '=', 'invitation')
        .where('t.used_at', 'is', null)
        .where('t.revoked_at', 'is', null)
        .as('invitationExpiresAt'),
    ])
    .where('u.client_id', '=', clientId)
    .where('u.status', '!=', 'disabled');
  if (only) query = query.where('u.id', '=', only.userId);
  const rows = await query.orderBy(sql`lower(u.name)`).orderBy('u.id').execute();
  return rows.map((row) => ({ ...row, invitationExpiresAt: row.invitationExpiresAt == null ? null : Number(row.invitationExpiresAt) }));
}
