import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HubSpotEmulatorStore } from '../connectors/hubspot/emulator/emulator-store.js';
import { startHubSpotEmulator, type HubSpotEmulator } from '../connectors/hubspot/emulator/start-hubspot-emulator.js';
import { runCli } from './support/spawn-cli.js';

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'clienthub-cli-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const base = (dir: string) => ({ CLIENTHUB_DATA_DIR: dir, LOG_LEVEL: 'info', HUBSPOT_ACCESS_TOKEN: '', SALESFORCE_ACCESS_TOKEN: '', REDIS_URL: '', CLIENTHUB_SECRET_KEY: 'cli-test-secret-key-0123456789-0123456789-abcdef' });

describe('clienthub CLI', () => {
  it('--help and -h on every command print usage and exit 0; an unknown command exits 2', async () => {
    const dir = dataDir();
    for (const args of [['-h'], ['runs', '--help'], ['sync', '-h'], ['connections', 'resume', '--help'], ['dead-letters', 'replay', '-h'], ['staff', 'add', '--help'], ['links', '--help'], ['serve', '--help']]) {
      const result = await runCli(args, base(dir));
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
      expect(result.stdout, args.join(' ')).toMatch(/^Usage: clienthub/m);
      // `runs --help` used to print the table.
      expect(result.stdout).not.toContain('(index)');
    }
    const unknown = await runCli(['frobnicate'], base(dir));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
  }, 240_000);

  it('unknown ids are refused with a sentence and exit 2, and nothing is changed', async () => {
    const dir = dataDir();
    for (const [args, sentence] of [
      [['connections', 'resume', '99'], 'There is no connection 99.'],
      [['runs', '7'], 'There is no run 7.'],
      [['runs', '--connection', '5'], 'There is no connection 5.'],
      [['dead-letters', 'replay', '3'], 'There is no dead letter 3.'],
      [['clients', 'merge', '1', '2'], 'There is no client 1.'],
      [['links', 'release', '12'], 'There is no record 12.'],
      [['connections', 'resume', 'abc'], 'connection must be a number'],
    ] as const) {
      const result = await runCli([...args], base(dir));
      expect(result.code, `${args.join(' ')}: ${result.stdout}${result.stderr}`).toBe(2);
      expect(result.stderr).toContain(sentence);
      expect(result.stdout).not.toMatch(/active again|replayed|merged/);
    }
  }, 240_000);

  describe('against a HubSpot emulator', () => {
    let hubspot: HubSpotEmulator;
    beforeAll(async () => {
      const store = new HubSpotEmulatorStore();
      store.seedDemo();
      // A tight burst limit: the backfill is answered 429 often and waits in place each time. Three calls
      // per 1.5 s is exceeded even by a CLI slowed down by a busy machine (four per 0.4 s was not, once).
      hubspot = await startHubSpotEmulator({ store, rateLimit: { limit: 3, windowMs: 1500, policyName: 'TEN_SECONDLY_ROLLING' }, acceptedTokens: ['good-token'] });
    });
    afterAll(() => hubspot.close());
    const env = (dir: string, token: string) => ({ ...base(dir), HUBSPOT_ACCESS_TOKEN: token, HUBSPOT_BASE_URL: hubspot.url, HUBSPOT_SEARCH_RPS: '50' });

    it('sync --wait --json: a rate-limited backfill succeeds, exit 0, waits summarised and not printed one per line', async () => {
      const dir = dataDir();
      const result = await runCli(['sync', '--wait', '--json', '--timeout', '120'], env(dir, 'good-token'));
      expect(result.code, result.stderr).toBe(0);
      const out = JSON.parse(result.stdout) as { ok: boolean; runs: { status: string; object: string }[]; rateLimitWaits: number; failed: number[] };
      expect(out.ok).toBe(true);
      expect(out.failed).toEqual([]);
      expect(out.runs.length).toBeGreaterThan(0);
      expect(out.runs.every((r) => r.status === 'succeeded')).toBe(true);
      expect(out.rateLimitWaits).toBeGreaterThan(0);
      expect(`${result.stdout}${result.stderr}`).not.toContain('rate limit: waiting');

      const runs = await runCli(['runs', '--json'], env(dir, 'good-token'));
      expect(runs.code).toBe(0);
      const rows = JSON.parse(runs.stdout) as { started: string; status: string }[];
      expect(rows.length).toBe(out.runs.length);
      expect(rows[0]!.started).toMatch(/^\d{4}-\d\d-\d\dT/);
      const table = await runCli(['runs'], env(dir, 'good-token'));
      expect(table.stdout).not.toContain('(index)');
      expect(table.stdout).toMatch(/ago \(\d{4}-\d\d-\d\dT[\d:.]+Z\)/);
      const connections = JSON.parse((await runCli(['connections', '--json'], env(dir, 'good-token'))).stdout) as { status: string }[];
      expect(connections.map((c) => c.status)).toEqual(['active']);
    }, 180_000);

    it('sync --wait: a pull the provider refuses exits 1 and names the failure; the unhealthy connection gets a hint next time', async () => {
      const dir = dataDir();
      const result = await runCli(['sync', '--wait', '--timeout', '120'], env(dir, 'revoked-token'));
      expect(result.code, result.stdout + result.stderr).toBe(1);
      expect(result.stderr).toMatch(/pulls? failed: hubspot/);
      expect(result.stdout).toContain('failed');
      const again = await runCli(['sync', '--wait'], env(dir, 'revoked-token'));
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/Connection 1 \(hubspot, .*\) is unhealthy and was not pulled: .*npx clienthub connections resume 1/);
      const resumed = await runCli(['connections', 'resume', '1'], env(dir, 'revoked-token'));
      expect(resumed.code).toBe(0);
      expect(resumed.stdout).toContain('Connection 1 (hubspot) is active again');
    }, 180_000);
  });
});
