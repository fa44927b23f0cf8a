import { rename, rm } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import { createHash } from 'node:crypto';
import type { AppContext } from '../../src/app/app-context.js';
import type { PortalSession } from '../../src/auth/read-session.js';
import { queuePortalAction } from '../../src/outbox/queue-portal-action.js';
import type { ReceivedUpload } from './receive-upload.js';
import { findUserContactRecordId } from '../../src/store/portal-users/find-user-contact-record-id.js';

/** The name the file gets in the business's tool: its own, plus a short marker of the action (found again on retry). */
export function storedUploadName(name: string, actionKey: string): string {
  const extension = extname(name);
  const marker = createHash('sha256').update(actionKey).digest('hex').slice(0, 10);
  return `${name.slice(0, name.length - extension.length)} (portal ${marker})${extension}`;
}

/** Where an upload goes: the project it was made on, or (from the Documents page) the client's company in the CRM. */
export type UploadDestination = { projectRecordId: number } | { company: true };

/**
 * Hands a checked upload to the outbox: the staged file is renamed to its stored name (the upload
 * sends it under that name) and an `uploadDocument` action is queued on the project, or on the
 * client's own company, with its audit row. If the write is off there, the file is deleted and
 * nothing is sent.
 */
export async function queueUpload(app: AppContext, session: PortalSession, destination: UploadDestination, upload: ReceivedUpload, ip: string | null): Promise<{ ok: true } | { ok: false; reason: 'unavailable' }> {
  const idempotencyKey = `upload:${session.clientId}:${upload.key}`;
  const storedName = storedUploadName(upload.name, idempotencyKey);
  const path = join(dirname(upload.path), storedName);
  await rename(upload.path, path);
  const contactRecordId = await findUserContactRecordId(app.store.db, session.userId);
  const queued = await queuePortalAction(app, {
    clientId: session.clientId,
    user: { id: session.userId, name: session.name, email: session.email, contactRecordId },
    operation: 'uploadDocument',
    idempotencyKey,
    fields: { fileName: upload.name, storedName, path, contentType: upload.type.mime, sizeBytes: upload.sizeBytes },
    ...('projectRecordId' in destination ? { anchorRecordId: destination.projectRecordId } : { anchorKind: 'company' as const }),
    ip,
  });
  // Unavailable, or the very same form sent twice (the first upload's file is the one that goes).
  if (!queued.ok || !queued.created) await rm(dirname(path), { recursive: true, force: true });
  return queued.ok ? { ok: true } : { ok: false, reason: 'unavailable' };
}
