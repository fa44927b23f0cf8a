import type { Queryable } from '../store.js';

export async function resolveOpsAlert(q: Queryable, workspaceId: number, key: string, now: number): Promise<void> {
  await q.updateTable('ops_alerts').set({ state: 'resolved', resolved_at: now }).where('workspace_id', '=', workspaceId).where('key', '=', key).execute();
}
