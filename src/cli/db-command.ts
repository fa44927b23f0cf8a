/**
 * clienthub db <copy|verify|migrate|status>: the store's own commands (issue 15). `copy` moves an
 * existing SQLite deployment onto PostgreSQL; `verify` repeats its checks; `migrate` and `status`
 * work on the configured store (DATABASE_URL, else the SQLite file in the data directory).
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import { loadConfig } from '../config/load-config.js';
import { copySqliteToPostgres } from '../store/copy/copy-sqlite-to-postgres.js';
import { verifySqliteAgainstPostgres } from '../store/copy/verify-sqlite-against-postgres.js';
import { migrateConfiguredStore } from '../store/copy/migrate-configured-store.js';
import { readStoreStatus } from '../store/copy/read-store-status.js';
import type { TableVerification } from '../store/copy/verify-copy.js';
import { printRows, UsageError } from './cli-output.js';

type Act = <A extends unknown[]>(run: (...args: A) => Promise<number | void> | number | void) => (...args: A) => Promise<void>;

const SNAPSHOT_NOTE = `
The SQLite file (CLIENTHUB_DATA_DIR/clienthub.sqlite, or --data-dir) is opened read-only and read in
one snapshot, so the hub may keep running, but what it writes after the copy starts is not copied:
stop the hub (serve and every worker) first, copy, then start it with DATABASE_URL set.`;

const progressLine = (line: string) => process.stderr.write(`${line}\n`);

function targetUrl(to: string): string {
  if (!/^postgres(ql)?:\/\//.test(to)) throw new UsageError(`--to must be a postgres:// URL, got "${to.replace(/\/\/[^@/]*@/, '//…@')}".`);
  return to;
}

/** Prints the per-table verification; returns the exit code (1 when any table differs, naming it). */
function reportVerification(target: string, verification: TableVerification[], json: boolean): number {
  const bad = verification.filter((v) => !v.matches);
  if (json) {
    console.log(JSON.stringify({ target, ok: bad.length === 0, mismatched: bad.map((v) => v.table), tables: verification }, null, 2));
  } else {
    printRows(
      verification.map((v) => ({
        table: v.table,
        sqlite: v.sqliteRows,
        postgres: v.postgresRows,
        checksum: v.sqliteChecksum.slice(0, 12),
        match: v.matches ? 'yes' : v.sqliteRows !== v.postgresRows ? 'NO (rows)' : `NO (${v.postgresChecksum.slice(0, 12)})`,
      })),
      { json: false, empty: 'No tables.' },
    );
  }
  if (bad.length > 0) {
    console.error(`Verification failed: ${bad.map((v) => `${v.table} (${v.sqliteRows} rows in SQLite, ${v.postgresRows} in PostgreSQL${v.sqliteRows === v.postgresRows ? ', contents differ' : ''})`).join(', ')} at ${target}.`);
    return 1;
  }
  if (!json) console.log(`All ${verification.length} tables match: ${verification.reduce((s, v) => s + v.sqliteRows, 0)} rows at ${target}.`);
  return 0;
}

export function addDbCommands(program: Command, act: Act): void {
  const db = program.command('db').description('the database: copy a SQLite deployment to PostgreSQL, verify it, migrate, status');
  const json = () => new Option('--json', 'print machine-readable JSON instead of a table');

  db.command('copy')
    .description('copy every table of the SQLite file into a PostgreSQL database, then verify counts and checksums (exit 1 on any mismatch)')
    .requiredOption('--to <url>', 'the PostgreSQL database, postgres://user:password@host:5432/database (migrated first)')
    .option('--replace', "empty the target's tables first (in the copy's transaction) instead of refusing a non-empty target")
    .option('--batch <rows>', 'rows per INSERT at most', '5000')
    .addOption(json())
    .addHelpText('after', `${SNAPSHOT_NOTE}
Everything is written in one PostgreSQL transaction: a failure leaves the target as it was. Sealed
credentials are copied as stored (the same CLIENTHUB_SECRET_KEY opens them). Progress goes to stderr.`)
    .action(act(async (opts: { to: string; replace?: boolean; batch: string; json?: boolean }) => {
      const batchRows = Number(opts.batch);
      if (!Number.isInteger(batchRows) || batchRows < 1) throw new UsageError(`--batch must be a positive number of rows, got "${opts.batch}"`);
      const config = loadConfig();
      const result = await copySqliteToPostgres({ sqliteFile: config.databaseFile, targetUrl: targetUrl(opts.to), replace: Boolean(opts.replace), batchRows, progress: progressLine });
      return reportVerification(result.target, result.verification, Boolean(opts.json));
    }));

  db.command('verify')
    .description('compare the SQLite file with a PostgreSQL copy: row counts and checksums per table (exit 1 naming any table that differs)')
    .requiredOption('--to <url>', 'the PostgreSQL database `db copy` wrote')
    .addOption(json())
    .addHelpText('after', SNAPSHOT_NOTE)
    .action(act(async (opts: { to: string; json?: boolean }) => {
      const config = loadConfig();
      const result = await verifySqliteAgainstPostgres({ sqliteFile: config.databaseFile, targetUrl: targetUrl(opts.to), progress: progressLine });
      return reportVerification(result.target, result.verification, Boolean(opts.json));
    }));

  db.command('migrate')
    .description("apply pending migrations to DATABASE_URL's PostgreSQL, or else to the SQLite file (created if missing)")
    .action(act(async () => {
      const result = await migrateConfiguredStore(loadConfig());
      console.log(
        result.applied.length > 0
          ? `Applied migration${result.applied.length > 1 ? 's' : ''} ${result.applied.join(', ')} to ${result.where}: schema version ${result.version}.`
          : `Nothing to apply: ${result.where} is at schema version ${result.version}.`,
      );
    }));

  db.command('status')
    .description('the configured store: engine, where, schema version, pending migrations, rows per table (nothing is changed)')
    .addOption(json())
    .action(act(async (opts: { json?: boolean }) => {
      const status = await readStoreStatus(loadConfig());
      if (opts.json) {
        console.log(JSON.stringify(status, null, 2));
        return;
      }
      console.log(`Engine:          ${status.engine === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : 'SQLite (no DATABASE_URL)'}`);
      console.log(`Where:           ${status.where}${status.exists ? '' : ' (does not exist yet: the hub creates it on first start)'}`);
      console.log(`Schema version:  ${status.version}`);
      console.log(`Pending:         ${status.pending.length === 0 ? 'none' : status.pending.map((m) => `${m.version} ${m.name}`).join(', ')}`);
      if (status.tables.length > 0) {
        console.log('');
        printRows(status.tables, { json: false, empty: '' });
      }
    }));
}
