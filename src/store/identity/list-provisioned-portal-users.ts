import type { Queryable } from '../store.js';

/** Signed-in portal users of the workspace made from a CRM contact: the only users that may be evidence. */
export async function listProvisionedPortalUsers(q: Queryable, workspaceId: number): Promise<{ email: string; client_id: number; contact_record_id: number }[]> {
  const rows = await q
    .selectFrom('portal_users')
    .select(['email', 'client_id', 'contact_record_id'])
    .where('workspace_id', '=', workspaceId)
    .where('status', '=', 'active')
    .where('contact_record_id', 'is not', null)
    .orderBy('id')
    .execute();
  return rows as { email: string; client_id: number; contact_record_id: number }[];
}
