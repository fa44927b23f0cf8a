import type { Queryable } from '../store.js';

/** Opens the alert (or reopens a resolved one with its new summary and time). */
export async function openOpsAlert(q: Queryable, workspaceId: number, key: string, summary: string, now: number): Promise<void> {
  await q
    .insertInto('ops_alerts')
    .values({ workspace_id: workspaceId, key, state: 'open', summary, opened_at: now })
    .onConflict((oc) =>
      oc.columns(['workspace_id', 'key']).doUpdateSet({ state: 'open', summary: (eb) => eb.ref('excluded.summary'), opened_at: (eb) => eb.ref('excluded.opened_at'), resolved_at: null }),
    )
    .execute();
}
