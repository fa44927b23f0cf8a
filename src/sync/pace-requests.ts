import type { Db } from '../db/open-database.js';
import { cachedStatement } from '../db/cached-statement.js';

export interface RateBudget {
  /** Requests allowed in any window of `windowMs` (set a little under the provider's own limit). */
  limit: number;
  windowMs: number;
}

/**
 * Calls leave on time but arrive with jitter (a slow first request, a fast later one): a window
 * that is exactly full when sent can hold one more on arrival. A little slack keeps it under.
 */
const ARRIVAL_MARGIN_MS = 100;

/**
 * Reserves the earliest moment at or after `now` when one more request keeps every budget: no
 * window of a budget's length holds more than its limit, counting every process's calls and
 * reservations (kept in SQLite). Returns how long to wait before sending. Bursts up to the limit
 * go at once; after that calls are spaced exactly as the sliding window allows.
 */
export function reserveRequestSlot(db: Db, key: string, budgets: RateBudget[], now = Date.now()): number {
  return db.transaction(() => {
    let at = now;
    // Two passes: a later time forced by one budget can only relax the others, never tighten them.
    for (let pass = 0; pass < 2; pass++) {
      for (const budget of budgets) {
        const logKey = `${key}:${budget.windowMs}`;
        const latest = cachedStatement(db, 'SELECT MAX(at) AS at FROM request_log WHERE key = ?').get(logKey) as { at: number | null };
        // Keep calls in order: never slip in before a reservation another process already holds.
        if (latest.at !== null && latest.at > at) at = latest.at;
        const limitTh = cachedStatement(db, 'SELECT at FROM request_log WHERE key = ? ORDER BY at DESC LIMIT 1 OFFSET ?').get(logKey, budget.limit - 1) as { at: number } | undefined;
        if (limitTh && limitTh.at + budget.windowMs + ARRIVAL_MARGIN_MS > at) at = limitTh.at + budget.windowMs + ARRIVAL_MARGIN_MS;
      }
    }
    for (const budget of budgets) {
      const logKey = `${key}:${budget.windowMs}`;
      cachedStatement(db, 'INSERT INTO request_log (key, at) VALUES (?, ?)').run(logKey, at);
      cachedStatement(db, 'DELETE FROM request_log WHERE key = ? AND at <= ?').run(logKey, now - budget.windowMs);
    }
    return at - now;
  }).immediate();
}

/** Waits until every budget has room for this request; returns how long it waited. */
export async function paceRequest(db: Db, key: string, budgets: RateBudget[], sleep: (ms: number) => Promise<void>, now: () => number = Date.now): Promise<number> {
  const wait = reserveRequestSlot(db, key, budgets, now());
  if (wait > 0) await sleep(wait);
  return wait;
}
