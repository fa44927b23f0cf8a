import express from 'express';
import { join } from 'node:path';
import type { AppContext } from '../../src/app/app-context.js';
import type { PortalContext } from '../portal-context.js';
import { portalSessionOf, requirePortalSession } from '../require-portal-session.js';
import { requireCapability } from '../require-capability.js';
import { sendPage } from '../send-page.js';
import { parseId } from '../parse-id.js';
import { loadProject } from '../loaders/load-projects.js';
import { projectPage } from '../views/project-page.js';
import { notFoundPage } from '../views/error-pages.js';
import { receiveUpload } from './receive-upload.js';
import { queueUpload } from './queue-upload.js';
import { loadProjectDocuments } from './load-project-documents.js';
import { findWriteTarget } from '../../src/outbox/write-availability.js';
import { listClientDocuments } from '../../src/documents/load-documents.js';
import { documentsPage } from '../views/documents-page.js';
import { findCompanyUploadTarget, loadCompanyUploads } from './load-company-uploads.js';
import { findRecordRef } from '../../src/store/records/find-record-ref.js';

/** The project's provider reference (its id there and its connection), for the outbox. */
export async function projectRefOf(app: AppContext, recordId: number): Promise<{ recordId: number; externalId: string; connectionId: number }> {
  const ref = await findRecordRef(app.store.db, recordId);
  if (!ref) throw new Error(`record ${recordId} not found`);
  return { recordId, ...ref };
}

/**
 * Client uploads (multipart POST; the CSRF token is a form field before the file): on a project,
 * to the project's conversation task; from the Documents page, to the client's own company in the
 * CRM (a HubSpot company, a Salesforce Account). A refused file is deleted and the page says why,
 * with the status that fits (413 too large, 415 type not accepted, 422 content not what it claims
 * or a virus, 503 scanner down); an accepted one goes through the outbox. Both take the same checks.
 */
export function uploadRoutes(ctx: PortalContext): express.Router {
  const { app } = ctx;
  const router = express.Router();
  const limits = () => ({ maxBytes: app.config.portal.uploadMaxBytes, stagingDir: join(app.config.dataDir, 'uploads'), clamavHost: app.config.portal.clamavHost, logger: app.logger });
  router.post('/projects/:projectId/uploads', requirePortalSession, requireCapability(ctx, 'view_projects'), requireCapability(ctx, 'upload_documents'), async (req, res, next) => {
    try {
      const session = portalSessionOf(req)!;
      const id = parseId(req.params.projectId);
      const now = ctx.now();
      const project = id === null ? null : await loadProject(app.store.db, session.clientId, id, now);
      // Another client's project, or one whose tool cannot take files: the portal's one 404 (the form is not offered there).
      if (!project || !(await findWriteTarget(app, session.clientId, 'uploadDocument', project.recordId))) {
        req.resume();
        return sendPage(ctx, req, res, 404, notFoundPage());
      }
      const ref = await projectRefOf(app, project.recordId);
      const received = await receiveUpload(req, session.csrfToken, limits());
      if (!received.ok) {
        if (received.status === 413) res.set('Connection', 'close');
        return sendPage(ctx, req, res, received.status, projectPage(project, now, await loadProjectDocuments(app, session, ref, { error: received.message })));
      }
      const queued = await queueUpload(app, session, { projectRecordId: project.recordId }, received.upload, req.ip ?? null);
      if (!queued.ok) return sendPage(ctx, req, res, 503, projectPage(project, now, await loadProjectDocuments(app, session, ref, { error: 'Files cannot be sent from the portal at the moment; nothing was sent.' })));
      res.redirect(303, `/projects/${project.recordId}?uploaded=1#documents`);
    } catch (error) {
      next(error);
    }
  });
  router.post('/documents/uploads', requirePortalSession, requireCapability(ctx, 'view_documents'), requireCapability(ctx, 'upload_documents'), async (req, res, next) => {
    try {
      const session = portalSessionOf(req)!;
      // No CRM of this client takes files (the form is not offered): the portal's one 404.
      if (!(await findCompanyUploadTarget(app, session.clientId))) {
        req.resume();
        return sendPage(ctx, req, res, 404, notFoundPage());
      }
      const page = async (status: number, error: string) => sendPage(ctx, req, res, status, documentsPage(await listClientDocuments(app.store.db, session.clientId, session.role), null, await loadCompanyUploads(app, session, { error })));
      const received = await receiveUpload(req, session.csrfToken, limits());
      if (!received.ok) {
        if (received.status === 413) res.set('Connection', 'close');
        return page(received.status, received.message);
      }
      const queued = await queueUpload(app, session, { company: true }, received.upload, req.ip ?? null);
      if (!queued.ok) return page(503, 'Files cannot be sent from the portal at the moment; nothing was sent.');
      res.redirect(303, '/documents?uploaded=1#send');
    } catch (error) {
      next(error);
    }
  });
  return router;
}
