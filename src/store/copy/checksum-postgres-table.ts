import { sql, type Transaction } from 'kysely';
import type { DB } from '../schema.js';
import { createRowChecksum } from './checksum-rows.js';
import type { TablePlan } from './plan-table-copy.js';

const FETCH_SIZE = 5000;

/**
 * Row count and checksum of one PostgreSQL table, read the way SQLite's side is: the same columns,
 * primary-key order with text compared byte-wise (COLLATE "C", citext as text) and nulls first.
 * Rows come through a server-side cursor, so a large table is never held in memory; `tx` is a
 * transaction (a cursor lives in one).
 */
export async function checksumPostgresTable(tx: Transaction<DB>, plan: TablePlan): Promise<{ rows: number; checksum: string }> {
  const order = sql.join(
    plan.orderBy.map((c) => (plan.textColumns.has(c) ? sql`${sql.ref(c)}::text COLLATE "C" ASC NULLS FIRST` : sql`${sql.ref(c)} ASC NULLS FIRST`)),
  );
  const columns = sql.join(plan.columns.map((c) => sql.ref(c)));
  await sql`DECLARE clienthub_checksum NO SCROLL CURSOR FOR SELECT ${columns} FROM ${sql.table(plan.name)} ORDER BY ${order}`.execute(tx);
  const checksum = createRowChecksum(plan.columns.map((c) => plan.jsonColumns.has(c)));
  try {
    for (;;) {
      const { rows } = await sql<Record<string, unknown>>`FETCH ${sql.raw(String(FETCH_SIZE))} FROM clienthub_checksum`.execute(tx);
      for (const row of rows) checksum.add(plan.columns.map((c) => row[c]));
      if (rows.length < FETCH_SIZE) break;
    }
  } finally {
    await sql`CLOSE clienthub_checksum`.execute(tx);
  }
  return { rows: checksum.rows, checksum: checksum.digest() };
}
