import type Database from 'better-sqlite3';
import { createRowChecksum } from './checksum-rows.js';
import type { TablePlan } from './plan-table-copy.js';

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** SQLite's side of a table: rows in primary-key order, text ordered byte-wise (as PostgreSQL's "C" collation), nulls first. */
export function sqliteTableQuery(plan: TablePlan): string {
  const order = plan.orderBy.map((c) => `${plan.sourceExpressions[plan.columns.indexOf(c)]} COLLATE BINARY ASC NULLS FIRST`).join(', ');
  return `SELECT ${plan.sourceExpressions.join(', ')} FROM ${quote(plan.name)} ORDER BY ${order}`;
}

/** Row count and checksum of one table of the SQLite file. */
export function checksumSqliteTable(source: Database.Database, plan: TablePlan): { rows: number; checksum: string } {
  const checksum = createRowChecksum(plan.columns.map((c) => plan.jsonColumns.has(c)));
  for (const row of source.prepare(sqliteTableQuery(plan)).raw(true).iterate() as IterableIterator<unknown[]>) checksum.add(row);
  return { rows: checksum.rows, checksum: checksum.digest() };
}
