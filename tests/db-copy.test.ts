/**
 * `clienthub db copy` (issue 15): a SQLite deployment populated through the hub's own flows — a
 * HubSpot backfill with a won deal (sealed credentials, records, runs, provisioning, audit), a staff
 * user, portal users and their sessions — copied into a real, throw-away PostgreSQL database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { HubSpotEmulatorStore } from '../connectors/hubspot/emulator/emulator-store.js';
import { startHubSpotEmulator, type HubSpotEmulator } from '../connectors/hubspot/emulator/start-hubspot-emulator.js';
import { loadConfig } from '../src/config/load-config.js';
import { closeAppContext, createAppContext } from '../src/app/create-app-context.js';
import { silentLogger } from '../src/logging/logger.js';
import { copySqliteToPostgres } from '../src/store/copy/copy-sqlite-to-postgres.js';
import { verifySqliteAgainstPostgres } from '../src/store/copy/verify-sqlite-against-postgres.js';
import { listSqliteTables } from '../src/store/copy/plan-table-copy.js';
import { runCli } from './support/spawn-cli.js';
import { seedPortalUser, signedInClient } from './support/seed-portal-records.js';
import { createThrowAwayPostgres } from './support/store-engines.js';
import { sqlGet, sqlRun } from './support/sql.js';

const SECRET = 'db-copy-test-secret-key-0123456789-0123456789-abcdef';
const TOKEN = 'good-token-never-in-plain-text';

describe('clienthub db copy (SQLite → PostgreSQL)', () => {
  let hubspot: HubSpotEmulator;
  let dataDir: string;
  let sqliteFile: string;
  let target: { url: string; drop(): Promise<void> };
  const env = () => ({ CLIENTHUB_DATA_DIR: dataDir, CLIENTHUB_SECRET_KEY: SECRET, LOG_LEVEL: 'warn', REDIS_URL: '', DATABASE_URL: '', HUBSPOT_ACCESS_TOKEN: TOKEN, HUBSPOT_BASE_URL: hubspot.url, HUBSPOT_SEARCH_RPS: '50', SALESFORCE_ACCESS_TOKEN: '' });
  // int8 comes back as a number here too: the store's type parser is process-wide.
  const pgQuery = async <R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> => {
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    try {
      return (await client.query<R>(text, values)).rows;
    } finally {
      await client.end();
    }
  };
  const sqliteRead = <T>(fn: (db: Database.Database) => T): T => {
    const db = new Database(sqliteFile, { readonly: true });
    try {
      return fn(db);
    } finally {
      db.close();
    }
  };
  /** Row counts read plainly on both sides, not through the copy's own checksum code. */
  const countsOnBothSides = async () => {
    const tables = sqliteRead((db) => listSqliteTables(db));
    const sqlite: Record<string, number> = {};
    const postgres: Record<string, number> = {};
    for (const table of tables) {
      sqlite[table] = sqliteRead((db) => (db.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get() as { n: number }).n);
      postgres[table] = Number((await pgQuery<{ n: string }>(`SELECT COUNT(*) AS n FROM "${table}"`))[0]!.n);
    }
    return { sqlite, postgres };
  };

  beforeAll(async () => {
    const emulator = new HubSpotEmulatorStore();
    const seed = emulator.seedDemo();
    // A won deal: the backfill provisions its client (provisionings, client_sources, portal users, invitations, outbox).
    emulator.moveDealToStage(seed.dealIds[0]!, 'closedwon');
    hubspot = await startHubSpotEmulator({ store: emulator, acceptedTokens: [TOKEN] });
    dataDir = mkdtempSync(join(tmpdir(), 'clienthub-db-copy-'));
    sqliteFile = join(dataDir, 'clienthub.sqlite');
    target = await createThrowAwayPostgres();

    const sync = await runCli(['sync', '--wait', '--json', '--timeout', '120'], env());
    expect(sync.code, sync.stderr).toBe(0);
    const staff = await runCli(['staff', 'add', 'ops@brightside.test', 'owner'], env());
    expect(staff.code, staff.stderr).toBe(0);

    // Portal users and sessions through the hub's own functions; then rows the copy must carry exactly.
    const app = await createAppContext(loadConfig(env(), dataDir), { logger: silentLogger });
    try {
      const now = Date.now();
      const clientId = (await sqlGet<{ id: number | null }>(app, 'SELECT MIN(id) AS id FROM clients'))!.id
        ?? (await sqlGet<{ id: number }>(app, `INSERT INTO clients (workspace_id, name, created_at, updated_at) VALUES (?, 'Seeded Ltd', ?, ?) RETURNING id`, app.workspaceId, now, now))!.id;
      const users: number[] = [];
      for (const [i, email] of ['zoë@northwind.test', 'Bob.Jones@Northwind.test'].entries()) users.push((await seedPortalUser(app, clientId, { email, name: `Ünïcode ✓ ${i}`, role: 'member' }, now)).userId);
      for (const [i, userId] of [...users, users[0]!].entries()) await signedInClient(app, 'http://127.0.0.1:1', userId, now + i, `agent ${i}`);
      // A deleted session leaves a gap in SQLite's rowids: PostgreSQL's rowid column keeps them as they were.
      // (SQLite's own rowid, on the SQLite source this test copies from: deliberately through the SQLite handle.)
      app.db.prepare('DELETE FROM sessions WHERE rowid = (SELECT MIN(rowid) + 1 FROM sessions)').run();
      // A client merged into one created after it: a reference forward in the same table.
      const later = (await sqlGet<{ id: number }>(app, `INSERT INTO clients (workspace_id, name, created_at, updated_at) VALUES (?, 'Later Co', ?, ?) RETURNING id`, app.workspaceId, now, now))!.id;
      await sqlRun(app, 'UPDATE clients SET merged_into_client_id = ? WHERE id = ?', later, clientId);
      await sqlRun(app, `INSERT INTO request_log (key, at) VALUES ('hubspot:1', ?), ('hubspot:1', ?), ('hubspot:1', ?)`, now, now, now - 1);
      await sqlRun(app, `INSERT INTO audit_log (workspace_id, at, actor_type, actor_id, action, details) VALUES (?, ?, 'cli', NULL, 'test.copy', ?)`, app.workspaceId, now, JSON.stringify({ quote: "it's \"fine\"", n: 0.1 + 0.2 }));
    } finally {
      await closeAppContext(app);
    }
  }, 300_000);

  afterAll(async () => {
    await target?.drop();
    await hubspot?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('copies every table through the CLI: counts and checksums equal, credentials still sealed, rowids and sequences carried', async () => {
    const populated = sqliteRead((db) => ({
      records: (db.prepare('SELECT COUNT(*) AS n FROM records').get() as { n: number }).n,
      sealed: db.prepare(`SELECT id, credentials_sealed FROM connections ORDER BY id`).all() as { id: number; credentials_sealed: string }[],
      sessions: db.prepare('SELECT rowid AS rowid, id_hash FROM sessions ORDER BY rowid').all() as { rowid: number; id_hash: string }[],
      audit: (db.prepare('SELECT COUNT(*) AS n FROM audit_log').get() as { n: number }).n,
      provisionings: (db.prepare('SELECT COUNT(*) AS n FROM provisionings').get() as { n: number }).n,
    }));
    expect(populated.records).toBeGreaterThan(5);
    expect(populated.sealed.length).toBeGreaterThan(0);
    expect(populated.sealed[0]!.credentials_sealed).not.toContain(TOKEN);
    expect(populated.sessions.map((s) => s.rowid)).toEqual([1, 3]);
    expect(populated.audit).toBeGreaterThan(1);
    expect(populated.provisionings).toBeGreaterThan(0);

    const result = await runCli(['db', 'copy', '--to', target.url], env());
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/All \d+ tables match/);
    expect(result.stdout).toMatch(/^records\s+\d+\s+\d+\s+[0-9a-f]{12}\s+yes$/m);
    // Progress on stderr, the table on stdout.
    expect(result.stderr).toContain('copying records');
    expect(result.stdout).not.toContain('copying records');

    const { sqlite, postgres } = await countsOnBothSides();
    expect(postgres).toEqual(sqlite);
    const check = await verifySqliteAgainstPostgres({ sqliteFile, targetUrl: target.url });
    expect(check.verification.filter((v) => !v.matches)).toEqual([]);
    expect(check.verification.find((v) => v.table === 'records')!.postgresRows).toBe(populated.records);

    // Ciphertext copied as stored, never decrypted.
    expect(await pgQuery('SELECT id::int AS id, credentials_sealed FROM connections ORDER BY id')).toEqual(populated.sealed);
    expect((await pgQuery<{ rowid: string; id_hash: string }>('SELECT rowid, id_hash FROM sessions ORDER BY rowid')).map((s) => ({ rowid: Number(s.rowid), id_hash: s.id_hash }))).toEqual(populated.sessions);
    // The self-reference forward survived; sequences continue after the copied ids.
    expect(await pgQuery<{ n: string }>('SELECT COUNT(*) AS n FROM clients WHERE merged_into_client_id IS NOT NULL')).toEqual([{ n: 1 }]);
    const next = await pgQuery<{ id: string }>(`INSERT INTO audit_log (at, actor_type, action) VALUES (1, 'test', 'after.copy') RETURNING id`);
    expect(Number(next[0]!.id)).toBe(populated.audit + 1);
    const session = await pgQuery<{ rowid: string }>(`INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at, expires_at) SELECT 'new', user_id, 'c', 1, 1, 2 FROM sessions LIMIT 1 RETURNING rowid`);
    expect(Number(session[0]!.rowid)).toBe(4);
    // The identity-key triggers were quiet during the copy: the queue holds what SQLite's held.
    await pgQuery(`DELETE FROM audit_log WHERE action = 'after.copy'`);
    await pgQuery(`DELETE FROM sessions WHERE id_hash = 'new'`);
    expect((await verifySqliteAgainstPostgres({ sqliteFile, targetUrl: target.url })).verification.every((v) => v.matches)).toBe(true);
  }, 240_000);

  it('refuses a second copy into the non-empty target with one sentence, writing nothing; --replace copies again', async () => {
    // The SQLite file moved on: one more audit row that a refused copy must not bring.
    const writer = new Database(sqliteFile);
    writer.prepare(`INSERT INTO audit_log (at, actor_type, action) VALUES (?, 'cli', 'after.first.copy')`).run(Date.now());
    writer.close();
    const before = await pgQuery<{ n: string }>('SELECT COUNT(*) AS n FROM audit_log');

    const refused = await runCli(['db', 'copy', '--to', target.url], env());
    expect(refused.code).toBe(1);
    const sentence = refused.stderr.trim().split('\n').at(-1)!;
    expect(sentence).toMatch(/^The PostgreSQL database at 127\.0\.0\.1:5432\/clienthub_test_\w+ is not empty \(rows in .+\): nothing was copied; .*--replace/);
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    expect(await pgQuery('SELECT COUNT(*) AS n FROM audit_log')).toEqual(before);

    // In-process, with tiny batches: many INSERTs per table, the forward self-reference across batches.
    const lines: string[] = [];
    const replaced = await copySqliteToPostgres({ sqliteFile, targetUrl: target.url, replace: true, batchRows: 2, progress: (l) => lines.push(l) });
    expect(replaced.verification.filter((v) => !v.matches)).toEqual([]);
    expect(lines.some((l) => l.startsWith('emptying'))).toBe(true);
    expect(lines.some((l) => /^ {2}records: 2\/\d+$/.test(l))).toBe(true);
    expect(Number((await pgQuery<{ n: string }>('SELECT COUNT(*) AS n FROM audit_log'))[0]!.n)).toBe(Number(before[0]!.n) + 1);
    const { sqlite, postgres } = await countsOnBothSides();
    expect(postgres).toEqual(sqlite);
  }, 240_000);

  it('db verify finds a row tampered in the target after the copy, and names its table (exit 1)', async () => {
    const clean = await runCli(['db', 'verify', '--to', target.url], env());
    expect(clean.code, clean.stderr).toBe(0);

    const [row] = await pgQuery<{ id: string; data: string }>('SELECT id, data FROM records ORDER BY id DESC LIMIT 1');
    // A changed value; a change of spacing or key order alone is none (records.data is jsonb there).
    await pgQuery('UPDATE records SET data = $1 WHERE id = $2', [JSON.stringify({ ...(JSON.parse(row!.data) as object), tampered: true }), row!.id]);
    const tampered = await runCli(['db', 'verify', '--to', target.url], env());
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toMatch(/Verification failed: records \(\d+ rows in SQLite, \d+ in PostgreSQL, contents differ\)/);
    expect(tampered.stdout).toMatch(/^records\s+\d+\s+\d+\s+[0-9a-f]{12}\s+NO/m);
    expect(tampered.stdout).toMatch(/^clients\s+\d+\s+\d+\s+[0-9a-f]{12}\s+yes$/m);

    // A value of the same meaning but another type (a number written as text) is a difference too.
    await pgQuery('UPDATE records SET data = $1 WHERE id = $2', [row!.data, row!.id]);
    await pgQuery(`UPDATE staff_users SET name = name || ' '`);
    await pgQuery(`DELETE FROM request_log WHERE ctid = (SELECT ctid FROM request_log LIMIT 1)`);
    const result = await verifySqliteAgainstPostgres({ sqliteFile, targetUrl: target.url });
    expect(result.verification.filter((v) => !v.matches).map((v) => v.table).sort()).toEqual(['request_log', 'staff_users']);
  }, 240_000);

  it('an unreachable target: one sentence naming the host, exit 1, and the SQLite file untouched', async () => {
    const before = sqliteRead((db) => (db.prepare('SELECT COUNT(*) AS n FROM audit_log').get() as { n: number }).n);
    const result = await runCli(['db', 'copy', '--to', 'postgres://postgres@127.0.0.1:1/nowhere'], env());
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Cannot reach PostgreSQL at 127\.0\.0\.1:1\/nowhere \(.*\): check that the server is running and that the URL's host, port, user and database are right\.$/);
    const help = await runCli(['db', 'copy', '--help'], env());
    expect(help.code).toBe(0);
    expect(help.stdout.replace(/\s+/g, ' ')).toContain('opened read-only and read in one snapshot, so the hub may keep running, but what it writes after the copy starts is not copied: stop the hub');
    const usage = await runCli(['db', 'copy', '--to', 'mysql://x@y/z'], env());
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--to must be a postgres:// URL');
    expect(sqliteRead((db) => (db.prepare('SELECT COUNT(*) AS n FROM audit_log').get() as { n: number }).n)).toBe(before);
  }, 120_000);
});

