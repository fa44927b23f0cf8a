import { openCopyTarget } from './open-copy-target.js';
import { openSqliteSource } from './open-sqlite-source.js';
import { planTableCopy } from './plan-table-copy.js';
import { verifyCopy, type TableVerification } from './verify-copy.js';
import { describePostgresUrl } from '../postgres/describe-postgres-url.js';

/**
 * `clienthub db verify`: the checks `db copy` ends with, on their own — row counts and checksums
 * of every table, the SQLite file (read-only, one snapshot) against a PostgreSQL database (not migrated).
 */
export async function verifySqliteAgainstPostgres(options: { sqliteFile: string; targetUrl: string; progress?: (line: string) => void; connectTimeoutMs?: number }): Promise<{ target: string; verification: TableVerification[] }> {
  const source = openSqliteSource(options.sqliteFile);
  try {
    const target = await openCopyTarget(options.targetUrl, { migrate: false, connectTimeoutMs: options.connectTimeoutMs });
    try {
      source.exec('BEGIN');
      try {
        const plans = await planTableCopy(source, target.db);
        return { target: describePostgresUrl(options.targetUrl), verification: await verifyCopy(source, target.db, plans, options.progress) };
      } finally {
        source.exec('COMMIT');
      }
    } finally {
      await target.close();
    }
  } finally {
    source.close();
  }
}
