import type { NextFunction, Request, Response } from 'express';
import type { AppContext } from '../src/app/app-context.js';
import { readCookie, sessionCookieName, clearSessionCookie } from '../src/auth/session-cookie.js';
import { readSession, type PortalSession } from '../src/auth/portal-sessions.js';

export interface PortalRequest extends Request {
  portalSession?: PortalSession;
}

/** Attaches the live session, if any, and clears a cookie whose session is gone. */
export function loadPortalSession(app: AppContext) {
  return (req: PortalRequest, res: Response, next: NextFunction) => {
    const cookie = readCookie(req.headers.cookie, sessionCookieName(app.config));
    const session = readSession(app.db, app.keyring.signingKey, cookie);
    if (cookie && !session) res.append('Set-Cookie', clearSessionCookie(app.config));
    if (session) {
      req.portalSession = session;
      // Client data must never sit in a shared or browser cache.
      res.set('Cache-Control', 'no-store');
    }
    next();
  };
}

/** Pages behind sign-in: without a session, back to the start (which says nothing about the URL asked for). */
export function requirePortalSession(req: PortalRequest, res: Response, next: NextFunction) {
  if (!req.portalSession) return res.redirect(303, '/');
  next();
}
