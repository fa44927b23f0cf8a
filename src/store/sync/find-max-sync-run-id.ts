import type { Queryable } from '../store.js';

/** The newest run's id (0 when none ran): runs after it are the ones started from now on. */
export async function findMaxSyncRunId(q: Queryable): Promise<number> {
  const row = await q.selectFrom('sync_runs').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  return row?.id == null ? 0 : Number(row.id);
}
