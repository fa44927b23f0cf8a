import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';

/** Thrown for a copy the operator must change (a missing file, a non-empty target, schemas that differ): its message is the sentence shown. */
export class CopyRefusedError extends Error {}

/**
 * Opens the hub's SQLite file read-only for copying: nothing is ever written to it, and integers
 * come back exactly (as bigint) so no value is rounded on its way to PostgreSQL.
 */
export function openSqliteSource(file: string): Database.Database {
  if (!existsSync(file)) throw new CopyRefusedError(`There is no SQLite file at ${file}: set CLIENTHUB_DATA_DIR (or --data-dir) to the hub's data directory.`);
  const handle = new Database(file, { readonly: true, fileMustExist: true });
  handle.defaultSafeIntegers(true);
  return handle;
}
