import type Database from 'better-sqlite3';
import { CompiledQuery, sql, type Transaction } from 'kysely';
import type { DB } from '../schema.js';
import { describePostgresUrl } from '../postgres/describe-postgres-url.js';
import { sqliteTableQuery } from './checksum-sqlite-table.js';
import { openCopyTarget } from './open-copy-target.js';
import { CopyRefusedError, openSqliteSource } from './open-sqlite-source.js';
import { planTableCopy, type TablePlan } from './plan-table-copy.js';
import { readPostgresMigrationVersions, readSqliteMigrationVersions } from './read-migration-versions.js';
import { verifyCopy, type TableVerification } from './verify-copy.js';

export interface CopyOptions {
  sqliteFile: string;
  targetUrl: string;
  /** Empty the target's tables first (in the copy's transaction) instead of refusing a non-empty target. */
  replace?: boolean;
  /** Rows per INSERT at most (also bounded by PostgreSQL's 65 535 parameters per statement). */
  batchRows?: number;
  progress?: (line: string) => void;
  connectTimeoutMs?: number;
}

export interface CopyResult {
  target: string;
  copied: { table: string; rows: number }[];
  verification: TableVerification[];
}

/** About 32 MB of values per INSERT at most, whatever the row count. */
const BATCH_BYTES = 32 * 1024 * 1024;

/** SQLite's exact integers (bigint) as numbers when they fit, else as text PostgreSQL reads into BIGINT. */
function toPostgresValue(value: unknown): unknown {
  if (typeof value === 'bigint') return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
  return value;
}

function sizeOf(value: unknown): number {
  return typeof value === 'string' ? value.length : value instanceof Uint8Array ? value.byteLength : 8;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * One multi-row INSERT. Its text is built here rather than through the query builder: compiling
 * thousands of rows' parameter nodes per batch took longer than PostgreSQL took to insert them.
 */
async function insertRows(tx: Transaction<DB>, plan: TablePlan, rows: unknown[][]): Promise<void> {
  const width = plan.columns.length;
  const tuples = rows.map((_, r) => `(${plan.columns.map((__, c) => `$${r * width + c + 1}`).join(', ')})`);
  const overriding = plan.identityColumns.length > 0 ? ' OVERRIDING SYSTEM VALUE' : '';
  const text = `INSERT INTO ${quote(plan.name)} (${plan.columns.map(quote).join(', ')})${overriding} VALUES ${tuples.join(', ')}`;
  await tx.executeQuery(CompiledQuery.raw(text, rows.flat()));
}

/** Self-references (a client merged into a later one) are written once every row of the table exists. */
async function writeSelfReferences(tx: Transaction<DB>, plan: TablePlan, key: string, pending: unknown[][]): Promise<void> {
  const names = ['k', ...plan.selfReferences.map((_, i) => `r${i}`)];
  const sets = sql.join(plan.selfReferences.map((column, i) => sql`${sql.ref(column)} = v.${sql.ref(`r${i}`)}::bigint`));
  for (let i = 0; i < pending.length; i += 5000) {
    const values = sql.join(pending.slice(i, i + 5000).map((row) => sql`(${sql.join(row)})`));
    await sql`UPDATE ${sql.table(plan.name)} AS t SET ${sets} FROM (VALUES ${values}) AS v(${sql.join(names.map((n) => sql.ref(n)))}) WHERE t.${sql.ref(key)} = v.k::bigint`.execute(tx);
  }
}

async function copyTable(tx: Transaction<DB>, source: Database.Database, plan: TablePlan, batchRows: number, progress: (line: string) => void): Promise<number> {
  const total = Number((source.prepare(`SELECT COUNT(*) FROM "${plan.name}"`).raw(true).get() as [bigint])[0]);
  progress(`copying ${plan.name}: ${total} rows`);
  if (total === 0) return 0;
  const perInsert = Math.max(1, Math.min(batchRows, Math.floor(60_000 / plan.columns.length)));
  const selfIndexes = plan.selfReferences.map((c) => plan.columns.indexOf(c));
  const key = plan.orderBy[0]!;
  if (selfIndexes.length > 0 && plan.orderBy.length !== 1) throw new Error(`Table ${plan.name} references itself but has no single-column key: the copy cannot order it.`);
  const keyIndex = plan.columns.indexOf(key);
  const pendingReferences: unknown[][] = [];
  let batch: unknown[][] = [];
  let bytes = 0;
  let copied = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await insertRows(tx, plan, batch);
    copied += batch.length;
    batch = [];
    bytes = 0;
    if (total > perInsert) progress(`  ${plan.name}: ${copied}/${total}`);
  };
  for (const raw of source.prepare(sqliteTableQuery(plan)).raw(true).iterate() as IterableIterator<unknown[]>) {
    const row = raw.map(toPostgresValue);
    if (selfIndexes.some((i) => row[i] !== null)) {
      pendingReferences.push([row[keyIndex], ...selfIndexes.map((i) => row[i])]);
      for (const i of selfIndexes) row[i] = null;
    }
    batch.push(row);
    bytes += row.reduce<number>((sum, value) => sum + sizeOf(value), 0);
    if (batch.length >= perInsert || bytes >= BATCH_BYTES) await flush();
  }
  await flush();
  if (pendingReferences.length > 0) await writeSelfReferences(tx, plan, key, pendingReferences);
  return copied;
}

