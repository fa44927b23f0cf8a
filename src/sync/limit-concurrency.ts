import { randomUUID } from 'node:crypto';
import type { Db } from '../db/open-database.js';
import { cachedStatement } from '../db/cached-statement.js';

/**
 * How long a slot is held before others may take it: a process that dies mid-call must not
 * hold a slot for ever. Longer than any single provider call the SDKs allow.
 */
const SLOT_LEASE_MS = 120_000;
const POLL_MS = 25;

/** Takes a free slot (0..max-1) for the key, or null when all are held. One statement, so two processes never share one. */
export function takeConcurrencySlot(db: Db, key: string, max: number, holder: string, now = Date.now()): number | null {
  return db.transaction(() => {
    const held = new Map(
      (cachedStatement(db, 'SELECT slot, expires_at FROM concurrency_slots WHERE key = ?').all(key) as { slot: number; expires_at: number }[]).map((row) => [row.slot, row.expires_at]),
    );
    for (let slot = 0; slot < max; slot++) {
      const expiresAt = held.get(slot);
      if (expiresAt !== undefined && expiresAt > now) continue;
      cachedStatement(
        db,
        `INSERT INTO concurrency_slots (key, slot, holder, expires_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (key, slot) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at`,
      ).run(key, slot, holder, now + SLOT_LEASE_MS);
      return slot;
    }
    return null;
  }).immediate();
}

export function releaseConcurrencySlot(db: Db, key: string, slot: number, holder: string): void {
  cachedStatement(db, 'DELETE FROM concurrency_slots WHERE key = ? AND slot = ? AND holder = ?').run(key, slot, holder);
}

/**
 * Runs `work` while holding one of `max` slots for the key, shared by every process on this data
 * directory (Xero refuses a sixth concurrent call to one organisation with a 429).
 */
export async function withConcurrencySlot<T>(db: Db, key: string, max: number, work: () => Promise<T>): Promise<T> {
  const holder = randomUUID();
  let slot = takeConcurrencySlot(db, key, max, holder);
  while (slot === null) {
    // Local contention, not a provider's wait: real time even when tests fake the hub's sleep.
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    slot = takeConcurrencySlot(db, key, max, holder);
  }
  try {
    return await work();
  } finally {
    releaseConcurrencySlot(db, key, slot, holder);
  }
}
