import { describe, expect, it } from 'vitest';
import type { ConnectorContext } from '../connector-kit/connector.js';
import { silentLogger } from '../logging/logger.js';
import { callProvider, INTERACTIVE_RATE_LIMIT_POLICY, type ProviderFailure } from './call-provider.js';
import { ProviderError, RateLimitError } from './sync-errors.js';

/** A connector context with only what callProvider uses; sleeps are recorded, not slept. */
function context(waits: number[], providerTimeoutMs = 30_000): ConnectorContext {
  return { config: { providerTimeoutMs }, logger: silentLogger, sleep: async (ms: number) => void waits.push(ms), refreshAccessToken: async () => 'fresh' } as unknown as ConnectorContext;
}

/** A provider that answers the given failures in turn, then `ok`. */
function provider(failures: ProviderFailure[]) {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    options: { provider: 'Acme', describe: (caught: unknown) => caught as ProviderFailure },
    attempt: async () => {
      const failure = failures[calls++];
      if (failure) throw failure;
      return 'ok';
    },
  };
}

const limited = (retryAfterMs?: number): ProviderFailure => ({ status: 429, text: 'Acme 429: slow down', retryAfterMs });

describe('callProvider rate-limit policy', () => {
  it('backs off from a second, doubling, when the provider names no wait, and carries on', async () => {
    const waits: number[] = [];
    const acme = provider([limited(), limited(), limited()]);
    await expect(callProvider(context(waits), acme.options, (timed) => timed(acme.attempt))).resolves.toBe('ok');
    expect(waits).toEqual([1000, 2000, 4000]);
  });

  it('waits a named Retry-After in place up to a minute; a longer one, or a limit that persists, reschedules', async () => {
    const waits: number[] = [];
    const short = provider([limited(45_000)]);
    await expect(callProvider(context(waits), short.options, (timed) => timed(short.attempt))).resolves.toBe('ok');
    expect(waits).toEqual([45_000]);

    const long = provider([limited(90_000)]);
    const paused = await callProvider(context([]), long.options, (timed) => timed(long.attempt)).catch((e: unknown) => e);
    expect(paused).toBeInstanceOf(RateLimitError);
    expect((paused as RateLimitError).retryAfterMs).toBe(90_000);

    const persistent = provider(Array.from({ length: 10 }, () => limited()));
    const gaveUp = await callProvider(context(waits), persistent.options, (timed) => timed(persistent.attempt)).catch((e: unknown) => e);
    expect((gaveUp as RateLimitError).retryAfterMs).toBe(32_000);
    expect(persistent.calls).toBe(6);
  });

  it('keeps a person waiting two short waits at most', async () => {
    const waits: number[] = [];
    const acme = provider([limited(), limited(), limited()]);
    const busy = await callProvider(context(waits), { ...acme.options, rateLimit: INTERACTIVE_RATE_LIMIT_POLICY }, (timed) => timed(acme.attempt)).catch((e: unknown) => e);
    expect(waits).toEqual([1000, 2000]);
    expect((busy as RateLimitError).retryAfterMs).toBe(4000);
  });

  it('gives up on a call that outlives the provider timeout, as a retryable failure', async () => {
    const hung = callProvider(context([], 50), { provider: 'Acme', describe: () => ({ text: 'never' }) }, (timed) => timed(() => new Promise<never>(() => {})));
    await expect(hung).rejects.toThrow(new ProviderError('Acme did not answer within 0.1 s', true));
    const failure = await hung.catch((e: unknown) => e);
    expect((failure as ProviderError).retryable).toBe(true);
  });
});
