import { randomUUID } from 'node:crypto';
import type { Store } from '../store/store.js';
import { listConcurrencySlots } from '../store/sync/list-concurrency-slots.js';
import { upsertConcurrencySlot } from '../store/sync/upsert-concurrency-slot.js';
import { deleteConcurrencySlot } from '../store/sync/delete-concurrency-slot.js';
import { lockTransactionKey } from '../store/common/lock-transaction-key.js';

/**
 * How long a slot is held before others may take it: a process that dies mid-call must not
 * hold a slot for ever. Longer than any single provider call the SDKs allow.
 */
const SLOT_LEASE_MS = 120_000;
const POLL_MS = 25;

/**
 * Takes a free slot (0..max-1) for the key, or null when all are held. One transaction at a time per
 * key (the key's lock), so two processes (on one machine or many sharing PostgreSQL) never take the
 * same slot, and a burst of callers queues instead of aborting each other.
 */
export async function takeConcurrencySlot(store: Store, key: string, max: number, holder: string, now = Date.now()): Promise<number | null> {
  return store.transaction(
    async (tx) => {
      await lockTransactionKey(tx, store.engine, `concurrency:${key}`);
      const held = new Map((await listConcurrencySlots(tx, key)).map((row) => [row.slot, row.expiresAt]));
      for (let slot = 0; slot < max; slot++) {
        const expiresAt = held.get(slot);
        if (expiresAt !== undefined && expiresAt > now) continue;
        await upsertConcurrencySlot(tx, key, slot, holder, now + SLOT_LEASE_MS);
        return slot;
      }
      return null;
    },
    { isolation: 'read committed' },
  );
}

export async function releaseConcurrencySlot(store: Store, key: string, slot: number, holder: string): Promise<void> {
  await deleteConcurrencySlot(store.db, key, slot, holder);
}

/**
 * Runs `work` while holding one of `max` slots for the key, shared by every process on the store
 * (Xero refuses a sixth concurrent call to one organisation with a 429).
 */
export async function withConcurrencySlot<T>(store: Store, key: string, max: number, work: () => Promise<T>): Promise<T> {
  const holder = randomUUID();
  let slot = await takeConcurrencySlot(store, key, max, holder);
  while (slot === null) {
    // Local contention, not a provider's wait: real time even when tests fake the hub's sleep.
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    slot = await takeConcurrencySlot(store, key, max, holder);
  }
  try {
    return await work();
  } finally {
    await releaseConcurrencySlot(store, key, slot, holder);
  }
}
