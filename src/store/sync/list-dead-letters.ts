import type { Queryable } from '../store.js';
import { toDeadLetter, type DeadLetter } from './dead-letter-row.js';

/** Dead letters of one status (or all), newest first. */
export async function listDeadLetters(q: Queryable, status: DeadLetter['status'] | 'all' = 'open'): Promise<DeadLetter[]> {
  let query = q.selectFrom('dead_letters').selectAll();
  if (status !== 'all') query = query.where('status', '=', status);
  const rows = await query.orderBy('id', 'desc').execute();
  return rows.map(toDeadLetter);
}
