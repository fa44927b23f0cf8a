import { sql } from 'kysely';
import type { Store } from '../store.js';

/**
 * The tables a sync page reads back by key while it writes them (a page's stored states, links,
 * identity keys, id lists, the change log): their plans depend on PostgreSQL's statistics.
 */
const SYNC_TABLES = ['records', 'record_changes', 'record_refs', 'record_links', 'identity_keys'] as const;

/** Rows changed since the last ANALYZE that make a table's statistics stale: this many, or this share of its rows. */
const STALE_ROWS = 1_000;
const STALE_SHARE = 0.1;

/** A sync checks at most this often per store: the check is one small query, ANALYZE samples at most 30 000 rows. */
const CHECK_EVERY_MS = 5_000;
const lastCheck = new WeakMap<Store, number>();
const LOCK_NOT_AVAILABLE = '55P03';

/**
 * ANALYZEs the sync tables whose statistics have gone stale, on PostgreSQL (SQLite's planner does not
 * need them for these lookups). A backfill into a table PostgreSQL has not analyzed yet is planned as
 * if the table were nearly empty: the page's lookup by (connection, object type, external ids) then
 * walks every record of the object type instead of probing 500 keys — measured 16.5 ms against 1.2 ms a
 * page at 100 000 records, so the backfill grows with the square of its size until autovacuum's next
 * round (a minute, or 10 % of the table, later). Called between a sync's pages; never fails the sync:
 * a table another process is analyzing is skipped (lock wait bounded), any error is returned, not thrown.
 */
export async function analyzeStaleTables(store: Store, now = Date.now()): Promise<{ analyzed: string[]; error?: string }> {
  if (store.engine !== 'postgres') return { analyzed: [] };
  if (now - (lastCheck.get(store) ?? 0) < CHECK_EVERY_MS) return { analyzed: [] };
  lastCheck.set(store, now);
  try {
    const { rows } = await sql<{ relname: string }>`
      SELECT relname FROM pg_stat_user_tables
       WHERE schemaname = current_schema() AND relname IN (${sql.join([...SYNC_TABLES])})
         AND n_mod_since_analyze >= GREATEST(${sql.lit(STALE_ROWS)}, n_live_tup * ${sql.lit(STALE_SHARE)})`.execute(store.db);
    const analyzed: string[] = [];
    for (const { relname } of rows) {
      try {
        await store.db.transaction().execute(async (tx) => {
          await sql`SET LOCAL lock_timeout = '200ms'`.execute(tx);
          await sql`ANALYZE ${sql.table(relname)}`.execute(tx);
        });
        analyzed.push(relname);
      } catch (error) {
        // Another process is analyzing it (55P03, lock not available): its statistics are on the way.
        if ((error as { code?: string }).code !== LOCK_NOT_AVAILABLE) throw error;
      }
    }
    return { analyzed };
  } catch (error) {
    return { analyzed: [], error: error instanceof Error ? error.message : String(error) };
  }
}
