import type { RequestHandler } from 'express';
import type { PortalContext } from './portal-context.js';
import { portalSessionOf } from './require-portal-session.js';
import { sendPage } from './send-page.js';
import { forbiddenPage, notFoundPage } from './views/error-pages.js';
import { can, type Capability } from '../src/portal-access/portal-permissions.js';
import { availableModules, moduleAllows } from '../src/portal-access/available-modules.js';
import { verifyCsrf } from '../src/auth/verify-csrf.js';

/**
 * A page, file or form only for roles with this capability, of a module the business uses. Others
 * get the portal's one 404 (why not 403: see access/portal-permissions.ts). Mounted after requirePortalSession.
 */
export function requireCapability(ctx: PortalContext, capability: Capability): RequestHandler {
  return async (req, res, next) => {
    const session = portalSessionOf(req);
    if (!session || !can(session.role, capability) || !moduleAllows(capability, await availableModules(ctx.app, req))) return sendPage(ctx, req, res, 404, notFoundPage());
    next();
  };
}

/** State-changing forms carry the session's CSRF token; without it nothing changes (403). */
export function requireCsrf(ctx: PortalContext): RequestHandler {
  return (req, res, next) => {
    const session = portalSessionOf(req);
    if (!session || !verifyCsrf(session, (req.body as Record<string, unknown> | undefined)?._csrf)) return sendPage(ctx, req, res, 403, forbiddenPage());
    next();
  };
}
