import type { Store } from '../store/store.js';
import { findRequestLogBounds } from '../store/sync/find-request-log-bounds.js';
import { insertRequestLogEntries } from '../store/sync/insert-request-log-entries.js';
import { deleteRequestLogBefore } from '../store/sync/delete-request-log-before.js';
import { lockTransactionKey } from '../store/common/lock-transaction-key.js';

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
 * reservations (kept in the store, so every machine on one PostgreSQL shares them). Returns how
 * long to wait before sending. Bursts up to the limit go at once; after that calls are spaced
 * exactly as the sliding window allows. Two processes reserving at once are ordered: SQLite's write
 * lock, PostgreSQL's lock on the key (a burst queues rather than aborting each other).
 */
export async function reserveRequestSlot(store: Store, key: string, budgets: RateBudget[], now = Date.now()): Promise<number> {
  return store.transaction(
    async (tx) => {
      await lockTransactionKey(tx, store.engine, `pace:${key}`);
      const logKey = (budget: RateBudget) => `${key}:${budget.windowMs}`;
      const boundsOf = await findRequestLogBounds(tx, budgets.map((budget) => ({ key: logKey(budget), limit: budget.limit })));
      let at = now;
      // Two passes: a later time forced by one budget can only relax the others, never tighten them.
      for (let pass = 0; pass < 2; pass++) {
        for (const [i, budget] of budgets.entries()) {
          const bounds = boundsOf[i]!;
          // Keep calls in order: never slip in before a reservation another process already holds.
          if (bounds.latest !== null && bounds.latest > at) at = bounds.latest;
          if (bounds.limitTh !== undefined && bounds.limitTh + budget.windowMs + ARRIVAL_MARGIN_MS > at) at = bounds.limitTh + budget.windowMs + ARRIVAL_MARGIN_MS;
        }
      }
      await insertRequestLogEntries(tx, budgets.map((budget) => ({ key: logKey(budget), at })));
      await deleteRequestLogBefore(tx, budgets.map((budget) => ({ key: logKey(budget), cutoff: now - budget.windowMs })));
      return at - now;
    },
    { isolation: 'read committed' },
  );
}

/** Waits until every budget has room for this request; returns how long it waited. */
export async function paceRequest(store: Store, key: string, budgets: RateBudget[], sleep: (ms: number) => Promise<void>, now: () => number = Date.now): Promise<number> {
  const wait = await reserveRequestSlot(store, key, budgets, now());
  if (wait > 0) await sleep(wait);
  return wait;
}