async function tablesWithRows(tx: Transaction<DB>, plans: TablePlan[]): Promise<string[]> {
  const filled: string[] = [];
  for (const plan of plans) {
    const { rows } = await sql<{ any: boolean }>`SELECT EXISTS (SELECT 1 FROM ${sql.table(plan.name)}) AS any`.execute(tx);
    if (rows[0]?.any) filled.push(plan.name);
  }
  return filled;
}

/** Tables with triggers of the hub's own (identity keys): silenced during the copy, which writes what SQLite's triggers already wrote. */
async function tablesWithUserTriggers(tx: Transaction<DB>): Promise<string[]> {
  const { rows } = await sql<{ table: string }>`SELECT DISTINCT c.relname AS table FROM pg_trigger t
    JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE NOT t.tgisinternal AND n.nspname = current_schema() ORDER BY 1`.execute(tx);
  return rows.map((r) => r.table);
}

function checkSameSchema(sqliteVersions: number[], postgresVersions: number[]): void {
  const sqliteTop = Math.max(0, ...sqliteVersions);
  const postgresTop = Math.max(0, ...postgresVersions);
  if (sqliteTop < postgresTop) {
    throw new CopyRefusedError(`The SQLite file is at schema version ${sqliteTop} and this ClientHub at ${postgresTop}: bring the file up to date first (\`clienthub db migrate\` with DATABASE_URL unset, or start the hub once on it), then copy again.`);
  }
  if (sqliteTop > postgresTop) {
    throw new CopyRefusedError(`The SQLite file is at schema version ${sqliteTop}, newer than this ClientHub (${postgresTop}): copy with the ClientHub version that last ran on it.`);
  }
}

/**
 * `clienthub db copy`: every table of the SQLite file into a PostgreSQL database, in one
 * PostgreSQL transaction — the target is migrated first, a target holding any row is refused
 * unless `replace` (then it is emptied in the same transaction), tables go in foreign-key order in
 * batches of thousands of rows, identity sequences are moved past the copied ids, and sealed
 * credentials travel as the ciphertext they are. Then both sides are verified table by table.
 * The SQLite file is opened read-only and read in one snapshot.
 */
export async function copySqliteToPostgres(options: CopyOptions): Promise<CopyResult> {
  const progress = options.progress ?? (() => undefined);
  const where = describePostgresUrl(options.targetUrl);
  const source = openSqliteSource(options.sqliteFile);
  try {
    const target = await openCopyTarget(options.targetUrl, { migrate: true, connectTimeoutMs: options.connectTimeoutMs });
    try {
      // One read snapshot for the copy and its verification.
      source.exec('BEGIN');
      try {
        checkSameSchema(readSqliteMigrationVersions(source), await readPostgresMigrationVersions(target.db));
        const plans = await planTableCopy(source, target.db);
        const started = Date.now();
        const copied = await target.transaction(async (tx) => {
          const filled = await tablesWithRows(tx, plans);
          if (filled.length > 0 && !options.replace) {
            const named = filled.length > 4 ? `${filled.slice(0, 4).join(', ')} and ${filled.length - 4} more` : filled.join(', ');
            throw new CopyRefusedError(`The PostgreSQL database at ${where} is not empty (rows in ${named}): nothing was copied; copy into an empty database, or add --replace to delete its rows first.`);
          }
          if (filled.length > 0) {
            progress(`emptying ${filled.length} tables of ${where} (--replace)`);
            await sql`TRUNCATE TABLE ${sql.join(plans.map((p) => sql.table(p.name)))} RESTART IDENTITY`.execute(tx);
          }
          const triggered = await tablesWithUserTriggers(tx);
          for (const table of triggered) await sql`ALTER TABLE ${sql.table(table)} DISABLE TRIGGER USER`.execute(tx);
          const counts: { table: string; rows: number }[] = [];
          for (const plan of plans) {
            try {
              counts.push({ table: plan.name, rows: await copyTable(tx, source, plan, options.batchRows ?? 5000, progress) });
            } catch (error) {
              // PostgreSQL's refusal (a NUL in text, a fraction in an integer column, a broken reference) names no table: this does.
              throw new Error(`Copying table ${plan.name} failed, nothing was written: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
            }
          }
          for (const table of triggered) await sql`ALTER TABLE ${sql.table(table)} ENABLE TRIGGER USER`.execute(tx);
          for (const plan of plans) {
            for (const column of plan.identityColumns) {
              await sql`SELECT setval(pg_get_serial_sequence(${plan.name}, ${column}), COALESCE((SELECT MAX(${sql.ref(column)}) FROM ${sql.table(plan.name)}), 0) + 1, false)`.execute(tx);
            }
          }
          progress('committing');
          return counts;
        });
        const rows = copied.reduce((sum, c) => sum + c.rows, 0);
        progress(`copied ${rows} rows of ${copied.length} tables in ${((Date.now() - started) / 1000).toFixed(1)} s; verifying`);
        const verification = await verifyCopy(source, target.db, plans, progress);
        return { target: where, copied, verification };
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
