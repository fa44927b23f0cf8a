import type { AppContext } from '../app/app-context.js';
import type { Queryable } from '../store/store.js';
import { listLiveConnections, type LiveConnectionRow } from '../store/connections/list-live-connections.js';
import { staleAfterMs, type ConnectionFreshness } from './connection-freshness.js';

/**
 * listConnectionFreshness through the store (issue 15): the state and age of every connection of
 * the workspace meant to be syncing, judged the same way (one staleness threshold for /readyz, the
 * staff alerts and the portal's notice). `q` is the transaction the caller is in, if any.
 */
export async function readConnectionFreshness(app: AppContext, now = Date.now(), q: Queryable = app.store.db): Promise<ConnectionFreshness[]> {
  return connectionFreshnessOf(app, await listLiveConnections(q, app.workspaceId), now);
}

/** The same judgement of connections already read (a portal page reads them once for its modules and its notice). */
export function connectionFreshnessOf(app: AppContext, rows: readonly LiveConnectionRow[], now: number): ConnectionFreshness[] {
  const threshold = staleAfterMs(app);
  return rows
    .filter((row) => app.connectors.has(row.provider))
    .map((row) => {
      const ageMs = Math.max(0, now - (row.lastSuccessAt ?? row.createdAt));
      return {
        id: row.id,
        provider: row.provider,
        providerName: app.connectors.get(row.provider).displayName,
        label: row.label,
        state: row.status,
        lastSuccessAt: row.lastSuccessAt,
        ageMs,
        stale: ageMs > threshold,
        staleAfterMs: threshold,
      };
    });
}
