/**
 * Salesforce answers REQUEST_LIMIT_EXCEEDED for two different limits. Against the emulator, through
 * jsforce and the real connector: the org's daily allowance spent ("TotalRequests Limit exceeded",
 * usage at the limit) pauses the run for an hour and says so; the concurrent long-running request
 * limit ("ConcurrentPerOrgLongTxn Limit exceeded") is backed off in place — a webhook-triggered fetch
 * meeting it still lands at once, it is not deferred an hour.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../tests/support/create-test-app.js';
import { runPull } from '../../src/sync/run-pull.js';
import { fetchAndApply } from '../../src/sync/fetch-and-apply.js';
import { RateLimitError } from '../../src/sync/sync-errors.js';
import { SalesforceEmulatorStore } from './emulator/salesforce-emulator-store.js';
import { startSalesforceEmulator, type SalesforceEmulatorOptions } from './emulator/start-salesforce-emulator.js';
import { DAILY_ALLOWANCE_RECHECK_MS, isDailyAllowanceSpent } from './call-salesforce.js';
import { sqlAll, sqlGet, sqlValue } from '../../tests/support/sql.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function world(options: Omit<SalesforceEmulatorOptions, 'store'>): Promise<{ app: TestApp; store: SalesforceEmulatorStore; connectionId: number; waits: number[] }> {
  const store = new SalesforceEmulatorStore(() => Date.now() - 600_000);
  store.seedDemo();
  const emulator = await startSalesforceEmulator({ store, ...options });
  cleanups.push(() => emulator.close());
  const waits: number[] = [];
  const app = await createTestApp(
    { HUBSPOT_ACCESS_TOKEN: '', SALESFORCE_INSTANCE_URL: emulator.url, SALESFORCE_LOGIN_URL: emulator.url, SALESFORCE_ACCESS_TOKEN: 'emulator-session', SALESFORCE_ORG_ID: store.orgId },
    { sleep: async (ms) => void waits.push(ms) },
  );
  cleanups.push(() => app.dispose());
  return { app, store, connectionId: (await sqlValue<number>(app, `SELECT id FROM connections WHERE provider = 'salesforce'`))!, waits };
}

describe('Salesforce REQUEST_LIMIT_EXCEEDED', () => {
  it('the daily allowance spent: the run waits an hour for it, saying so, and keeps what it had', async () => {
    const { app, connectionId } = await world({ dailyApiLimit: 2, batchSize: 1 });
    const paused = await runPull(app, connectionId, 'Account', 'backfill').catch((e: unknown) => e);
    expect(paused).toBeInstanceOf(RateLimitError);
    expect((paused as RateLimitError).retryAfterMs).toBe(DAILY_ALLOWANCE_RECHECK_MS);
    const run = (await sqlGet<{ status: string; error: string; added: number; resumesIn: number }>(app, 'SELECT status, error, added, resumes_at - finished_at AS "resumesIn" FROM sync_runs'))!;
    expect(run).toMatchObject({ status: 'rate_limited', added: 1, resumesIn: DAILY_ALLOWANCE_RECHECK_MS });
    expect(run.error).toMatch(/^Salesforce REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded\. The org's daily API allowance is spent \(2 of 2 calls in the last 24 hours\)/);
  });

  it('the concurrent long-running request limit: backed off in place, the backfill and a webhook-triggered fetch both complete', async () => {
    const { app, store, connectionId, waits } = await world({ rateLimitEvery: 2, batchSize: 1 });
    for (const type of ['User', 'Account']) await runPull(app, connectionId, type, 'backfill');
    expect(await sqlAll(app, 'SELECT DISTINCT status FROM sync_runs')).toEqual([{ status: 'succeeded' }]);
    // Every other call was refused, and each refusal cost a second, not an hour.
    expect(waits.filter((ms) => ms >= 1000)).not.toEqual([]);
    expect(Math.max(...waits)).toBeLessThan(60_000);

    // An outbound message names an account: the fetch it triggers meets the same answer (every other call) and still lands.
    const account = [...store.records.Account.values()][0]!;
    waits.length = 0;
    for (let i = 0; i < 3; i++) await fetchAndApply(app, connectionId, 'Account', [account.Id as string]);
    expect(waits).toContain(1000);
    expect(await sqlGet(app, `SELECT COUNT(*) AS n FROM records WHERE external_id = ?`, account.Id)).toEqual({ n: 1 });
  });

  it('decides from the message first, then from the usage Salesforce reports', () => {
    expect(isDailyAllowanceSpent('TotalRequests Limit exceeded.', { used: 10, limit: 15_000 })).toBe(true);
    expect(isDailyAllowanceSpent('ConcurrentPerOrgLongTxn Limit exceeded.', { used: 15_000, limit: 15_000 })).toBe(false);
    expect(isDailyAllowanceSpent('ConcurrentRequests (Concurrent API Requests) Limit exceeded.', undefined)).toBe(false);
    expect(isDailyAllowanceSpent('Limit exceeded', { used: 15_001, limit: 15_000 })).toBe(true);
    expect(isDailyAllowanceSpent('Limit exceeded', { used: 200, limit: 15_000 })).toBe(false);
    expect(isDailyAllowanceSpent('Limit exceeded', undefined)).toBe(false);
  });
});
