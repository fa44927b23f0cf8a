import type Database from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { DB } from '../schema.js';
import { checksumPostgresTable } from './checksum-postgres-table.js';
import { checksumSqliteTable } from './checksum-sqlite-table.js';
import type { TablePlan } from './plan-table-copy.js';

export interface TableVerification {
  table: string;
  sqliteRows: number;
  postgresRows: number;
  sqliteChecksum: string;
  postgresChecksum: string;
  matches: boolean;
}

/**
 * Compares every planned table on both sides: row counts and checksums computed the same way
 * (checksum-rows.ts). PostgreSQL is read in one repeatable-read transaction, so every table is
 * seen at the same moment; the caller holds SQLite's read snapshot the same way.
 */
export async function verifyCopy(
  source: Database.Database,
  target: Kysely<DB>,
  plans: TablePlan[],
  progress: (line: string) => void = () => undefined,
): Promise<TableVerification[]> {
  return target
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (tx) => {
      const results: TableVerification[] = [];
      for (const plan of plans) {
        const sqlite = checksumSqliteTable(source, plan);
        const postgres = await checksumPostgresTable(tx, plan);
        const matches = sqlite.rows === postgres.rows && sqlite.checksum === postgres.checksum;
        progress(`verified ${plan.name}: ${sqlite.rows} rows${matches ? '' : ' — MISMATCH'}`);
        results.push({ table: plan.name, sqliteRows: sqlite.rows, postgresRows: postgres.rows, sqliteChecksum: sqlite.checksum, postgresChecksum: postgres.checksum, matches });
      }
      return results;
    });
}
