import type { Request, RequestHandler } from 'express';
import { readStaffSession, type StaffSession } from '../../src/staff/staff-sessions.js';
import { readStaffCookie, serializeClearedStaffCookie } from '../../src/staff/staff-cookie.js';
import { staffActor } from '../../src/staff/staff-actor.js';
import type { StaffActor } from '../../src/identity/staff-actor.js';
import type { StaffContext } from './staff-context.js';

const sessions = new WeakMap<Request, StaffSession>();

export function staffSessionOf(req: Request): StaffSession | undefined {
  return sessions.get(req);
}

/** The signed-in staff member as the audit log and identity decisions record them. */
export function actorOf(req: Request): StaffActor {
  return staffActor(sessions.get(req)!.staffUserId, req.ip ?? null);
}

/**
 * Reads the console's own cookie (never the portal's) on every request and re-checks the session
 * and its staff member, so a disabled member or a changed role counts from their next click.
 */
export function attachStaffSession(ctx: StaffContext): RequestHandler {
  const { app } = ctx;
  return async (req, res, next) => {
    const cookie = readStaffCookie(app.config, req.headers.cookie);
    if (cookie === undefined) return next();
    const session = await readStaffSession(app.store.db, app.keyring.signingKey, cookie, ctx.now());
    if (session && session.workspaceId === app.workspaceId) sessions.set(req, session);
    else res.append('Set-Cookie', serializeClearedStaffCookie(app.config));
    next();
  };
}

/** Console pages need a staff session; a portal session is no session here. */
export const requireStaffSession: RequestHandler = (req, res, next) => {
  if (!sessions.has(req)) return res.redirect(303, '/staff/sign-in');
  next();
};
