import type { RequestHandler } from 'express';
import { httpDuration } from './process-metrics.js';

/**
 * Times every request into clienthub_http_request_duration_seconds. The route label is the
 * matched pattern (`/admin/api/connections/:id`), never the raw path: ids and tokens in URLs
 * would make one series per request (and put secrets into the metrics).
 */
export function observeHttpRequests(): RequestHandler {
  return (req, res, next) => {
    const end = httpDuration.startTimer();
    res.once('finish', () => {
      const pattern = (req.route as { path?: unknown } | undefined)?.path;
      const route = typeof pattern === 'string' ? `${req.baseUrl}${pattern}` : 'unmatched';
      end({ method: req.method, route, status_code: String(res.statusCode) });
    });
    next();
  };
}
