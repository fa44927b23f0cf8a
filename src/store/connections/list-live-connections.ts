import type { Queryable } from '../store.js';

/** A workspace's connections that are not disconnected: id and provider. */
export async function listLiveConnections(q: Queryable, workspaceId: number): Promise<{ id: number; provider: string }[]> {
  return q.selectFrom('connections').select(['id', 'provider']).where('workspace_id', '=', workspaceId).where('status', '!=', 'disconnected').orderBy('id').execute();
}
