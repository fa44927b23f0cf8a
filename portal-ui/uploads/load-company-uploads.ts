import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../src/app/app-context.js';
import type { PortalSession } from '../../src/auth/read-session.js';
import type { UploadDocumentInput } from '../../src/connector-kit/connector.js';
import { listClientActions } from '../../src/store/portal-actions/list-client-actions.js';
import { findWriteTarget, type WriteTarget } from '../../src/outbox/write-availability.js';
import { can } from '../../src/portal-access/portal-permissions.js';
import type { CompanyUploadsView } from '../views/documents-page.js';
import { sentUploadOf } from './load-project-documents.js';

/** Where an upload from the Documents page goes: the client's own company in a CRM that takes files; null when none does. */
export function findCompanyUploadTarget(app: AppContext, clientId: number): Promise<WriteTarget | null> {
  return findWriteTarget(app, clientId, 'uploadDocument', { kind: 'company' });
}

/** The Documents page's "Send a document": the client's uploads to their company, and the form where allowed. */
export async function loadCompanyUploads(app: AppContext, session: PortalSession, extra: { error?: string | null; notice?: string | null } = {}): Promise<CompanyUploadsView> {
  const uploads = (await listClientActions(app.store.db, session.clientId, { operation: 'uploadDocument' }))
    .filter((action) => (action.payload as Partial<UploadDocumentInput>).anchor === 'company')
    .map((action) => sentUploadOf(action));
  const mayUpload = can(session.role, 'upload_documents') && (await findCompanyUploadTarget(app, session.clientId)) !== null;
  return {
    uploads,
    uploadForm: mayUpload ? { action: '/documents/uploads', csrfToken: session.csrfToken, key: randomUUID(), maxBytes: app.config.portal.uploadMaxBytes, error: extra.error ?? null } : null,
    notice: extra.notice ?? null,
  };
}
