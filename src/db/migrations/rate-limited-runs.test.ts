import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { migrations } from './index.js';
import { migrate } from '../migrate.js';

describe('migration 13 (rate-limited runs)', () => {
  it('keeps every run, with the runs that resumed others still pointing at them, and accepts rate_limited', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
    for (const migration of migrations.filter((m) => m.version < 13)) {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, 0)').run(migration.version, migration.name);
    }
    db.exec(`INSERT INTO workspaces (id, slug, name, created_at) VALUES (1, 'w', 'W', 0)`);
    db.exec(`INSERT INTO connections (id, workspace_id, provider, label, auth_type, status, created_at, updated_at) VALUES (1, 1, 'xero', 'x', 'token', 'active', 0, 0)`);
    const insert = db.prepare(`INSERT INTO sync_runs (id, connection_id, object_type, mode, status, worker_id, started_at, heartbeat_at, resumed_from_run_id, estimated_total) VALUES (?, 1, 'Invoice', 'backfill', ?, 'w', 0, 0, ?, ?)`);
    insert.run(1, 'interrupted', null, 40);
    insert.run(2, 'succeeded', 1, null);
    expect(() => db.prepare(`UPDATE sync_runs SET status = 'rate_limited' WHERE id = 2`).run()).toThrow(/CHECK/);

    expect(migrate(db)).toContain(13);
    expect(db.prepare('SELECT id, status, resumed_from_run_id AS resumed, estimated_total AS total, resumes_at AS resumesAt FROM sync_runs ORDER BY id').all()).toEqual([
      { id: 1, status: 'interrupted', resumed: null, total: 40, resumesAt: null },
      { id: 2, status: 'succeeded', resumed: 1, total: null, resumesAt: null },
    ]);
    db.prepare(`UPDATE sync_runs SET status = 'rate_limited', resumes_at = 5 WHERE id = 2`).run();
    expect(db.pragma('foreign_key_check')).toEqual([]);
    // The self-reference still holds in the rebuilt table.
    expect(() => db.prepare(`INSERT INTO sync_runs (connection_id, object_type, mode, status, worker_id, started_at, heartbeat_at, resumed_from_run_id) VALUES (1, 'Invoice', 'backfill', 'running', 'w', 0, 0, 99)`).run()).toThrow(/FOREIGN KEY/);
  });
});
