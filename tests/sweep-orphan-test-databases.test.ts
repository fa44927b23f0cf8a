import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { STORE_ENGINES, TEST_POSTGRES_URL } from './support/store-engines.js';
import { sweepOrphanTestDatabases } from './support/sweep-orphan-test-databases.js';

async function admin<T extends pg.QueryResultRow>(text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

describe.runIf(STORE_ENGINES.includes('postgres'))('sweeping test databases left by crashed runs', () => {
  it('drops the databases of test processes that no longer run and keeps those of running ones', async () => {
    // A process id that certainly ran and has ended: a child's, after it exited.
    const deadPid = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    const suffix = Math.random().toString(36).slice(2, 10);
    const orphan = `clienthub_test_${deadPid}_${suffix}`;
    const live = `clienthub_test_${process.pid}_${suffix}`;
    const other = `clienthub_sweep_${suffix}`;
    for (const name of [orphan, live, other]) await admin(`CREATE DATABASE ${name}`);
    try {
      const swept = await sweepOrphanTestDatabases();
      expect(swept).toContain(orphan);
      expect(swept).not.toContain(live);
      const left = (await admin<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname IN ('${orphan}', '${live}', '${other}')`)).map((row) => row.datname).sort();
      expect(left).toEqual([other, live].sort());
    } finally {
      for (const name of [orphan, live, other]) await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  });
});
