/**
 * A provider's "N requests per window" limit as the emulators enforce it: a rolling window per key
 * (token, tenant, account). `countRefused` follows providers that say refused requests still use
 * the quota (Asana). Answers how long until a request would be let through (for Retry-After).
 */
export class SlidingWindow {
  private readonly times = new Map<string, number[]>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly countRefused = false,
  ) {}

  /** Admits (and counts) one request for the key, or says how many ms to wait. */
  take(key: string, now = Date.now()): { ok: true } | { ok: false; waitMs: number } {
    let times = this.times.get(key);
    if (!times) this.times.set(key, (times = []));
    let drop = 0;
    while (drop < times.length && times[drop]! <= now - this.windowMs) drop++;
    if (drop) times.splice(0, drop);
    if (times.length >= this.limit) {
      const waitMs = times[times.length - this.limit]! + this.windowMs - now;
      if (this.countRefused) times.push(now);
      return { ok: false, waitMs: Math.max(1, waitMs) };
    }
    times.push(now);
    return { ok: true };
  }
}
