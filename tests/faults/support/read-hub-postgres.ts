/**
 * The same looks as read-hub-database.ts, into the PostgreSQL database hub processes share
 * (DATABASE_URL): counted, so a multi-node test can say "nothing lost, nothing twice" across machines.
 * Each call opens and closes its own connection.
 */
import pg from 'pg';
import type { DuplicationReport, SyncRunRow } from './read-hub-database.js';

async function withClient<T>(url: string, read: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await read(client);
  } finally {
    await client.end();
  }
}

/** Live (not deleted) records per "provider/objectType". */
export function recordCountsIn(url: string): Promise<Record<string, number>> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ provider: string; object_type: string; n: string }>(`SELECT provider, object_type, COUNT(*) AS n FROM records WHERE deleted = 0 GROUP BY provider, object_type`);
    return Object.fromEntries(rows.map((r) => [`${r.provider}/${r.object_type}`, Number(r.n)]));
  });
}

export function duplicationReportIn(url: string, providers: readonly string[]): Promise<DuplicationReport> {
  return withClient(url, async (client) => {
    const count = async (text: string) => Number((await client.query<{ n: string }>(text, [providers])).rows[0]!.n);
    return {
      duplicateRecords: await count(`SELECT COUNT(*) AS n FROM (SELECT 1 FROM records WHERE provider = ANY($1) GROUP BY provider, object_type, external_id HAVING COUNT(*) > 1) d`),
      createdTwice: await count(`SELECT COUNT(*) AS n FROM (SELECT rc.record_id FROM record_changes rc JOIN records r ON r.id = rc.record_id WHERE r.provider = ANY($1) AND rc.change = 'created' GROUP BY rc.record_id HAVING COUNT(*) > 1) d`),
      versionsAboveOne: await count(`SELECT COUNT(*) AS n FROM records WHERE provider = ANY($1) AND version > 1`),
    };
  });
}

export function syncRunsIn(url: string): Promise<SyncRunRow[]> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ id: string; provider: string; object_type: string; mode: string; status: string; error: string | null; started_at: string }>(
      `SELECT s.id, c.provider, s.object_type, s.mode, s.status, s.error, s.started_at FROM sync_runs s JOIN connections c ON c.id = s.connection_id ORDER BY s.id`,
    );
    return rows.map((r) => ({ id: Number(r.id), provider: r.provider, objectType: r.object_type, mode: r.mode, status: r.status, error: r.error, startedAt: Number(r.started_at) }));
  });
}

/** Any query, for what only one test asks. */
export function queryIn<R extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<R[]> {
  return withClient(url, async (client) => (await client.query<R>(text, values)).rows);
}
