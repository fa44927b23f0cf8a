/**
 * Failed runs per 100 during backfills with the provider's own rate-limit answer on every 7th API
 * call (goal: 0), per provider, against each emulator. Backfills are repeated (full passes) until at
 * least 100 runs; in-place waits are counted, not slept (the hub's sleep is a no-op here), so the
 * figure is about outcomes, not speed. `npx tsx bench/bench-rate-limits.ts`
 */
import { createTestApp } from '../tests/support/create-test-app.js';
import { asanaWorld, hubspotWorld, quickBooksWorld, salesforceWorld, stripeWorld, xeroWorld, type World } from '../tests/support/provider-worlds.js';
import { runPull } from '../src/sync/run-pull.js';
import { createLogger } from '../src/logging/logger.js';

const EVERY = Number(process.env.BENCH_429_EVERY ?? 7);
const MIN_RUNS = Number(process.env.BENCH_MIN_RUNS ?? 100);

export interface RateLimitFigures {
  runs: number;
  failedPer100: number;
  rateLimitedPer100: number;
  /** 429s met and waited out in place. */
  waitsInPlace: number;
}

export async function benchRateLimitedBackfills(world: World): Promise<RateLimitFigures> {
  const { env, close } = await world.start(EVERY);
  const lines: string[] = [];
  const app = await createTestApp(env, { logger: createLogger('debug', {}, (line) => void lines.push(line)) });
  try {
    const connectionId = (app.db.prepare('SELECT id FROM connections WHERE provider = ?').get(world.provider) as { id: number }).id;
    const types = [...app.connectors.get(world.provider).objectTypes].sort((a, b) => a.order - b.order).map((t) => t.objectType);
    let runs = 0;
    while (runs < MIN_RUNS) {
      for (const type of types) await runPull(app, connectionId, type, 'backfill').catch(() => undefined);
      runs = (app.db.prepare('SELECT COUNT(*) AS n FROM sync_runs').get() as { n: number }).n;
    }
    const count = (status: string) => (app.db.prepare('SELECT COUNT(*) AS n FROM sync_runs WHERE status = ?').get(status) as { n: number }).n;
    return {
      runs,
      failedPer100: +((count('failed') / runs) * 100).toFixed(1),
      rateLimitedPer100: +((count('rate_limited') / runs) * 100).toFixed(1),
      waitsInPlace: lines.filter((line) => line.includes('rate limit: waiting in place')).length,
    };
  } finally {
    await app.dispose();
    await close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const figures: Record<string, RateLimitFigures> = {};
  for (const [name, world] of [['HubSpot', hubspotWorld], ['Salesforce', salesforceWorld], ['QuickBooks', quickBooksWorld], ['Xero', xeroWorld], ['Stripe', stripeWorld], ['Asana', asanaWorld]] as const) {
    figures[name] = await benchRateLimitedBackfills(world());
  }
  console.log(JSON.stringify({ rateLimitEvery: EVERY, figures }, null, 2));
}
