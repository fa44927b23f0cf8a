import type { Queryable } from '../store.js';

/**
 * A CRM contact's portal account (client_admin, invited); returns its id, or undefined when the
 * workspace already has a user with that email (unique per workspace: the existing one is kept).
 */
export async function insertContactUser(
  q: Queryable,
  user: { workspaceId: number; clientId: number; email: string; name: string; contactRecordId: number; invitationWithheldBy: string | null },
  now: number,
): Promise<number | undefined> {
  const row = await q
    .insertInto('portal_users')
    .values({
      workspace_id: user.workspaceId,
      client_id: user.clientId,
      email: user.email,
      name: user.name,
      role: 'client_admin',
      contact_record_id: user.contactRecordId,
      status: 'invited',
      created_at: now,
      invitation_withheld_by: user.invitationWithheldBy,
    })
    .onConflict((oc) => oc.columns(['workspace_id', 'email']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row ? Number(row.id) : undefined;
}
