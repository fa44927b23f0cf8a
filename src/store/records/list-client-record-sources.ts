import type { Queryable } from '../store.js';

/** Which connections hold this client's live records of which of the given kinds (each pair once). */
export async function listClientRecordSources(q: Queryable, clientId: number, kinds: readonly string[]): Promise<{ connectionId: number; kind: string }[]> {
  if (kinds.length === 0) return [];
  return q
    .selectFrom('records')
    .select(['connection_id as connectionId', 'kind'])
    .distinct()
    .where('client_id', '=', clientId)
    .where('deleted', '=', 0)
    .where('kind', 'in', kinds)
    .execute();
}
