import type { Queryable } from '../store.js';

/** Tables whose rows the CLI names by id. */
export type IdTable = 'link_reviews' | 'records' | 'clients' | 'connections' | 'dead_letters' | 'sync_runs';

/** Whether the table holds a row with this id. */
export async function hasRowWithId(q: Queryable, table: IdTable, id: number): Promise<boolean> {
  const row = await q.selectFrom(table as 'records').select('id').where('id', '=', id).executeTakeFirst();
  return row !== undefined;
}
