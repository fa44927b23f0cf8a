import pg from 'pg';
import { TEST_POSTGRES_URL } from './store-engines.js';

/** True while a process with this id runs on this machine (signal 0 only checks; EPERM still means it exists). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Drops the test databases (`clienthub_test_<pid>_<random>`, createThrowAwayPostgres) that a test
 * process which no longer runs left behind — a crashed or killed run never reaches its cleanup.
 * Only on a PostgreSQL at this machine's loopback address: a process id names a process of the
 * machine that made the database, and a shared server's databases may belong to another machine's
 * run. Databases of processes still running (a parallel run) are left alone. Returns the names dropped.
 */
export async function sweepOrphanTestDatabases(): Promise<string[]> {
  const url = new URL(TEST_POSTGRES_URL);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) return [];
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'clienthub\\_test\\_%'`);
    const orphans = rows.map((row) => row.datname).filter((name) => {
      const pid = Number(/^clienthub_test_(\d+)_[a-z0-9]+$/.exec(name)?.[1]);
      return Number.isInteger(pid) && pid > 0 && !isAlive(pid);
    });
    for (const name of orphans) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    return orphans;
  } finally {
    await client.end();
  }
}
