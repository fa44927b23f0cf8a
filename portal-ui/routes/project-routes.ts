import express from 'express';
import type { PortalContext } from '../portal-context.js';
import { portalSessionOf, requirePortalSession } from '../require-portal-session.js';
import { requireCapability } from '../require-capability.js';
import { sendPage } from '../send-page.js';
import { parseId } from '../parse-id.js';
import { listProjects, loadProject } from '../loaders/load-projects.js';
import { projectsPage } from '../views/projects-page.js';
import { projectPage } from '../views/project-page.js';
import { notFoundPage } from '../views/error-pages.js';
import { loadProjectDocuments } from '../uploads/load-project-documents.js';
import { projectRefOf } from '../uploads/upload-routes.js';
import { canUseMessages } from '../../src/portal-access/portal-permissions.js';
import { countUnreadMessages } from '../../src/store/conversations/count-unread-messages.js';
import { listProjectMessages } from '../../src/store/conversations/list-project-messages.js';

export function projectRoutes(ctx: PortalContext): express.Router {
  const { app } = ctx;
  const router = express.Router();
  router.use('/projects', requirePortalSession, requireCapability(ctx, 'view_projects'));

  router.get('/projects', async (req, res) => {
    const session = portalSessionOf(req)!;
    const now = ctx.now();
    await sendPage(ctx, req, res, 200, projectsPage(await listProjects(app.store.db, session.clientId, now), now));
  });

  router.get('/projects/:projectId', async (req, res) => {
    const session = portalSessionOf(req)!;
    const id = parseId(req.params.projectId);
    const now = ctx.now();
    const project = id === null ? null : await loadProject(app.store.db, session.clientId, id, now);
    if (!project) return sendPage(ctx, req, res, 404, notFoundPage());
    const notice = req.query.uploaded === '1' ? 'Thank you — your file is on its way to the team.' : null;
    const messages = canUseMessages(session.role, app.config.portal.billingMessages)
      ? { projectRecordId: project.recordId, unread: (await countUnreadMessages(app.store.db, session.userId, [project.recordId])).get(project.recordId) ?? 0, count: (await listProjectMessages(app.store.db, project.recordId)).length }
      : undefined;
    await sendPage(ctx, req, res, 200, projectPage(project, now, await loadProjectDocuments(app, session, await projectRefOf(app, project.recordId), { notice }), messages));
  });

  return router;
}
