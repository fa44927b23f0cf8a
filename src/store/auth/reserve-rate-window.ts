import { sql } from 'kysely';
import type { Queryable } from '../store.js';

/**
 * Takes one attempt from a fixed window in one conditional upsert: counted only while the window
 * is under its limit (or when a new window has started), so two connections can never both take the
 * last attempt. Returns the count after this attempt, or null when the window was full (not counted).
 * PostgreSQL's ON CONFLICT … DO UPDATE … WHERE locks the row and re-checks the condition on its
 * newest version; SQLite has one writer.
 */
export async function reserveRateWindow(q: Queryable, key: string, windowStart: number, limit: number): Promise<number | null> {
  const row = await q
    .insertInto('rate_windows')
    .values({ key, window_start: windowStart, used: 1 })
    .onConflict((oc) =>
      oc
        .column('key')
        .doUpdateSet({
          used: sql<number>`CASE WHEN rate_windows.window_start = excluded.window_start THEN rate_windows.used + 1 ELSE 1 END`,
          window_start: (eb) => eb.ref('excluded.window_start'),
        })
        .where((eb) => eb.or([eb('rate_windows.window_start', '!=', eb.ref('excluded.window_start')), eb('rate_windows.used', '<', limit)])),
    )
    .returning('used')
    .executeTakeFirst();
  return row ? Number(row.used) : null;
}
