import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'kysely';
import { openTestStore, type TestStore } from '../../../tests/support/store-engines.js';
import { analyzeStaleTables } from './analyze-stale-tables.js';

describe('analyzeStaleTables', () => {
  let postgres: TestStore;
  let sqlite: TestStore;
  beforeAll(async () => {
    [postgres, sqlite] = await Promise.all([openTestStore('postgres'), openTestStore('sqlite')]);
    // Autovacuum's own ANALYZE would reset the counts this test reads.
    await sql`ALTER TABLE records SET (autovacuum_enabled = false)`.execute(postgres.store.db);
  });
  afterAll(async () => {
    await Promise.all([postgres?.cleanup(), sqlite?.cleanup()]);
  });

  const seed = async (t: TestStore, from: number, count: number) => {
    const ws = (await t.store.db.selectFrom('workspaces').select('id').executeTakeFirst()) ?? (await t.store.db.insertInto('workspaces').values({ slug: 'w', name: 'W', created_at: 1 }).returning('id').executeTakeFirstOrThrow());
    const cn =
      (await t.store.db.selectFrom('connections').select('id').executeTakeFirst()) ??
      (await t.store.db.insertInto('connections').values({ workspace_id: ws.id, provider: 'hubspot', label: 'h', auth_type: 'token', status: 'active', created_at: 1, updated_at: 1 }).returning('id').executeTakeFirstOrThrow());
    for (let i = from; i < from + count; i += 500) {
      const rows = Array.from({ length: Math.min(500, from + count - i) }, (_, k) => ({ workspace_id: ws.id, connection_id: cn.id, provider: 'hubspot', object_type: 'contacts', external_id: `e${i + k}`, kind: 'contact', data: '{}', raw: '{}', content_hash: 'h', synced_at: 1 }));
      await t.store.db.insertInto('records').values(rows).execute();
    }
  };
  const lastAnalyze = async () => (await sql<{ last_analyze: Date | null }>`SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'records'`.execute(postgres.store.db)).rows[0]!.last_analyze;

  it('on PostgreSQL, analyzes a sync table once enough of it changed, at most every few seconds; small changes wait', async () => {
    await seed(postgres, 0, 300);
    // Statistics reach pg_stat a moment after the writes commit.
    await vi.waitFor(async () => expect(Number((await sql<{ n: string }>`SELECT n_mod_since_analyze AS n FROM pg_stat_user_tables WHERE relname = 'records'`.execute(postgres.store.db)).rows[0]!.n)).toBe(300), { timeout: 10_000, interval: 200 });
    expect(await analyzeStaleTables(postgres.store, 1_000_000)).toEqual({ analyzed: [] });
    await seed(postgres, 300, 1_500);
    await vi.waitFor(async () => expect(Number((await sql<{ n: string }>`SELECT n_mod_since_analyze AS n FROM pg_stat_user_tables WHERE relname = 'records'`.execute(postgres.store.db)).rows[0]!.n)).toBe(1_800), { timeout: 10_000, interval: 200 });
    // Checked 1 s after the last check: too soon, nothing asked.
    expect(await analyzeStaleTables(postgres.store, 1_001_000)).toEqual({ analyzed: [] });
    expect(await lastAnalyze()).toBeNull();
    expect((await analyzeStaleTables(postgres.store, 1_010_000)).analyzed).toContain('records');
    expect(await lastAnalyze()).not.toBeNull();
  });

  it('does nothing on SQLite', async () => {
    await seed(sqlite, 0, 2_000);
    expect(await analyzeStaleTables(sqlite.store, 5_000_000)).toEqual({ analyzed: [] });
  });
});
