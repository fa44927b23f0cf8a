import type { AppContext } from '../app/app-context.js';
import type { ConnectionStatus } from '../connections/connection-repository.js';
import { cachedStatement } from '../db/cached-statement.js';

export interface ConnectionFreshness {
  id: number;
  provider: string;
  providerName: string;
  label: string;
  state: ConnectionStatus;
  lastSuccessAt: number | null;
  /** Since the last successful sync (or, never synced, since the connection was made). */
  ageMs: number;
  /** Past staleAfterMs: the data shown from it may be out of date. */
  stale: boolean;
  staleAfterMs: number;
}

/**
 * How many poll intervals may pass without a successful sync before a connection's data counts as
 * stale: one missed poll is normal (a slow provider, a restart); three in a row is not.
 */
export const STALE_AFTER_POLL_INTERVALS = 3;

export function staleAfterMs(app: AppContext): number {
  return app.config.pollIntervalSeconds * 1000 * STALE_AFTER_POLL_INTERVALS;
}

/**
 * State and age of every connection of the workspace that is meant to be syncing (disconnected
 * ones are left out: nobody expects fresh data from them). Shared by /readyz, the staff alerts
 * and the portal's staleness notice, so all three agree on what "stale" means.
 */
export function listConnectionFreshness(app: AppContext, now = Date.now()): ConnectionFreshness[] {
  const threshold = staleAfterMs(app);
  // Runs on every portal page (its staleness notice): prepared once per connection.
  const rows = cachedStatement(
    app.db,
    `SELECT id, provider, label, status, last_success_at AS lastSuccessAt, created_at AS createdAt
       FROM connections WHERE workspace_id = ? AND status != 'disconnected' ORDER BY id`,
  ).all(app.workspaceId) as { id: number; provider: string; label: string; status: ConnectionStatus; lastSuccessAt: number | null; createdAt: number }[];
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
