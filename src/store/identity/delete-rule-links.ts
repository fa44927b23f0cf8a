import type { Queryable } from '../store.js';
import { chunksOf } from './link-row.js';

/** Withdraws the rules' decisions on these records (a manual decision stays). */
export async function deleteRuleLinks(q: Queryable, recordIds: number[]): Promise<void> {
  for (const chunk of chunksOf(recordIds)) await q.deleteFrom('record_links').where('record_id', 'in', chunk).where('manual', '=', 0).execute();
}
