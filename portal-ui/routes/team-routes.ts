import express from 'express';
import type { Request } from 'express';
import type { PortalContext } from '../portal-context.js';
import { portalSessionOf, requirePortalSession } from '../require-portal-session.js';
import { requireCapability, requireCsrf } from '../require-capability.js';
import { sendPage } from '../send-page.js';
import { parseId } from '../parse-id.js';
import { can } from '../../src/portal-access/portal-permissions.js';
import { listColleagues } from '../../src/team/load-team.js';
import { inviteColleague } from '../../src/team/invite-colleague.js';
import { resendInvitation, revokeInvitation } from '../../src/team/manage-invitation.js';
import { changeColleagueRole } from '../../src/team/change-colleague-role.js';
import { removeColleague } from '../../src/team/remove-colleague.js';
import type { ActingUser } from '../../src/team/acting-user.js';
import { TEAM_NOTICES, teamPage, type TeamView } from '../views/team-page.js';
import { notFoundPage } from '../views/error-pages.js';
import { releaseInvitation, reserveInvitation } from '../../src/team/invitation-limit.js';
import { minutesFromNow } from '../views/form-fields.js';

const tooManyInvitations = (retryAfterMs: number) => `You have sent many invitations in the last hour. Please try again in ${minutesFromNow(retryAfterMs)}.`;

/** The client's people; admins invite, re-invite, withdraw, change roles and remove, each a POST with CSRF. */
export function teamRoutes(ctx: PortalContext, form: express.RequestHandler): express.Router {
  const { app } = ctx;
  const router = express.Router();
  router.use('/team', requirePortalSession, requireCapability(ctx, 'view_team'));
  const manage = [requireCapability(ctx, 'manage_team'), form, requireCsrf(ctx)];

  const actorOf = (req: Request): ActingUser => {
    const session = portalSessionOf(req)!;
    return { userId: session.userId, clientId: session.clientId, workspaceId: session.workspaceId, ip: req.ip ?? null };
  };
  const view = async (req: Request, extra: Partial<TeamView> = {}): Promise<TeamView> => {
    const session = portalSessionOf(req)!;
    const done = req.query.done;
    return {
      colleagues: await listColleagues(app.store.db, session.clientId),
      me: { userId: session.userId, csrfToken: session.csrfToken },
      canManage: can(session.role, 'manage_team'),
      notice: typeof done === 'string' && Object.hasOwn(TEAM_NOTICES, done) ? TEAM_NOTICES[done as keyof typeof TEAM_NOTICES] : null,
      ...extra,
    };
  };

  router.get('/team', async (req, res) => sendPage(ctx, req, res, 200, teamPage(await view(req))));

  router.post('/team/invite', ...manage, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const result = await inviteColleague(app, actorOf(req), body, ctx.now());
    // An address of another client gets the very answer a sent invitation gets: this form must not
    // tell one client who belongs to another (the refusal is audited for staff).
    if (result.ok || result.reason === 'unavailable') return res.redirect(303, '/team?done=invited');
    const values = { email: String(body.email ?? ''), name: String(body.name ?? ''), role: String(body.role ?? '') };
    if (result.reason === 'throttled') {
      res.set('Retry-After', String(Math.ceil(result.retryAfterMs / 1000)));
      return sendPage(ctx, req, res, 429, teamPage(await view(req, { notice: null, invite: { values, errors: {}, message: tooManyInvitations(result.retryAfterMs) } })));
    }
    if (result.reason === 'invalid') return sendPage(ctx, req, res, 400, teamPage(await view(req, { notice: null, invite: { values, errors: result.errors, message: 'Check the highlighted fields.' } })));
    const message = 'This person already has access or a pending invitation. To send them a new link, use “Resend invitation”.';
    return sendPage(ctx, req, res, 409, teamPage(await view(req, { notice: null, invite: { values, errors: {}, message } })));
  });

  const action = (path: string, run: (req: Request, userId: number) => Promise<boolean>, done: keyof typeof TEAM_NOTICES) => {
    router.post(`/team/:userId/${path}`, ...manage, async (req, res) => {
      const userId = parseId(req.params.userId);
      // Another client's user, oneself, or a removed person: the same 404 as an id that does not exist.
      if (userId === null || !(await run(req, userId))) return sendPage(ctx, req, res, 404, notFoundPage());
      res.redirect(303, `/team?done=${done}`);
    });
  };
  // A re-sent invitation is an email too: it counts against the same allowance as a new one.
  router.post('/team/:userId/resend', ...manage, async (req, res) => {
    const userId = parseId(req.params.userId);
    const actor = actorOf(req);
    const now = ctx.now();
    const reservation = await reserveInvitation(app, actor, now);
    if (!reservation.ok) {
      res.set('Retry-After', String(Math.ceil(reservation.retryAfterMs / 1000)));
      return sendPage(ctx, req, res, 429, teamPage(await view(req, { notice: tooManyInvitations(reservation.retryAfterMs) })));
    }
    if (userId === null || !(await resendInvitation(app, actor, userId, now))) {
      await releaseInvitation(app, actor, now);
      return sendPage(ctx, req, res, 404, notFoundPage());
    }
    res.redirect(303, '/team?done=resent');
  });
  action('revoke', (req, id) => revokeInvitation(app, actorOf(req), id, ctx.now()), 'revoked');
  action('remove', (req, id) => removeColleague(app, actorOf(req), id, ctx.now()), 'removed');

  router.post('/team/:userId/role', ...manage, async (req, res) => {
    const userId = parseId(req.params.userId);
    const outcome = userId === null ? 'not_found' : await changeColleagueRole(app, actorOf(req), userId, (req.body as Record<string, unknown>).role, ctx.now());
    if (outcome === 'not_found') return sendPage(ctx, req, res, 404, notFoundPage());
    if (outcome === 'invalid') return sendPage(ctx, req, res, 400, teamPage(await view(req, { notice: 'Choose one of the roles listed.' })));
    res.redirect(303, '/team?done=role_changed');
  });

  return router;
}
