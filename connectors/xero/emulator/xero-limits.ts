/**
 * Xero's rate limits per organisation: 60 calls a minute, 5 000 a day and 5 in progress at once,
 * plus 10 000 a minute across the app. Every answer says what is left (X-MinLimit-Remaining, X-DayLimit-Remaining,
 * X-AppMinLimit-Remaining); a refused call is a 429 with Retry-After (seconds) and
 * X-Rate-Limit-Problem naming the limit hit.
 */
import type { RequestHandler } from 'express';

export interface XeroLimits {
  perMinute: number;
  perDay: number;
  appPerMinute: number;
  /** Calls in progress at one time per organisation (Xero: 5); a sixth is refused with X-Rate-Limit-Problem: concurrent. */
  concurrent?: number;
}

export const XERO_LIMITS: XeroLimits = { perMinute: 60, perDay: 5000, appPerMinute: 10_000, concurrent: 5 };

export class XeroRateLimiter {
  private readonly calls: number[] = [];
  /** Calls in progress, per organisation (xero-tenant-id). */
  private readonly inFlight = new Map<string, number>();
  /** The most calls one organisation ever had in progress at once (for tests and the bench). */
  peakConcurrent = 0;
  private forced: { problem: 'minute' | 'day' | 'concurrent'; retryAfter: number; count: number } | null = null;

  constructor(private readonly limits: XeroLimits | null) {}

  /** The next `count` calls answer 429 for this problem (for tests of the back-off). */
  force(problem: 'minute' | 'day' | 'concurrent', retryAfter: number, count = 1): void {
    this.forced = { problem, retryAfter, count };
  }

  middleware(): RequestHandler {
    return (req, res, next) => {
      const now = Date.now();
      const tenant = req.get('xero-tenant-id') ?? '';
      while (this.calls.length > 0 && this.calls[0]! <= now - 86_400_000) this.calls.shift();
      const inMinute = this.calls.filter((at) => at > now - 60_000);
      const limits = this.limits ?? { perMinute: Infinity, perDay: Infinity, appPerMinute: Infinity };
      let problem: string | null = null;
      let retryAfter = 0;
      if (this.forced && this.forced.count > 0) {
        this.forced.count--;
        problem = this.forced.problem;
        retryAfter = this.forced.retryAfter;
      } else if (limits.concurrent !== undefined && (this.inFlight.get(tenant) ?? 0) >= limits.concurrent) {
        problem = 'concurrent';
        retryAfter = 1;
      } else if (inMinute.length >= limits.perMinute) {
        problem = 'minute';
        retryAfter = Math.max(1, Math.ceil((inMinute[0]! + 60_000 - now) / 1000));
      } else if (this.calls.length >= limits.perDay) {
        problem = 'day';
        retryAfter = Math.max(1, Math.ceil((this.calls[0]! + 86_400_000 - now) / 1000));
      }
      const remaining = (limit: number, used: number) => (Number.isFinite(limit) ? String(Math.max(limit - used, 0)) : '9999');
      if (problem) {
        res.set({ 'Retry-After': String(retryAfter), 'X-Rate-Limit-Problem': problem, 'X-MinLimit-Remaining': remaining(limits.perMinute, inMinute.length), 'X-DayLimit-Remaining': remaining(limits.perDay, this.calls.length) });
        res.status(429).type('text/plain').send('');
        return;
      }
      this.calls.push(now);
      const running = (this.inFlight.get(tenant) ?? 0) + 1;
      this.inFlight.set(tenant, running);
      this.peakConcurrent = Math.max(this.peakConcurrent, running);
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        this.inFlight.set(tenant, (this.inFlight.get(tenant) ?? 1) - 1);
      };
      res.once('finish', finish);
      res.once('close', finish);
      res.set({
        'X-MinLimit-Remaining': remaining(limits.perMinute, inMinute.length + 1),
        'X-DayLimit-Remaining': remaining(limits.perDay, this.calls.length),
        'X-AppMinLimit-Remaining': remaining(limits.appPerMinute, inMinute.length + 1),
      });
      next();
    };
  }
}
