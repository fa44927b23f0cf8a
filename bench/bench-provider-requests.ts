/**
 * Provider requests spent: Asana's unchanged poll and request budget, HubSpot's searches under
 * concurrent pulls — each against its emulator enforcing the documented limits, the hub pacing
 * with real waits.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/load-config.js';
import { createAppContext, closeAppContext } from '../src/app/create-app-context.js';
import { silentLogger } from '../src/logging/logger.js';
import { runPull } from '../src/sync/run-pull.js';
import type { AppContext } from '../src/app/app-context.js';
import { HubSpotEmulatorStore } from '../connectors/hubspot/emulator/emulator-store.js';
import { startHubSpotEmulator, HUBSPOT_SEARCH_LIMIT } from '../connectors/hubspot/emulator/start-hubspot-emulator.js';
import { ASANA_LIMITS } from '../connectors/asana/emulator/start-asana-emulator.js';
import { asanaEmulated } from './bench-backfills.js';

const SECRET = 'bench-secret-key-0123456789-abcdefghijklmnop';
const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function withApp<T>(env: Record<string, string>, work: (app: AppContext, connectionId: (provider: string) => number) => Promise<T>, sleep: (ms: number) => Promise<void> = realSleep): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'clienthub-bench-requests-'));
  const app = await createAppContext(loadConfig({ CLIENTHUB_DATA_DIR: dir, CLIENTHUB_SECRET_KEY: SECRET, HUBSPOT_ACCESS_TOKEN: '', CLIENTHUB_SYNC_OVERLAP_SECONDS: '0', ...env }, dir), { logger: silentLogger, sleep });
  try {
    return await work(app, (provider) => (app.db.prepare(`SELECT id FROM connections WHERE provider = ?`).get(provider) as { id: number }).id);
  } finally {
    await closeAppContext(app);
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface AsanaPollFigures {
  projects: number;
  tier: 'free' | 'paid';
  /** Requests one unchanged poll (projects then tasks) sends. */
  requestsPerPoll: number;
  perProjectRequests: number;
  seconds: number;
}

/**
 * Backfills, then one poll with nothing changed: how many requests, and how many named a project.
 * A count, not a speed: the emulator's limits are off and the hub's pacing waits are skipped (the
 * budget row measures pacing).
 */
export async function asanaUnchangedPoll(projects: number, tier: 'free' | 'paid'): Promise<AsanaPollFigures> {
  const emulated = await asanaEmulated(projects, 2, tier, false);
  try {
    return await withApp(emulated.env, async (app, id) => {
      for (const type of ['Project', 'Task']) await runPull(app, id('asana'), type, 'backfill');
      const before = emulated.requests().length;
      const started = performance.now();
      for (const type of ['Project', 'Task']) await runPull(app, id('asana'), type, 'incremental');
      const seconds = (performance.now() - started) / 1000;
      const poll = emulated.requests().slice(before);
      return { projects, tier, requestsPerPoll: poll.length, perProjectRequests: poll.filter((r) => /\/(projects\/\d+\/task_counts|events)$/.test(r.path)).length, seconds };
    }, async () => {});
  } finally {
    await emulated.close();
  }
}

export interface BudgetFigures {
  requests: number;
  /** Most requests the emulator received in any window of the limit's length. */
  peakInWindow: number;
  limit: number;
  refused: number;
  seconds: number;
}

function peakIn(times: number[], windowMs: number): number {
  let peak = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while (times[end]! - times[start]! >= windowMs) start++;
    peak = Math.max(peak, end - start + 1);
  }
  return peak;
}

/** A free workspace's project backfill (listing + task counts) past 150 requests: paced by the hub, refused by none. */
export async function asanaBudget(projects: number): Promise<BudgetFigures> {
  const emulated = await asanaEmulated(projects, 1, 'free');
  try {
    return await withApp(emulated.env, async (app, id) => {
      const started = performance.now();
      await runPull(app, id('asana'), 'Project', 'backfill');
      const seconds = (performance.now() - started) / 1000;
      const seen = emulated.requests().filter((r) => (r as { path: string }).path.startsWith('/api/1.0')) as unknown as { at: number; status?: number }[];
      // As the emulator answered them (the workspace read, the listing pages and one task-count read per project).
      const refused = seen.filter((r) => r.status === 429).length;
      return { requests: seen.length, peakInWindow: peakIn(seen.map((r) => r.at), ASANA_LIMITS.windowMs), limit: ASANA_LIMITS.free, refused, seconds };
    });
  } finally {
    await emulated.close();
  }
}

export interface HubSpotServeFigures {
  searches: number;
  refused: number;
  searchesPerSecond: number;
  permittedPerSecond: number;
  shareOfPermitted: number;
}

/** Companies, contacts and deals pulled at once (as `serve` runs them) against the 5-a-second search limit. */
export async function hubspotConcurrentSearches(companies: number): Promise<HubSpotServeFigures> {
  const store = new HubSpotEmulatorStore();
  store.generate(companies);
  const emulator = await startHubSpotEmulator({ store, documentedLimits: true });
  try {
    return await withApp({ HUBSPOT_BASE_URL: emulator.url, HUBSPOT_ACCESS_TOKEN: 'bench', HUBSPOT_CLIENT_SECRET: 'x' }, async (app, id) => {
      const before = emulator.requests.length;
      const started = performance.now();
      await Promise.all(['companies', 'contacts', 'deals'].map((type) => runPull(app, id('hubspot'), type, 'backfill')));
      const seconds = (performance.now() - started) / 1000;
      const searches = emulator.requests.slice(before).filter((r) => r.path.endsWith('/search'));
      // The emulator logs refused requests too: anything beyond the pages needed was a 429.
      const pages = (app.db.prepare(`SELECT SUM(pages) AS n FROM sync_runs`).get() as { n: number }).n;
      const permitted = HUBSPOT_SEARCH_LIMIT.limit / (HUBSPOT_SEARCH_LIMIT.windowMs / 1000);
      const rate = pages / seconds;
      return { searches: searches.length, refused: searches.length - pages, searchesPerSecond: +rate.toFixed(2), permittedPerSecond: permitted, shareOfPermitted: +(rate / permitted).toFixed(2) };
    });
  } finally {
    await emulator.close();
  }
}
