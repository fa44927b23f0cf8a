import { Redis } from 'ioredis';
import type { Logger } from '../logging/logger.js';

/** How long a process waits for Redis at start before it gives up and exits. */
export const REDIS_START_TIMEOUT_MS = 10_000;

/** REDIS_URL with its credentials hidden, fit for a log line or an error message. */
export function maskRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username || parsed.password) {
      parsed.username = '';
      parsed.password = '';
      return parsed.toString().replace('//', '//***@');
    }
    return parsed.toString();
  } catch {
    return 'the configured REDIS_URL (not a valid URL)';
  }
}

/** Errors that mean "Redis cannot be reached", as opposed to a command Redis refused. */
export function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'].includes(code)) return true;
  const message = error instanceof Error ? error.message : String(error);
  return /Connection is closed|connect ETIMEDOUT|Stream isn't writeable|enableOfflineQueue|ended|Socket closed/i.test(message);
}

/**
 * One line per change of Redis's state, however many connections report it and however
 * often they retry: "unreachable" once when it goes, "reachable again" once when it returns.
 */
export function createRedisStateReporter(logger: Logger, url: string) {
  const where = maskRedisUrl(url);
  let down = false;
  return {
    get down() {
      return down;
    },
    lost(error: unknown) {
      if (down) return;
      down = true;
      logger.error('Redis unreachable: jobs wait until it returns', { redis: where, error: error instanceof Error ? error.message : String(error) });
    },
    restored() {
      if (!down) return;
      down = false;
      logger.info('Redis reachable again', { redis: where });
    },
  };
}

export type RedisStateReporter = ReturnType<typeof createRedisStateReporter>;

/**
 * A connection the way BullMQ needs it (maxRetriesPerRequest null: blocking commands outlive
 * reconnects). Lazy: the first one is opened by waitForRedisAtStart, later ones by their user.
 */
export function connectRedis(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, lazyConnect: true });
}

/** Routes a connection's errors to the state reporter: never a raw error per retry, never an unhandled 'error' event. */
export function watchRedis(connection: Redis, reporter: RedisStateReporter): void {
  connection.on('error', (error: unknown) => reporter.lost(error));
  connection.on('ready', () => reporter.restored());
}

/**
 * Waits for a first connection, within REDIS_START_TIMEOUT_MS, or fails with one sentence
 * naming the URL: a process that cannot reach its queue at start should say so and stop,
 * not retry silently or print a stack trace per attempt.
 */
export async function waitForRedisAtStart(connection: Redis, url: string, timeoutMs = REDIS_START_TIMEOUT_MS): Promise<void> {
  let lastError: unknown;
  const remember = (error: unknown) => (lastError = error);
  connection.on('error', remember);
  const connecting = connection.connect().catch(remember);
  let timer: NodeJS.Timeout | undefined;
  try {
    const ready = new Promise<boolean>((resolve) => {
      if (connection.status === 'ready') return resolve(true);
      connection.once('ready', () => resolve(true));
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    if (!(await ready)) {
      connection.disconnect();
      await connecting;
      const reason = lastError instanceof Error ? lastError.message : lastError ? String(lastError) : 'no answer';
      throw new Error(`Redis at ${maskRedisUrl(url)} (REDIS_URL) could not be reached within ${Math.round(timeoutMs / 1000)} s (${reason}); start Redis or correct REDIS_URL.`);
    }
  } finally {
    clearTimeout(timer);
    connection.off('error', remember);
  }
}
