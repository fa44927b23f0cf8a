import type { Queryable } from '../store.js';

/** Deletes jobs done before `before` (failed ones stay for inspection). Returns how many. */
export async function deleteFinishedJobs(q: Queryable, before: number): Promise<number> {
  const result = await q.deleteFrom('jobs').where('status', '=', 'done').where('finished_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
