import type { AppContext } from '../src/app/app-context.js';
import { runPull } from '../src/sync/run-pull.js';
import { buildConnectorContext } from '../src/connections/build-connector-context.js';
import { getConnection } from '../src/connections/connection-repository.js';

export interface BackfillFigures {
  records: { fetched: number; stored: number };
  fetchOnlyRecordsPerSecond: number;
  hubRecordsPerSecond: number;
  /** Hub backfill speed as a share of the fetch-only speed through the same connector (1 = storing costs nothing). */
  ratioHubToFetchOnly: number;
  backfillMs: number;
}

/**
 * One provider's backfill against its baseline in the same run: the same connector pulls with the
 * results thrown away (fetch only), then the hub's full pull (fetch, map, validate, store, link).
 * Pacing budgets are emptied between the two, so neither inherits the other's waits.
 */
export async function measureBackfill(app: AppContext, provider: string, types: string[]): Promise<BackfillFigures> {
  const connectionId = (app.db.prepare(`SELECT id FROM connections WHERE provider = ?`).get(provider) as { id: number }).id;
  const connector = app.connectors.get(provider);
  const context = buildConnectorContext(app, getConnection(app.db, connectionId)!);
  await connector.refreshMetadata?.(context);
  let fetched = 0;
  let started = performance.now();
  for (const type of types) for await (const page of connector.pull(context, type, { cursor: null, overlapMs: 0 })) fetched += page.records.length;
  const fetchMs = performance.now() - started;
  app.db.prepare('DELETE FROM request_log').run();
  started = performance.now();
  for (const type of types) {
    const result = await runPull(app, connectionId, type, 'backfill');
    const run = app.db.prepare('SELECT status, error FROM sync_runs WHERE id = ?').get(result.runId) as { status: string; error: string | null };
    if (run.status !== 'succeeded') throw new Error(`${provider} ${type} backfill ${run.status}: ${run.error}`);
  }
  const backfillMs = performance.now() - started;
  const stored = (app.db.prepare('SELECT COUNT(*) AS n FROM records WHERE connection_id = ?').get(connectionId) as { n: number }).n;
  return {
    records: { fetched, stored },
    fetchOnlyRecordsPerSecond: Math.round(fetched / (fetchMs / 1000)),
    hubRecordsPerSecond: Math.round(stored / (backfillMs / 1000)),
    ratioHubToFetchOnly: +(fetchMs / backfillMs).toFixed(2),
    backfillMs: Math.round(backfillMs),
  };
}
