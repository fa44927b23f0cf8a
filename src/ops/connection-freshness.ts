import type { AppContext } from '../app/app-context.js';
import type { ConnectionStatus } from '../connections/connection-repository.js';

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
