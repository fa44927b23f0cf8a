/**
 * Errors the engine understands. Connectors translate their SDK's failures into these,
 * so retry decisions live in one place (src/jobs/retry-policy.ts).
 */
export class ProviderError extends Error {
  constructor(
    message: string,
    /** False for failures a retry cannot fix (bad credentials, forbidden, invalid request). */
    readonly retryable: boolean,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}

/** The provider said slow down: wait at least retryAfterMs before the next call. */
export class RateLimitError extends ProviderError {
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message, true, 429);
    this.name = 'RateLimitError';
  }
}

/** Credentials are missing, revoked or expired beyond refresh: a person must reconnect. */
export class AuthError extends ProviderError {
  constructor(message: string, status?: number) {
    super(message, false, status);
    this.name = 'AuthError';
  }
}

/** Parses a Retry-After header (seconds or an HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | undefined | null, now = Date.now()): number | undefined {
  if (value == null || value === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
