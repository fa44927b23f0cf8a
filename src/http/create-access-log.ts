import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pinoHttp, type HttpLogger } from 'pino-http';
import type { Logger } from '../logging/logger.js';

/** Probes answer every few seconds from a load balancer or orchestrator: logging them buries the rest. */
const PROBE_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/** Path segments that are themselves a credential: sign-in links and unsubscribe links. */
const SECRET_SEGMENT_AFTER = /(\/auth\/link\/|\/notifications\/unsubscribe\/)[^/?#]+/g;

/** Query parameters that carry credentials: link tokens, OAuth codes and state, signatures, keys. */
const SECRET_QUERY_NAME = /token|code|state|secret|key|sig|password|auth|session|jwt/i;

/** The request's URL as it may appear in a log: credentials in the path or query replaced. */
export function redactUrl(url: string): string {
  const hashAt = url.indexOf('#');
  const withoutHash = hashAt === -1 ? url : url.slice(0, hashAt);
  const queryAt = withoutHash.indexOf('?');
  const path = (queryAt === -1 ? withoutHash : withoutHash.slice(0, queryAt)).replace(SECRET_SEGMENT_AFTER, '$1[redacted]');
  if (queryAt === -1) return path;
  const query = withoutHash
    .slice(queryAt + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq === -1) return pair;
      let name = pair.slice(0, eq);
      try {
        name = decodeURIComponent(name);
      } catch {
        // Undecodable: judged as sent.
      }
      return SECRET_QUERY_NAME.test(name) ? `${pair.slice(0, eq)}=[redacted]` : pair;
    })
    .join('&');
  return `${path}?${query}`;
}

function pathOf(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const queryAt = url.indexOf('?');
  return queryAt === -1 ? url : url.slice(0, queryAt);
}

/**
 * The access log: one line per finished request (method, redacted URL, status, time taken, request
 * id), written through the process logger so it shares its stream, format and redaction of
 * authorization, cookie, set-cookie and x-hook-secret headers. An X-Request-Id sent by a proxy is
 * kept (when it is a short plain token) so a request can be followed across both logs.
 */
export function createAccessLog(logger: Logger): HttpLogger {
  return pinoHttp({
    logger: logger.pino,
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && /^[\w.-]{1,128}$/.test(given) ? given : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    autoLogging: { ignore: (req: IncomingMessage) => PROBE_PATHS.has(pathOf(req)) },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    // Queries and route params are left out (the URL, redacted, carries them): a sign-in link's
    // token would otherwise reappear as req.params.token.
    serializers: {
      req: (req: { id: unknown; method: string; url: string; headers: Record<string, unknown>; remoteAddress?: string }) => ({
        id: req.id,
        method: req.method,
        url: redactUrl(req.url),
        headers: req.headers,
        remoteAddress: req.remoteAddress,
      }),
      // The response headers worth a log line (helmet's dozen fixed ones are not); Set-Cookie is
      // redacted by the logger, a redirect's Location like a request URL.
      res: (res: { statusCode: number; headers?: Record<string, unknown> }) => {
        const headers = res.headers ?? {};
        const kept: Record<string, unknown> = {};
        for (const name of ['content-type', 'content-length', 'set-cookie', 'retry-after']) if (headers[name] !== undefined) kept[name] = headers[name];
        if (typeof headers.location === 'string') kept.location = redactUrl(headers.location);
        return { statusCode: res.statusCode, headers: kept };
      },
    },
  });
}
