import type { Queryable } from '../store.js';

/** The names and addresses of one client's portal users who are not disabled. */
export async function listClientPortalPeople(q: Queryable, clientId: number): Promise<{ email: string | null; name: string | null }[]> {
  return q.selectFrom('portal_users').select(['email', 'name']).where('client_id', '=', clientId).where('status', '!=', 'disabled').execute();
}
