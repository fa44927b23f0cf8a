import type { RequestHandler } from 'express';
import { hubspotError } from './hubspot-errors.js';

export interface RateLimitOptions {
  /** Requests allowed per rolling window. */
  limit: number;
  windowMs: number;
  /** What the 429 body names; HubSpot uses SECONDLY (search), TEN_SECONDLY_ROLLING (burst) and DAILY. */
  policyName?: string;
  /** `search` limits only POST .../search, like HubSpot's separate search allowance. */
  appliesTo?: 'all' | 'search';
  now?: () => number;
}

interface Limiter {
  options: RateLimitOptions;
  policyName: string;
  now: () => number;
  /** Times of the requests let through inside the current window, oldest first. */
  admitted: number[];
}

const isSearch = (path: string) => /\/search\/?$/.test(path);

/**
 * Rolling-window limits answered the way HubSpot does: 429 with Retry-After (whole seconds) and
 * its rate-limit body; every admitted response carries the X-HubSpot-RateLimit-* headers of the
 * first limit that applies. Refused requests do not use up the allowance.
 */
export function rateLimit(config: RateLimitOptions | readonly RateLimitOptions[]): RequestHandler {
  const limiters: Limiter[] = (Array.isArray(config) ? config : [config]).map((options: RateLimitOptions) => ({
    options,
    policyName: options.policyName ?? 'SECONDLY',
    now: options.now ?? (() => Date.now()),
    admitted: [],
  }));

  return (req, res, next) => {
    const applicable = limiters.filter((limiter) => limiter.options.appliesTo !== 'search' || isSearch(req.path));
    for (const limiter of applicable) {
      const now = limiter.now();
      while (limiter.admitted.length > 0 && limiter.admitted[0]! <= now - limiter.options.windowMs) limiter.admitted.shift();
    }
    const refusing = applicable.find((limiter) => limiter.admitted.length >= limiter.options.limit);
    const shown = applicable[0];
    if (refusing) {
      const oldest = refusing.admitted[0] ?? refusing.now();
      const waitMs = oldest + refusing.options.windowMs - refusing.now();
      res.set('Retry-After', String(Math.max(1, Math.ceil(waitMs / 1000))));
      if (shown) setLimitHeaders(res.set.bind(res), shown, 0);
      // HubSpot's 429 body has errorType and policyName but no category.
      res.status(429).json(
        hubspotError(`You have reached your ${refusing.policyName.toLowerCase()} limit.`, undefined, { errorType: 'RATE_LIMIT', policyName: refusing.policyName }),
      );
      return;
    }
    for (const limiter of applicable) limiter.admitted.push(limiter.now());
    if (shown) setLimitHeaders(res.set.bind(res), shown, shown.options.limit - shown.admitted.length);
    next();
  };
}

function setLimitHeaders(set: (name: string, value: string) => unknown, limiter: Limiter, remaining: number): void {
  set('X-HubSpot-RateLimit-Max', String(limiter.options.limit));
  set('X-HubSpot-RateLimit-Remaining', String(Math.max(0, remaining)));
  set('X-HubSpot-RateLimit-Interval-Milliseconds', String(limiter.options.windowMs));
}
