/**
 * Read-only looks into a hub process's SQLite file: what it holds, counted, so a test can say
 * "nothing lost, nothing twice". Each call opens and closes its own read-only handle (the hub
 * writes in WAL mode; a reader never blocks it).
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

function withDatabase<T>(dataDir: string, read: (db: Database.Database) => T): T {
  const file = join(dataDir, 'clienthub.sqlite');
  if (!existsSync(file)) throw new Error(`no hub database yet at ${file}`);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    return read(db);
  } finally {
    db.close();
  }
}

/** Live (not deleted) records per "provider/objectType". */
export function recordCounts(dataDir: string): Record<string, number> {
  return withDatabase(dataDir, (db) => {
    const rows = db.prepare(`SELECT provider, object_type AS objectType, COUNT(*) AS n FROM records WHERE deleted = 0 GROUP BY provider, object_type`).all() as { provider: string; objectType: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [`${r.provider}/${r.objectType}`, r.n]));
  });
}

/** Only the counts of these providers (an expectation lists exactly the providers it covers). */
export function countsOf(counts: Record<string, number>, providers: readonly string[]): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).filter(([key]) => providers.includes(key.split('/')[0]!)).sort(([a], [b]) => a.localeCompare(b)));
}

export interface DuplicationReport {
  /** Records stored more than once for one provider object (same provider, type and external id). */
  duplicateRecords: number;
  /** Records whose history says they were created more than once. */
  createdTwice: number;
  /** Records above version 1 although the provider never changed them (a backfill applied twice). */
  versionsAboveOne: number;
}

export function duplicationReport(dataDir: string, providers: readonly string[]): DuplicationReport {
  return withDatabase(dataDir, (db) => {
    const inList = providers.map(() => '?').join(',');
    const duplicateRecords = (db.prepare(`SELECT COUNT(*) AS n FROM (SELECT 1 FROM records WHERE provider IN (${inList}) GROUP BY provider, object_type, external_id HAVING COUNT(*) > 1)`).get(...providers) as { n: number }).n;
    const createdTwice = (db.prepare(`SELECT COUNT(*) AS n FROM (SELECT rc.record_id FROM record_changes rc JOIN records r ON r.id = rc.record_id WHERE r.provider IN (${inList}) AND rc.change = 'created' GROUP BY rc.record_id HAVING COUNT(*) > 1)`).get(...providers) as { n: number }).n;
    const versionsAboveOne = (db.prepare(`SELECT COUNT(*) AS n FROM records WHERE provider IN (${inList}) AND version > 1`).get(...providers) as { n: number }).n;
    return { duplicateRecords, createdTwice, versionsAboveOne };
  });
}

export interface SyncRunRow {
  id: number;
  provider: string;
  objectType: string;
  mode: string;
  status: string;
  error: string | null;
  startedAt: number;
}

export function syncRuns(dataDir: string): SyncRunRow[] {
  return withDatabase(dataDir, (db) =>
    db
      .prepare(`SELECT s.id, c.provider, s.object_type AS objectType, s.mode, s.status, s.error, s.started_at AS startedAt FROM sync_runs s JOIN connections c ON c.id = s.connection_id ORDER BY s.id`)
      .all() as SyncRunRow[],
  );
}

/** Every object type of these providers has a succeeded run, and none is running. */
export function backfillDone(dataDir: string, expectedKeys: readonly string[]): boolean {
  const runs = syncRuns(dataDir);
  return expectedKeys.every((key) => runs.some((r) => `${r.provider}/${r.objectType}` === key && r.status === 'succeeded')) && !runs.some((r) => expectedKeys.includes(`${r.provider}/${r.objectType}`) && r.status === 'running');
}

export interface ConnectionRow {
  id: number;
  provider: string;
  status: string;
  lastError: string | null;
}

export function connections(dataDir: string): ConnectionRow[] {
  return withDatabase(dataDir, (db) => db.prepare(`SELECT id, provider, status, last_error AS lastError FROM connections ORDER BY id`).all() as ConnectionRow[]);
}

/** Webhook events per status, for one provider. */
export function webhookEventCounts(dataDir: string, provider: string): { pending: number; processed: number; failed: number; total: number } {
  return withDatabase(dataDir, (db) => {
    const rows = db.prepare(`SELECT status, COUNT(*) AS n FROM webhook_events WHERE provider = ? GROUP BY status`).all(provider) as { status: string; n: number }[];
    const by = Object.fromEntries(rows.map((r) => [r.status, r.n])) as Record<string, number>;
    return { pending: by.pending ?? 0, processed: by.processed ?? 0, failed: by.failed ?? 0, total: rows.reduce((sum, r) => sum + r.n, 0) };
  });
}

/** The stored data (raw payload) of one provider record, or undefined. */
export function readRecord(dataDir: string, provider: string, objectType: string, externalId: string): { version: number; raw: Record<string, unknown> } | undefined {
  return withDatabase(dataDir, (db) => {
    const row = db.prepare(`SELECT version, raw FROM records WHERE provider = ? AND object_type = ? AND external_id = ?`).get(provider, objectType, externalId) as { version: number; raw: string } | undefined;
    return row ? { version: row.version, raw: JSON.parse(row.raw) as Record<string, unknown> } : undefined;
  });
}

/** The status of one webhook event by the provider's event id ('pending', 'processed', 'failed'), or undefined when never stored. */
export function webhookEventStatus(dataDir: string, provider: string, eventId: string): string | undefined {
  return withDatabase(dataDir, (db) => (db.prepare(`SELECT status FROM webhook_events WHERE provider = ? AND event_id = ?`).get(provider, eventId) as { status: string } | undefined)?.status);
}