describe('clienthub db migrate and db status', () => {
  it('migrates the SQLite file or DATABASE_URL, once; status reports engine, version, pending migrations and rows', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clienthub-db-status-'));
    const database = await createThrowAwayPostgres();
    const base = { CLIENTHUB_DATA_DIR: dir, CLIENTHUB_SECRET_KEY: SECRET, LOG_LEVEL: 'warn', REDIS_URL: '', DATABASE_URL: '' };
    try {
      const before = await runCli(['db', 'status', '--json'], base);
      expect(before.code, before.stderr).toBe(0);
      const empty = JSON.parse(before.stdout) as { engine: string; exists: boolean; version: number; pending: unknown[] };
      expect(empty).toMatchObject({ engine: 'sqlite', exists: false, version: 0 });
      expect(empty.pending.length).toBeGreaterThan(10);

      const migrated = await runCli(['db', 'migrate'], base);
      expect(migrated.stdout).toMatch(/^Applied migrations 1, 2, .* to SQLite file .*clienthub\.sqlite: schema version \d+\.$/m);
      const pgFirst = await runCli(['db', 'migrate'], { ...base, DATABASE_URL: database.url });
      expect(pgFirst.code, pgFirst.stderr).toBe(0);
      expect(pgFirst.stdout).toMatch(/^Applied migrations? .* to PostgreSQL at 127\.0\.0\.1:5432\/clienthub_test_\w+: schema version \d+\.$/m);
      const pgAgain = await runCli(['db', 'migrate'], { ...base, DATABASE_URL: database.url });
      expect(pgAgain.stdout).toMatch(/^Nothing to apply: PostgreSQL at .* is at schema version \d+\.$/m);

      const sqliteStatus = await runCli(['db', 'status'], base);
      expect(sqliteStatus.stdout).toMatch(/^Engine: +SQLite/m);
      expect(sqliteStatus.stdout).toMatch(/^Pending: +none$/m);
      const pgStatus = await runCli(['db', 'status', '--json'], { ...base, DATABASE_URL: database.url });
      const status = JSON.parse(pgStatus.stdout) as { engine: string; version: number; pending: unknown[]; tables: { table: string; rows: number }[] };
      expect(status.engine).toBe('postgres');
      expect(status.pending).toEqual([]);
      expect(status.version).toBe(Number(/^Schema version: +(\d+)$/m.exec(sqliteStatus.stdout)![1]));
      expect(status.tables.find((t) => t.table === 'records')).toEqual({ table: 'records', rows: 0 });
    } finally {
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 480_000);
});
