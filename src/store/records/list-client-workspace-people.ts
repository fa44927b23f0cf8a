import type { Queryable } from '../store.js';
import { preparedQuery } from '../common/prepared-query.js';

/**
 * The people among the live records of one kind held for the workspace the client belongs to,
 * whichever client (if any) they are linked to: the business's own CRM users (team_member), which
 * belong to no client. Only the client's own workspace is read. Their address and name come from the
 * generated columns (migration 20): every dashboard asks, and a business has many CRM users whose
 * JSON need not be read and parsed for two fields.
 */
export function listClientWorkspacePeople(q: Queryable, clientId: number, kind: string): Promise<{ id: number; email: string | null; name: string | null }[]> {
  return ofClientWorkspace(q, clientId, kind);
}

const ofClientWorkspace = preparedQuery((db, clientId: number, kind: string) =>
  db
    .selectFrom('records as r')
    .innerJoin('clients as c', 'c.workspace_id', 'r.workspace_id')
    .select(['r.id', 'r.email', 'r.display_name as name'])
    .where('c.id', '=', clientId)
    .where('r.kind', '=', kind)
    .where('r.deleted', '=', 0)
    .orderBy('r.id'),
);
