import { ProviderError, RateLimitError } from '../sync/sync-errors.js';

const BASE_MS = 1_000;
const CAP_MS = 5 * 60_000;

/** A failure a retry cannot fix is not retried: bad credentials stay bad. */
export function isRetryable(error: unknown): boolean {
  return !(error instanceof ProviderError) || error.retryable;
}

/**
 * Delay before the next attempt: the provider's Retry-After when it gave one, else
 * exponential backoff with full jitter (so many jobs failing together do not return together).
 */
export function retryDelayMs(attemptsMade: number, error: unknown, random: () => number = Math.random): number {
  if (error instanceof RateLimitError) return error.retryAfterMs + Math.floor(random() * 250);
  const ceiling = Math.min(CAP_MS, BASE_MS * 2 ** Math.max(0, attemptsMade - 1));
  return Math.floor(ceiling / 2 + random() * (ceiling / 2));
}
