import express from 'express';
import type { PortalContext } from '../portal-context.js';
import { portalSessionOf, requirePortalSession } from '../require-portal-session.js';
import { requireCapability } from '../require-capability.js';
import { sendPage } from '../send-page.js';
import { parseId } from '../parse-id.js';
import { insertAuditEntry } from '../../src/store/audit/insert-audit-entry.js';
import { findClientDocument, listClientDocuments } from '../../src/documents/load-documents.js';
import { streamDocument } from '../documents/stream-document.js';
import { documentsPage, formatBytes } from '../views/documents-page.js';
import { notFoundPage } from '../views/error-pages.js';
import { loadCompanyUploads } from '../uploads/load-company-uploads.js';

/**
 * Documents: the list, and each file's bytes streamed from its provider. Another client's document,
 * one on an internal task, one the role may not see and an id that never existed all get the same 404.
 */
export function documentRoutes(ctx: PortalContext): express.Router {
  const { app } = ctx;
  const router = express.Router();
  router.use('/documents', requirePortalSession, requireCapability(ctx, 'view_documents'));

  router.get('/documents', async (req, res) => {
    const session = portalSessionOf(req)!;
    const notice = req.query.uploaded === '1' ? 'Thank you — your file is on its way to the team.' : null;
    await sendPage(ctx, req, res, 200, documentsPage(await listClientDocuments(app.store.db, session.clientId, session.role), null, await loadCompanyUploads(app, session, { notice })));
  });

  router.get('/documents/:documentId/download', async (req, res, next) => {
    try {
      const session = portalSessionOf(req)!;
      const id = parseId(req.params.documentId);
      const document = id === null ? null : await findClientDocument(app.store.db, session.clientId, session.role, id);
      if (!document) return sendPage(ctx, req, res, 404, notFoundPage());
      const { documentMaxBytes, documentTimeoutMs } = app.config.portal;
      const outcome = await streamDocument(app, document, res, { maxBytes: documentMaxBytes, timeoutMs: documentTimeoutMs });
      await insertAuditEntry(app.store.db, {
        workspaceId: session.workspaceId,
        actorType: 'portal_user',
        actorId: session.userId,
        action: outcome.ok ? 'document.downloaded' : 'document.download_failed',
        subjectType: 'document',
        subjectId: document.id,
        clientId: session.clientId,
        ip: req.ip ?? null,
        details: { name: document.name, provider: document.provider, ...(outcome.ok ? { bytes: outcome.bytes } : { reason: outcome.reason, ...('error' in outcome ? { error: outcome.error } : {}) }) },
      });
      if (outcome.ok || outcome.reason === 'cut') return;
      if (outcome.reason !== 'too_large') app.logger.warn('document download failed', { documentId: document.id, provider: document.provider, error: outcome.error });
      const notice = outcome.reason === 'too_large'
        ? `“${document.name}” is ${formatBytes(outcome.sizeBytes)}, larger than the portal can deliver (${formatBytes(documentMaxBytes)}). Ask your team to send it another way.`
        : `“${document.name}” could not be fetched just now. Please try again in a few minutes; if it keeps failing, your team has a record of it.`;
      await sendPage(ctx, req, res, outcome.reason === 'too_large' ? 413 : 502, documentsPage(await listClientDocuments(app.store.db, session.clientId, session.role), notice, await loadCompanyUploads(app, session)));
    } catch (error) {
      next(error);
    }
  });

  return router;
}
