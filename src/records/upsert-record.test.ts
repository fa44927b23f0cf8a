import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../db/open-database.js';
import { upsertRecord, type RecordWrite } from './upsert-record.js';

describe('upsertRecord', () => {
  let dir: string;
  let db: Db;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'clienthub-upsert-'));
    db = openDatabase(join(dir, 'cache.sqlite'));
    db.prepare(`INSERT INTO workspaces (id, slug, name, created_at) VALUES (1, 'w', 'W', 0)`).run();
    db.prepare(`INSERT INTO connections (id, workspace_id, provider, label, auth_type, created_at, updated_at) VALUES (1, 1, 'hubspot', 'env', 'token', 0, 0)`).run();
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const write = (version: number, name: string, deleted = false): RecordWrite => ({
    workspaceId: 1,
    connectionId: 1,
    provider: 'hubspot',
    objectType: 'companies',
    externalId: '42',
    kind: 'company',
    data: { name },
    raw: { id: '42', properties: { name, hs_lastmodifieddate: String(version) } },
    sourceUpdatedAt: version,
    deleted,
  });

  it('applies versions in source order whatever order they arrive in, newest wins', () => {
    expect(upsertRecord(db, write(200, 'Newer')).outcome).toBe('added');
    expect(upsertRecord(db, write(100, 'Older')).outcome).toBe('stale');
    expect(upsertRecord(db, write(200, 'Newer')).outcome).toBe('unchanged');
    expect(upsertRecord(db, write(300, 'Newest')).outcome).toBe('updated');
    const row = db.prepare(`SELECT json_extract(data, '$.name') AS name, version, source_updated_at AS at FROM records`).get();
    expect(row).toEqual({ name: 'Newest', version: 2, at: 300 });
    expect(db.prepare('SELECT change, version FROM record_changes ORDER BY id').all()).toEqual([
      { change: 'created', version: 1 },
      { change: 'updated', version: 2 },
    ]);
  });

  it('keeps deletions ordered too: an older edit cannot resurrect a deleted record', () => {
    upsertRecord(db, write(100, 'Alive'));
    expect(upsertRecord(db, write(300, 'Alive', true)).outcome).toBe('deleted');
    expect(upsertRecord(db, write(200, 'Edited before deletion')).outcome).toBe('stale');
    expect(db.prepare('SELECT deleted FROM records').get()).toEqual({ deleted: 1 });
  });

  it('hashes content independently of key order, so a re-read of the same payload writes nothing', () => {
    upsertRecord(db, write(100, 'Same'));
    const reordered = write(100, 'Same');
    reordered.raw = { properties: { hs_lastmodifieddate: '100', name: 'Same' }, id: '42' };
    expect(upsertRecord(db, reordered).outcome).toBe('unchanged');
  });
});
