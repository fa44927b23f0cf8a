import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { readSession, type PortalSession } from '../src/auth/read-session.js';
import { readSessionCookie, serializeClearedSessionCookie } from '../src/auth/session-cookie.js';
import type { PortalContext } from './portal-context.js';

const sessions = new WeakMap<Request, PortalSession>();

/** The session attachPortalSession found for this request, if any. */
export function portalSessionOf(req: Request): PortalSession | undefined {
  return sessions.get(req);
}

/**
 * Reads the session cookie on every request and re-checks the session, its user and its client
 * (readSession), so a disabled user or off-boarded client is signed out on their very next click.
 * A cookie whose session is gone is cleared.
 */
export function attachPortalSession(ctx: PortalContext): RequestHandler {
  const { app } = ctx;
  return (req: Request, res: Response, next: NextFunction) => {
    const cookie = readSessionCookie(app.config, req.headers.cookie);
    if (cookie === undefined) return next();
    const session = readSession(app.db, app.keyring.signingKey, cookie, ctx.now());
    if (session) sessions.set(req, session);
    else res.append('Set-Cookie', serializeClearedSessionCookie(app.config));
    next();
  };
}

/**
 * Pages behind sign-in. Without a session: back to the start page, the same answer for every
 * address, so a signed-out visitor learns nothing about which ids exist.
 */
export const requirePortalSession: RequestHandler = (req, res, next) => {
  if (!sessions.has(req)) return res.redirect(303, '/');
  next();
};
