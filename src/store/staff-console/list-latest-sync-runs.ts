import type { Selectable } from 'kysely';
import type { SyncRuns } from '../schema.js';
import type { Queryable } from '../store.js';

export type SyncRunRow = Selectable<SyncRuns>;

/**
 * The newest run of each object type of a connection (with `finishedOnly`, the newest that is not
 * running), keyed by object type.
 */
export async function listLatestSyncRuns(q: Queryable, connectionId: number, options: { finishedOnly?: boolean } = {}): Promise<Map<string, SyncRunRow>> {
  const rows = await q
    .selectFrom('sync_runs')
    .selectAll()
    .where('id', 'in', (eb) => {
      let newest = eb.selectFrom('sync_runs').select((e) => e.fn.max('id').as('id')).where('connection_id', '=', connectionId);
      if (options.finishedOnly) newest = newest.where('status', '!=', 'running');
      return newest.groupBy('object_type');
    })
    .execute();
  return new Map(rows.map((row) => [row.object_type, row]));
}
