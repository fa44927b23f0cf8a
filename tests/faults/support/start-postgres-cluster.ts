/**
 * A PostgreSQL server of the test's own (Debian's pg_createcluster, on a spare port, trust auth), so a
 * test can stop and start it under running hubs — the shared server at 5432 is never touched.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { freePort } from '../../support/free-port.js';

export interface PostgresCluster {
  /** postgres://… of the database the hubs use. */
  url: string;
  stop(): void;
  start(): void;
  drop(): void;
}

export async function startPostgresCluster(): Promise<PostgresCluster> {
  const version = readdirSync('/etc/postgresql').sort((a, b) => Number(a) - Number(b)).at(-1);
  if (!version) throw new Error('no PostgreSQL installed (/etc/postgresql is empty): install the postgresql package');
  const port = await freePort();
  const name = `clienthub_outage_${process.pid}`;
  const run = (command: string, args: string[]) => execFileSync(command, args, { stdio: 'pipe', timeout: 60_000 });
  run('pg_createcluster', [version, name, '-p', String(port), '--start', '--', '--auth=trust']);
  run('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-q', '-c', 'CREATE DATABASE clienthub']);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/clienthub`,
    stop: () => run('pg_ctlcluster', [version, name, 'stop', '-m', 'fast']),
    start: () => run('pg_ctlcluster', [version, name, 'start']),
    drop: () => run('pg_dropcluster', [version, name, '--stop']),
  };
}
