import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { readSession, type PortalSession } from '../src/auth/read-session.js';
import { readSessionCookie, serializeClearedSessionCookie } from '../src/auth/session-cookie.js';
import type { PortalContext } from './portal-context.js';

/** Under the password policy, a user without one chooses it here before anything else. */
export const PASSWORD_SETUP_PATH = '/account/password';

const sessions = new WeakMap<Request, PortalSession>();
const unfinished = new WeakMap<Request, PortalSession>();
/** The portal a request came through (for policies that requirePortalSession applies). */
const contexts = new WeakMap<Request, PortalContext>();

/** The complete session attachPortalSession found for this request, if any. */
export function portalSessionOf(req: Request): PortalSession | undefined {
  return sessions.get(req);
}

/**
 * A session that has given its first factor but still owes the second (a TOTP code, or an enrolment
 * the workspace requires). It opens only the two-factor pages and sign-out: every other route asks
 * portalSessionOf, which never returns it.
 */
export function unfinishedSessionOf(req: Request): PortalSession | undefined {
  return unfinished.get(req);
}

/** What a session still owes before it opens pages: nothing, a TOTP code, or a TOTP enrolment. */
export function secondFactorOwed(session: PortalSession, requireTwoFactor: boolean): 'none' | 'code' | 'enrolment' {
  if (session.mfaState === 'pending') return 'code';
  if (session.mfaState === 'enrol_required') return 'enrolment';
  // A session from before the workspace started requiring 2FA owes an enrolment now.
  if (session.mfaState === 'not_required' && requireTwoFactor) return 'enrolment';
  return 'none';
}

/**
 * Reads the session cookie on every request and re-checks the session, its user and its client
 * (readSession), so a disabled user or off-boarded client is signed out on their very next click.
 * A cookie whose session is gone is cleared.
 */
export function attachPortalSession(ctx: PortalContext): RequestHandler {
  const { app } = ctx;
  return async (req: Request, res: Response, next: NextFunction) => {
    contexts.set(req, ctx);
    const cookie = readSessionCookie(app.config, req.headers.cookie);
    if (cookie === undefined) return next();
    const session = await readSession(app.store.db, app.keyring.signingKey, cookie, ctx.now());
    if (!session) res.append('Set-Cookie', serializeClearedSessionCookie(app.config));
    else if (secondFactorOwed(session, app.config.portal.requireTwoFactor) === 'none') sessions.set(req, session);
    else unfinished.set(req, session);
    next();
  };
}

/**
 * Pages behind sign-in. Without a session: back to the start page, the same answer for every
 * address, so a signed-out visitor learns nothing about which ids exist. A session owing its second
 * factor goes to that step; under the password policy, one without a password (signed in by an
 * invitation or a reset link) goes to choosing it.
 */
export const requirePortalSession: RequestHandler = (req, res, next) => {
  const session = sessions.get(req);
  if (!session) return res.redirect(303, unfinished.has(req) ? '/auth/two-factor' : '/');
  const ctx = contexts.get(req);
  if (ctx?.app.config.portal.signIn === 'password' && !session.hasPassword && !req.originalUrl.startsWith(PASSWORD_SETUP_PATH)) return res.redirect(303, PASSWORD_SETUP_PATH);
  next();
};
