import type { Db } from '../db/open-database.js';

export interface RateBudget {
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
}

/**
 * Takes one request slot from a fixed-window budget kept in SQLite (so every worker process
 * on this data directory shares it). Returns 0 when the request may go now, otherwise how long
 * to wait for the next window. Providers' limits are per account per minute/second; staying
 * just under them is cheaper than bouncing off 429s.
 */
export function takeRequestSlot(db: Db, key: string, budget: RateBudget, now = Date.now()): number {
  const windowStart = now - (now % budget.windowMs);
  const row = db
    .prepare(
      `INSERT INTO rate_windows (key, window_start, used) VALUES (?, ?, 1)
       ON CONFLICT (key) DO UPDATE SET
         used = CASE WHEN rate_windows.window_start = excluded.window_start THEN rate_windows.used + 1 ELSE 1 END,
         window_start = excluded.window_start
       RETURNING used`,
    )
    .get(key, windowStart) as { used: number };
  if (row.used <= budget.limit) return 0;
  // Over budget: give the slot back and wait for the next window.
  db.prepare('UPDATE rate_windows SET used = used - 1 WHERE key = ? AND window_start = ?').run(key, windowStart);
  return windowStart + budget.windowMs - now;
}

/** Waits until every budget has a slot for this request. */
export async function paceRequest(db: Db, key: string, budgets: RateBudget[], sleep: (ms: number) => Promise<void>, now: () => number = Date.now): Promise<number> {
  let waited = 0;
  for (const budget of budgets) {
    for (;;) {
      const wait = takeRequestSlot(db, `${key}:${budget.windowMs}`, budget, now());
      if (wait === 0) break;
      waited += wait;
      await sleep(wait);
    }
  }
  return waited;
}
