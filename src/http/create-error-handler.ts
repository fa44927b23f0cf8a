import type express from 'express';
import type { Logger } from '../logging/logger.js';
import { isStoreUnavailable } from '../store/is-store-unavailable.js';

/** What a client is told, by status: never the error's own message, stack or file paths. */
const GENERIC: Record<number, string> = {
  400: 'The request could not be read.',
  404: 'Not found.',
  413: 'The request body is too large.',
  415: 'The request body has an unsupported type or encoding.',
  500: 'Something went wrong on our side. Please try again later.',
  503: 'The service is unavailable for a moment. Please try again in a minute.',
};

/**
 * Body-parser and router errors carry a 4xx status (400 bad JSON or a bad %-escape, 413 too large); the
 * database out of reach for now is 503 (try again); anything else is ours: 500.
 */
export function clientErrorStatus(error: unknown): number {
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) return status;
  return isStoreUnavailable(error) ? 503 : 500;
}

/**
 * The last handler of a router or app: a generic answer in the router's own format (JSON for APIs,
 * a plain HTML page otherwise) with the right status. Details go to the log only: a 5xx with its
 * stack at error level, a 4xx at debug (it is the client's mistake, and anyone can make it).
 */
export function createErrorHandler(logger: Logger, where: string, format: 'json' | 'html'): express.ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    const status = clientErrorStatus(error);
    const detail = error instanceof Error ? (status >= 500 ? (error.stack ?? error.message) : error.message) : String(error);
    if (status >= 500) logger.error(`${where} request failed`, { method: req.method, path: req.path, error: detail });
    else logger.debug(`${where} request refused`, { method: req.method, path: req.path, status, error: detail });
    const message = GENERIC[status] ?? GENERIC[400]!;
    res.status(status).set('Cache-Control', 'no-store');
    if (status === 503) res.set('Retry-After', '30');
    if (format === 'json') return res.json({ error: message });
    const title = status === 503 ? 'Unavailable for a moment' : status >= 500 ? 'Server error' : 'Bad request';
    res.type('html').send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><main><h1>${title}</h1><p>${message}</p></main></body></html>`);
  };
}
