import type { Queryable } from '../store.js';
import { preparedPerShape } from '../common/prepared-query.js';

/** Which connections hold this client's live records of which of the given kinds (each pair once). */
export async function listClientRecordSources(q: Queryable, clientId: number, kinds: readonly string[]): Promise<{ connectionId: number; kind: string }[]> {
  if (kinds.length === 0) return [];
  return ofKinds(kinds)(q, clientId);
}

// Per list of kinds: the portal pages' constants (PAGE_KINDS).
const ofKinds = preparedPerShape(
  (kinds: readonly string[]) => (db, clientId: number) =>
    db.selectFrom('records').select(['connection_id as connectionId', 'kind']).distinct().where('client_id', '=', clientId).where('deleted', '=', 0).where('kind', 'in', [...kinds]),
  (kinds) => kinds.join(','),
);
