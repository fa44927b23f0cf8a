import type { RequestHandler } from 'express';
import { verifyCsrf } from '../../src/auth/verify-csrf.js';
import { staffCan, type StaffCapability } from '../../src/staff/staff-permissions.js';
import type { StaffContext } from './staff-context.js';
import { staffSessionOf } from './staff-session.js';
import { sendStaffPage } from './send-staff-page.js';
import { csrfRefusedPage, roleRefusedPage } from './views/staff-error-pages.js';

/** Only for roles with this capability (see src/staff/staff-permissions.ts); others get 403. */
export function requireStaffCapability(ctx: StaffContext, capability: StaffCapability): RequestHandler {
  return (req, res, next) => {
    const session = staffSessionOf(req);
    if (!session || !staffCan(session.role, capability)) return sendStaffPage(ctx, req, res, 403, roleRefusedPage(session?.role ?? 'none'));
    next();
  };
}

/** Every console POST carries the session's CSRF token; without it nothing changes (403). */
export function requireStaffCsrf(ctx: StaffContext): RequestHandler {
  return (req, res, next) => {
    const session = staffSessionOf(req);
    if (!session || !verifyCsrf(session, (req.body as Record<string, unknown> | undefined)?._csrf)) return sendStaffPage(ctx, req, res, 403, csrfRefusedPage());
    next();
  };
}

/** A write: capability first (a viewer learns "not for your role"), then the token. */
export function staffWrite(ctx: StaffContext, capability: StaffCapability): RequestHandler[] {
  return [requireStaffCapability(ctx, capability), requireStaffCsrf(ctx)];
}
