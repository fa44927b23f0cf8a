import { Redis } from 'ioredis';
import type { AppContext } from '../app/app-context.js';
import { maskRedisUrl } from '../jobs/connect-redis.js';
import { readConnectionFreshness } from './read-connection-freshness.js';
import { writeOpsProbe } from '../store/ops/write-ops-probe.js';
import { countQueuedJobs } from '../store/ops/count-queued-jobs.js';

/** How long /readyz waits for Redis before calling the queue down: a probe must answer quickly. */
const QUEUE_PROBE_TIMEOUT_MS = 2_000;
/** How long /readyz waits for the store (a PostgreSQL that does not answer, a SQLite write lock held). */
const DATABASE_PROBE_TIMEOUT_MS = 5_000;

export interface ConnectionCheck {
  id: number;
  provider: string;
  label: string;
  state: string;
  lastSuccessAt: string | null;
  lastSuccessAgeSeconds: number;
  staleAfterSeconds: number;
  stale: boolean;
}

export interface Readiness {
  /**
   * ready: everything works. degraded: the hub works but some data is stale or a connection is
   * unhealthy (200: restarting the process would not help). unavailable: the hub cannot do its job
   * (database or queue down, or every connection unhealthy) — 503.
   */
  status: 'ready' | 'degraded' | 'unavailable';
  checks: {
    database: { ok: boolean; engine: string; error?: string };
    queue: { ok: boolean; kind: string; target?: string; queued?: number; error?: string };
    connections: ConnectionCheck[];
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Rejects after ms with `what`: a probe must answer even when what it probes does not. */
async function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Through the store, whichever engine: a round trip (SELECT 1), then a write and its read-back —
 * a database that opens but cannot be written (disk full, read-only, a PostgreSQL replica) is not ready.
 */
async function checkDatabase(app: AppContext, now: number): Promise<Readiness['checks']['database']> {
  const engine = app.store.engine;
  try {
    const at = await within(DATABASE_PROBE_TIMEOUT_MS, app.store.describe(), writeOpsProbe(app.store.db, now));
    if (at !== now) return { ok: false, engine, error: 'the probe row written was not read back' };
    return { ok: true, engine };
  } catch (error) {
    return { ok: false, engine, error: messageOf(error) };
  }
}

/**
 * Redis: a ping on a connection of its own that does not queue or retry (the queue's own
 * connections wait for Redis forever, which is right for jobs and wrong for a probe).
 * In-process: the queue is the database's jobs table.
 */
async function checkQueue(app: AppContext): Promise<Readiness['checks']['queue']> {
  const redisUrl = app.config.redisUrl;
  if (!redisUrl) {
    try {
      const n = await within(DATABASE_PROBE_TIMEOUT_MS, app.store.describe(), countQueuedJobs(app.store.db));
      return { ok: true, kind: app.jobs.kind, queued: n };
    } catch (error) {
      return { ok: false, kind: app.jobs.kind, error: messageOf(error) };
    }
  }
  const target = maskRedisUrl(redisUrl);
  const probe = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null, connectTimeout: QUEUE_PROBE_TIMEOUT_MS });
  probe.on('error', () => {});
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${QUEUE_PROBE_TIMEOUT_MS} ms`)), QUEUE_PROBE_TIMEOUT_MS);
    });
    await Promise.race([probe.connect().then(() => probe.ping()), timeout]);
    return { ok: true, kind: app.jobs.kind, target };
  } catch (error) {
    return { ok: false, kind: app.jobs.kind, target, error: messageOf(error) };
  } finally {
    clearTimeout(timer);
    probe.disconnect();
  }
}

/** What /readyz answers: each dependency's state and each connection's freshness. */
export async function checkReadiness(app: AppContext, now = Date.now()): Promise<Readiness> {
  const database = await checkDatabase(app, now);
  const queue = await checkQueue(app);
  let connections: ConnectionCheck[] = [];
  if (database.ok) {
    connections = (await readConnectionFreshness(app, now)).map((c) => ({
      id: c.id,
      provider: c.provider,
      label: c.label,
      state: c.state,
      lastSuccessAt: c.lastSuccessAt === null ? null : new Date(c.lastSuccessAt).toISOString(),
      lastSuccessAgeSeconds: Math.round(c.ageMs / 1000),
      staleAfterSeconds: Math.round(c.staleAfterMs / 1000),
      stale: c.stale,
    }));
  }
  // No connection at all is a hub not yet set up, not a broken one: it can still serve the console.
  const allUnhealthy = connections.length > 0 && connections.every((c) => c.state === 'unhealthy');
  const status = !database.ok || !queue.ok || allUnhealthy ? 'unavailable' : connections.some((c) => c.state === 'unhealthy' || c.stale) ? 'degraded' : 'ready';
  return { status, checks: { database, queue, connections } };
}
