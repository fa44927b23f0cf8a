import type { Queryable } from '../store.js';
import { preparedQuery } from '../common/prepared-query.js';

/** The names and addresses of one client's portal users who are not disabled. */
export function listClientPortalPeople(q: Queryable, clientId: number): Promise<{ email: string | null; name: string | null }[]> {
  return notDisabled(q, clientId);
}

const notDisabled = preparedQuery((db, clientId: number) => db.selectFrom('portal_users').select(['email', 'name']).where('client_id', '=', clientId).where('status', '!=', 'disabled'));
