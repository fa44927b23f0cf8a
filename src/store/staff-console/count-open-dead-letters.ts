import type { Queryable } from '../store.js';

/** Open dead letters of one connection, or of a whole workspace. */
export async function countOpenDeadLetters(q: Queryable, scope: { connectionId: number } | { workspaceId: number }): Promise<number> {
  let query = q.selectFrom('dead_letters').select((eb) => eb.fn.countAll().as('n')).where('status', '=', 'open');
  query = 'connectionId' in scope ? query.where('connection_id', '=', scope.connectionId) : query.where('workspace_id', '=', scope.workspaceId);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.n);
}
