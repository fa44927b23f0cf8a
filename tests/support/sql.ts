/**
 * Plain SQL for tests, on whichever engine the app runs (issue 15): seeds and assertions that are
 * clearer as one statement than as a repository call. Write `?` placeholders; on PostgreSQL they
 * become $1, $2 … (a `?` inside a quoted string is left alone). Keep to SQL both engines speak.
 * Never used by the hub itself: product SQL lives in src/store.
 */
import { CompiledQuery } from 'kysely';
import type { Store } from '../../src/store/store.js';

type HasStore = Store | { store: Store };

const storeOf = (target: HasStore): Store => ('store' in target ? target.store : target);

/** `?` → `$n` outside quoted strings and identifiers, for PostgreSQL. */
export function toPostgresPlaceholders(text: string): string {
  let n = 0;
  let out = '';
  let quote: string | null = null;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = null;
      out += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      out += ch;
    } else out += ch === '?' ? `$${++n}` : ch;
  }
  return out;
}

async function execute<T>(target: HasStore, text: string, params: unknown[]) {
  const store = storeOf(target);
  const sqlText = store.engine === 'postgres' ? toPostgresPlaceholders(text) : text;
  return store.db.executeQuery<T>(CompiledQuery.raw(sqlText, params));
}

/** Every row the statement returns. */
export async function sqlAll<T = Record<string, unknown>>(target: HasStore, text: string, ...params: unknown[]): Promise<T[]> {
  return (await execute<T>(target, text, params)).rows;
}

/** The first row the statement returns, or undefined. */
export async function sqlGet<T = Record<string, unknown>>(target: HasStore, text: string, ...params: unknown[]): Promise<T | undefined> {
  return (await execute<T>(target, text, params)).rows[0];
}

/** Runs a statement for its effect; `changes` is the rows it touched. */
export async function sqlRun(target: HasStore, text: string, ...params: unknown[]): Promise<{ changes: number }> {
  const result = await execute(target, text, params);
  return { changes: Number(result.numAffectedRows ?? 0n) };
}

/** The single value of a one-column, one-row query (a count, an id), or undefined. */
export async function sqlValue<T = number>(target: HasStore, text: string, ...params: unknown[]): Promise<T | undefined> {
  const row = await sqlGet<Record<string, T>>(target, text, ...params);
  return row ? Object.values(row)[0] : undefined;
}
