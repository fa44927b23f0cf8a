import type { Updateable } from 'kysely';
import type { PortalUsers } from '../schema.js';
import type { Queryable } from '../store.js';

export type PortalUserChange = Pick<Updateable<PortalUsers>, 'status' | 'name' | 'role' | 'invitation_withheld_by' | 'password_hash' | 'password_changed_at' | 'last_sign_in_at'>;

/**
 * Changes a portal user; `only` narrows it to a row in that state (its client, its status, the
 * password hash it had), for changes that must not overwrite someone else's. Returns whether it changed.
 */
export async function updatePortalUser(
  q: Queryable,
  userId: number,
  change: PortalUserChange,
  only: { clientId?: number; status?: string; passwordHash?: string } = {},
): Promise<boolean> {
  let query = q.updateTable('portal_users').set(change).where('id', '=', userId);
  if (only.clientId !== undefined) query = query.where('client_id', '=', only.clientId);
  if (only.status !== undefined) query = query.where('status', '=', only.status);
  if (only.passwordHash !== undefined) query = query.where('password_hash', '=', only.passwordHash);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
