import { Client } from '@hubspot/api-client';
import { expect } from 'vitest';

/** The real SDK pointed at the emulator, retries off so every request is visible to the test. */
export function sdkFor(url: string, accessToken = 'test-token'): Client {
  return new Client({ accessToken, basePath: url, numberOfApiCallRetries: 0 });
}

/** What the SDK's ApiException carries: the status as `code`, the parsed JSON `body`, lower-cased `headers`. */
export interface SdkFailure {
  code: number;
  body: Record<string, unknown>;
  headers: Record<string, string>;
  message: string;
}

export async function sdkFailure(call: Promise<unknown>): Promise<SdkFailure> {
  try {
    await call;
  } catch (error) {
    expect(error).toBeInstanceOf(Error);
    return error as SdkFailure;
  }
  throw new Error('expected the SDK call to fail');
}

export const T0 = Date.parse('2025-03-01T12:00:00.000Z');

/** A settable clock for the store. */
export function testClock(start = T0): { now: () => number; set(ms: number): void; advance(ms: number): void } {
  let current = start;
  return {
    now: () => current,
    set: (ms) => {
      current = ms;
    },
    advance: (ms) => {
      current += ms;
    },
  };
}
