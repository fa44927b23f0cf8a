/**
 * The sync write path (map, validate, hash, upsert, change log, linking) against the plainest store
 * of the same records on the same engine. SQLite: better-sqlite3 INSERTs of their raw JSON, 500 a
 * transaction, on a file with the hub's pragmas. PostgreSQL: one multi-row INSERT of the page's raw
 * JSON, 500 a transaction, into a table of a throw-away database on the bench's server
 * (CLIENTHUB_TEST_POSTGRES_URL, by default 127.0.0.1:5432), the hub writing to a second one. Both sides
 * get the same records, already fetched (no HTTP), pages of 500.
 * Rows: with linking, without linking, re-sending unchanged data; and linearity (time ×10 data).
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/load-config.js';
import { closeAppContext, createAppContext } from '../src/app/create-app-context.js';
import { silentLogger } from '../src/logging/logger.js';
import { applyPulledRecords } from '../src/sync/apply-pulled-records.js';
import { findConnection } from '../src/store/connections/find-connection.js';
import { buildConnectorContext } from '../src/connections/build-connector-context.js';
import type { PulledRecord } from '../src/connector-kit/connector.js';
import { HubSpotEmulatorStore } from '../connectors/hubspot/emulator/emulator-store.js';
import { objectView } from '../connectors/hubspot/emulator/object-views.js';
import { requestedProperties } from '../connectors/hubspot/object-types.js';
import pg from 'pg';
import { createThrowAwayPostgres } from '../tests/support/store-engines.js';
import { analyzeStaleTables } from '../src/store/postgres/analyze-stale-tables.js';
import type { Store, StoreEngine } from '../src/store/store.js';
import { insertRecords, type NewRecordRow } from '../src/store/records/insert-records.js';
import { insertRecordChanges } from '../src/store/records/insert-record-changes.js';

const PAGE = 500;
const SECRET = 'bench-secret-key-0123456789-abcdefghijklmnop';

/** HubSpot companies, contacts and deals as the search API returns them (deals with their associations). */
function hubspotRecords(total: number, config: ReturnType<typeof loadConfig>): PulledRecord[] {
  const store = new HubSpotEmulatorStore();
  store.generate(Math.max(1, Math.round(total / 4)));
  const out: PulledRecord[] = [];
  for (const type of ['companies', 'contacts', 'deals'] as const) {
    for (const record of store.all(type)) {
      const view = objectView(type, record, requestedProperties(config, type)) as unknown as Record<string, unknown>;
      if (type === 'deals') {
        view.associations = {
          companies: { results: store.associations('deals', record.id, 'companies').map((link) => ({ id: link.toId, type: 'deal_to_company' })) },
          contacts: { results: store.associations('deals', record.id, 'contacts').map((link) => ({ id: link.toId, type: 'deal_to_contact' })) },
        };
      }
      out.push({ objectType: type, externalId: record.id, updatedAt: Date.parse(record.updatedAt), deleted: false, raw: view });
    }
  }
  return out.slice(0, total);
}

/** The PostgreSQL baseline: each page one multi-row INSERT of the raw JSON in its own transaction. */
async function rawPostgresInsertMs(records: PulledRecord[]): Promise<number> {
  const database = await createThrowAwayPostgres();
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    await client.query('CREATE TABLE raw_records (id BIGSERIAL PRIMARY KEY, object_type TEXT NOT NULL, external_id TEXT NOT NULL, raw TEXT NOT NULL)');
    const statements = new Map<number, string>();
    const insertOf = (rows: number) => {
      let text = statements.get(rows);
      if (!text) {
        text = `INSERT INTO raw_records (object_type, external_id, raw) VALUES ${Array.from({ length: rows }, (_, i) => `($${3 * i + 1}, $${3 * i + 2}, $${3 * i + 3})`).join(', ')}`;
        statements.set(rows, text);
      }
      return text;
    };
    const started = performance.now();
    for (let i = 0; i < records.length; i += PAGE) {
      const page = records.slice(i, i + PAGE);
      const values: string[] = [];
      for (const record of page) values.push(record.objectType, record.externalId, JSON.stringify(record.raw));
      await client.query('BEGIN');
      await client.query({ name: `raw-insert-${page.length}`, text: insertOf(page.length), values });
      await client.query('COMMIT');
    }
    return performance.now() - started;
  } finally {
    await client.end();
    await database.drop();
  }
}

