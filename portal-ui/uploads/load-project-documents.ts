import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../src/app/app-context.js';
import type { PortalSession } from '../../src/auth/read-session.js';
import type { UploadDocumentInput } from '../../src/connector-kit/connector.js';
import { listClientActions } from '../../src/store/portal-actions/list-client-actions.js';
import { findWriteTarget } from '../../src/outbox/write-availability.js';
import { can } from '../../src/portal-access/portal-permissions.js';
import { listDocumentsOf } from '../../src/documents/load-documents.js';
import type { ProjectDocumentsView, SentUpload } from '../views/project-documents.js';
import type { PortalAction } from '../../src/outbox/portal-action.js';

/** One of the client's uploads as the page lists it: the file, who sent it, how far it got. */
export function sentUploadOf(action: PortalAction): SentUpload {
  const payload = action.payload as Partial<UploadDocumentInput>;
  return { fileName: String(payload.fileName ?? ''), sizeBytes: Number(payload.sizeBytes ?? 0), authorName: String(payload.authorName ?? ''), status: action.status };
}

/** The Documents section of a project page: shared files, the client's uploads with their delivery, and the form where allowed. */
export async function loadProjectDocuments(app: AppContext, session: PortalSession, project: { recordId: number; externalId: string; connectionId: number }, extra: { error?: string | null; notice?: string | null } = {}): Promise<ProjectDocumentsView> {
  const uploads = (await listClientActions(app.store.db, session.clientId, { operation: 'uploadDocument' }))
    .filter((action) => {
      const payload = action.payload as Partial<UploadDocumentInput>;
      return action.connectionId === project.connectionId && payload.anchor !== 'company' && 'projectExternalId' in payload && payload.projectExternalId === project.externalId;
    })
    .map((action) => sentUploadOf(action));
  const mayUpload = can(session.role, 'upload_documents') && (await findWriteTarget(app, session.clientId, 'uploadDocument', project.recordId)) !== null;
  return {
    documents: await listDocumentsOf(app.store.db, session.clientId, session.role, { kind: 'project', recordId: project.recordId }),
    uploads,
    uploadForm: mayUpload ? { action: `/projects/${project.recordId}/uploads`, csrfToken: session.csrfToken, key: randomUUID(), maxBytes: app.config.portal.uploadMaxBytes, error: extra.error ?? null } : null,
    notice: extra.notice ?? null,
  };
}
