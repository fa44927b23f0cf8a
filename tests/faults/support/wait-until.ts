/**
 * Polls a condition until it holds or a generous bound passes. The bound proves "does not hang";
 * on timeout the error says what was awaited and what was last seen.
 */
/** Thrown by a probe when waiting longer cannot help (the process died, a run already failed). */
export class StopWaiting extends Error {}

export async function waitUntil<T>(what: string, probe: () => T | Promise<T>, done: (value: T) => boolean, timeoutMs: number, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await probe();
      lastError = undefined;
      if (done(last)) return last;
    } catch (error) {
      if (error instanceof StopWaiting) throw error;
      lastError = error;
    }
    if (Date.now() > deadline) {
      const seen = lastError ? `error: ${lastError instanceof Error ? lastError.message : String(lastError)}` : JSON.stringify(last);
      throw new Error(`${what}: not within ${Math.round(timeoutMs / 1000)} s. Last seen: ${seen}`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