function rawInsertMs(dir: string, records: PulledRecord[]): number {
  const db = new Database(join(dir, `raw-${Math.random().toString(36).slice(2)}.db`));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE raw_records (id INTEGER PRIMARY KEY, object_type TEXT NOT NULL, external_id TEXT NOT NULL, raw TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO raw_records (object_type, external_id, raw) VALUES (?, ?, ?)');
  const started = performance.now();
  const page = db.transaction((batch: PulledRecord[]) => {
    for (const record of batch) insert.run(record.objectType, record.externalId, JSON.stringify(record.raw));
  });
  for (let i = 0; i < records.length; i += PAGE) page(records.slice(i, i + PAGE));
  const ms = performance.now() - started;
  db.close();
  return ms;
}

/** A hub app on a fresh data directory (and, for PostgreSQL, a throw-away database), with its HubSpot connection. */
async function openHub(dir: string, engine: StoreEngine) {
  const database = engine === 'postgres' ? await createThrowAwayPostgres() : null;
  const config = loadConfig({
    CLIENTHUB_DATA_DIR: join(dir, `hub-${Math.random().toString(36).slice(2)}`),
    CLIENTHUB_SECRET_KEY: SECRET,
    HUBSPOT_ACCESS_TOKEN: 'bench',
    HUBSPOT_BASE_URL: 'http://127.0.0.1:9',
    ...(database ? { DATABASE_URL: database.url } : {}),
  });
  const app = await createAppContext(config, { logger: silentLogger });
  return {
    app,
    close: async () => {
      await closeAppContext(app);
      await database?.drop();
    },
  };
}

async function hubWriteMs(dir: string, records: PulledRecord[], link: boolean, engine: StoreEngine): Promise<{ firstMs: number; resendMs: number; rows: NewRecordRow[] }> {
  const { app, close } = await openHub(dir, engine);
  try {
    const { id } = await app.store.db.selectFrom('connections').select('id').where('provider', '=', 'hubspot').executeTakeFirstOrThrow();
    const connection = (await findConnection(app.store.db, id))!;
    const connector = app.connectors.get('hubspot');
    const context = await buildConnectorContext(app, connection);
    const mappingContext = { metadata: context.metadata, config: app.config };
    const pass = async () => {
      const started = performance.now();
      for (let i = 0; i < records.length; i += PAGE) {
        const page = records.slice(i, i + PAGE);
        await app.store.transaction((tx) => applyPulledRecords(app, tx, connection, connector, page, mappingContext, undefined, { link }));
        // As runPull does between pages: PostgreSQL's statistics kept up with the growing tables.
        await analyzeStaleTables(app.store);
      }
      return performance.now() - started;
    };
    const firstMs = await pass();
    const rows = link ? await finishedRows(app.store) : [];
    const resendMs = await pass();
    return { firstMs, resendMs, rows };
  } finally {
    await close();
  }
}

/** The records as the write path left them (the columns its INSERT sets), in the order they were written. */
async function finishedRows(store: Store): Promise<NewRecordRow[]> {
  const rows = await store.db
    .selectFrom('records')
    .select(['workspace_id', 'connection_id', 'provider', 'object_type', 'external_id', 'kind', 'data', 'raw', 'content_hash', 'source_updated_at', 'synced_at', 'deleted'])
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    workspaceId: row.workspace_id,
    connectionId: row.connection_id,
    provider: row.provider,
    objectType: row.object_type,
    externalId: row.external_id,
    kind: row.kind,
    data: row.data,
    raw: row.raw,
    contentHash: row.content_hash,
    sourceUpdatedAt: row.source_updated_at,
    syncedAt: row.synced_at,
    deleted: Boolean(row.deleted),
  }));
}

/**
 * The floor under the write path on this schema: the finished rows stored again on a fresh hub database
 * through the hub's own statements (multi-row records INSERTs with their generated columns, indexes and
 * triggers, the change log, a commit a page of 500), with no mapping, hashing, state reads or linking.
 */
async function schemaFloorMs(dir: string, rows: NewRecordRow[], engine: StoreEngine): Promise<number> {
  const { app, close } = await openHub(dir, engine);
  try {
    const started = performance.now();
    for (let i = 0; i < rows.length; i += PAGE) {
      const page = rows.slice(i, i + PAGE);
      await app.store.transaction(async (tx) => {
        const ids = await insertRecords(tx, page);
        await insertRecordChanges(tx, [...ids.values()].map((recordId) => ({ recordId, change: 'created' as const, version: 1, at: page[0]!.syncedAt })));
      });
      await analyzeStaleTables(app.store);
    }
    return performance.now() - started;
  } finally {
    await close();
  }
}

export interface WritePathRun {
  engine: StoreEngine;
  size: number;
  rawMs: number;
  hubMs: number;
  hubNoLinkMs: number;
  resendMs: number;
  /** The same finished rows stored through the hub's own INSERTs alone (schemaFloorMs). */
  floorMs: number;
}

/** One run at `size` records on `engine`; `hubFirst` alternates which side runs first (cache warmth). */
export async function benchWritePath(size: number, hubFirst: boolean, engine: StoreEngine = 'sqlite'): Promise<WritePathRun> {
  const dir = mkdtempSync(join(tmpdir(), 'clienthub-bench-write-'));
  try {
    const config = loadConfig({ CLIENTHUB_DATA_DIR: dir, CLIENTHUB_SECRET_KEY: SECRET, HUBSPOT_ACCESS_TOKEN: '' });
    const records = hubspotRecords(size, config);
    const raw = () => (engine === 'postgres' ? rawPostgresInsertMs(records) : Promise.resolve(rawInsertMs(dir, records)));
    let rawMs = 0;
    if (!hubFirst) rawMs = await raw();
    const linked = await hubWriteMs(dir, records, true, engine);
    const unlinked = await hubWriteMs(dir, records, false, engine);
    const floorMs = await schemaFloorMs(dir, linked.rows, engine);
    if (hubFirst) rawMs = await raw();
    return { engine, size: records.length, rawMs, hubMs: linked.firstMs, hubNoLinkMs: unlinked.firstMs, resendMs: linked.resendMs, floorMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
