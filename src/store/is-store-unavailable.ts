/**
 * Whether an error means the database could not be reached or is busy for now — PostgreSQL down,
 * restarting, refusing connections or out of them, a connection cut mid-query, the pool timing out;
 * a lock held by another session past the bound (SQLite's busy timeout, PostgreSQL's lock_timeout) — as opposed to a bug. Such a request is answered
 * 503 with Retry-After (try again shortly), never 500 with details.
 */
const UNAVAILABLE_CODES = new Set([
  // The network: the server is down, restarting or unreachable.
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  // PostgreSQL: admin shutdown, crash shutdown, cannot connect now, connection exceptions, too many connections.
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '53300',
  // PostgreSQL: a lock another session holds was not granted within lock_timeout.
  '55P03',
  // SQLite: the write lock stayed taken past busy_timeout.
  'SQLITE_BUSY',
]);

const UNAVAILABLE_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Cannot use a pool after calling end|Cannot reach PostgreSQL/i;

export function isStoreUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const { code, message, cause, errors } = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true;
  if (Array.isArray(errors) && errors.some((inner) => isStoreUnavailable(inner, depth + 1))) return true;
  return isStoreUnavailable(cause, depth + 1);
}
