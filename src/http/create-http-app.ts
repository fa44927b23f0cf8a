import express from 'express';
import helmet from 'helmet';
import type { AppContext } from '../app/app-context.js';
import { createWebhookRouter } from '../../webhooks/create-webhook-router.js';
import { createOAuthRouter } from './create-oauth-router.js';
import { createAdminApiRouter } from './create-admin-api-router.js';
import { createPortalRouter } from '../../portal-ui/create-portal-router.js';
import { createStaffRouter } from '../../portal-ui/staff/create-staff-router.js';
import { createErrorHandler } from './create-error-handler.js';
import { checkReadiness } from '../ops/check-readiness.js';
import { createAccessLog } from './create-access-log.js';
import { withLogContext } from '../logging/log-context.js';
import { observeHttpRequests } from '../metrics/observe-http-requests.js';
import { createMetricsHandler } from '../metrics/create-metrics-handler.js';

/** The one HTTP server: provider webhooks, OAuth callbacks, the staff console, the client portal. */
export function createHttpApp(app: AppContext): express.Express {
  const http = express();
  http.disable('x-powered-by');
  // X-Forwarded-For decides req.ip: per-address limits and the addresses in the audit log. Anyone can
  // send the header, so it is believed only from the proxies named in CLIENTHUB_TRUSTED_PROXIES
  // (e.g. `loopback` for a proxy on this machine); unset, nobody's. Cookies' Secure flag follows
  // PUBLIC_URL, not the request, so it holds behind any proxy.
  try {
    http.set('trust proxy', app.config.trustedProxies.length > 0 ? app.config.trustedProxies : false);
  } catch (error) {
    throw new Error(`CLIENTHUB_TRUSTED_PROXIES is not a list of addresses, subnets or loopback/linklocal/uniquelocal: ${error instanceof Error ? error.message : String(error)}`);
  }
  // First, so every request is timed and logged, whichever router answers or fails it.
  http.use(createAccessLog(app.logger));
  // Lines any route logs carry the request id of the access-log line (and the X-Request-Id answer).
  http.use((req, _res, next) => withLogContext({ reqId: (req as { id?: unknown }).id }, next));
  http.use(observeHttpRequests());
  http.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          'frame-ancestors': ["'none'"],
          'form-action': ["'self'"],
          'upgrade-insecure-requests': null,
          // The business's logo may live on its own site (config portal.logoUrl): that one origin, nothing more.
          ...(app.config.portal.logoUrl ? { 'img-src': ["'self'", 'data:', new URL(app.config.portal.logoUrl).origin] } : {}),
        },
      },
      strictTransportSecurity: app.config.publicUrl.startsWith('https://') ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    }),
  );
  http.get('/healthz', (_req, res) => {
    res.json({ ok: true, jobs: app.jobs.kind });
  });
  // /healthz: the process answers (restart it if not). /readyz: it can do its job (send it traffic,
  // alert a person if not): 503 when the database or queue is down or every connection is unhealthy.
  http.get('/readyz', async (_req, res) => {
    const readiness = await checkReadiness(app);
    res.status(readiness.status === 'unavailable' ? 503 : 200).set('Cache-Control', 'no-store').json(readiness);
  });
  // /metrics here only behind CLIENTHUB_METRICS_TOKEN and only when it has no port of its own;
  // with neither it is not served at all (the portal's 404).
  if (app.config.metrics.token !== undefined && app.config.metrics.port === undefined) {
    http.get('/metrics', createMetricsHandler(app, { token: app.config.metrics.token }));
  }
  // Webhooks read their own raw bodies: signatures are checked over the exact bytes received.
  http.use('/webhooks', createWebhookRouter(app));
  http.use(createOAuthRouter(app));
  // The staff console answers everything under /staff itself: no console address reaches the portal.
  http.use('/staff', createStaffRouter(app));
  http.use(createAdminApiRouter(app));
  http.use(createPortalRouter(app));
  // Each router answers its own errors in its own format; this catches whatever still escapes one
  // (Express's default handler would print the stack, with file paths, outside NODE_ENV=production).
  http.use(createErrorHandler(app.logger, 'HTTP', 'html'));
  return http;
}
