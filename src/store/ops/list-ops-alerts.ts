import type { Queryable } from '../store.js';

export interface OpsAlertRow {
  key: string;
  state: 'open' | 'resolved';
  summary: string;
  openedAt: number;
}

/** Every alert the workspace has had, open or resolved. */
export async function listOpsAlerts(q: Queryable, workspaceId: number): Promise<OpsAlertRow[]> {
  const rows = await q.selectFrom('ops_alerts').select(['key', 'state', 'summary', 'opened_at']).where('workspace_id', '=', workspaceId).execute();
  return rows.map((row) => ({ key: row.key, state: row.state as OpsAlertRow['state'], summary: row.summary, openedAt: row.opened_at }));
}
