import type { Queryable } from '../store.js';
import { toDeadLetter, type DeadLetter } from './dead-letter-row.js';

export async function findDeadLetter(q: Queryable, id: number): Promise<DeadLetter | undefined> {
  const row = await q.selectFrom('dead_letters').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toDeadLetter(row) : undefined;
}
