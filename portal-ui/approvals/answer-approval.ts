import type { AppContext } from '../../src/app/app-context.js';
import type { PortalSession } from '../../src/auth/read-session.js';
import { queuePortalAction } from '../../src/outbox/queue-portal-action.js';
import { canAnswerApprovals } from '../../src/portal-access/portal-permissions.js';
import { loadApproval, type ApprovalAnswer } from './load-approvals.js';
import { findUserContactRecordId } from '../../src/store/portal-users/find-user-contact-record-id.js';
import { findPortalActionByKey } from '../../src/store/portal-actions/find-portal-action-by-key.js';

export const COMMENT_MAX = 2_000;
const ANSWERS: readonly ApprovalAnswer[] = ['approved', 'rejected', 'changes_requested'];

export type AnswerOutcome =
  | { ok: true }
  /** Not this client's, not a visible approval, or not for this role: the portal's one 404. */
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'invalid'; message: string }
  /** Answered already (in the provider, or an answer is on its way). */
  | { ok: false; reason: 'answered' }
  /** The write is off for this connection (grant lacks the scope, disconnected). */
  | { ok: false; reason: 'unavailable' };

/**
 * A client's answer to an approval, checked and handed to the outbox. Rules: only a role the
 * workspace lets answer (PORTAL_APPROVAL_ROLES); only a client-visible approval of the client's own
 * projects that is still pending, with no answer of theirs on its way; a rejection or a change
 * request says why (a comment), an approval may add one. Stored as plain text; the connector sends it
 * as plain text. The form's key makes a double submit one action.
 */
export async function answerApproval(app: AppContext, session: PortalSession, recordId: number, body: Record<string, unknown>, ip: string | null): Promise<AnswerOutcome> {
  if (!canAnswerApprovals(session.role, app.config.portal.approvalRoles)) return { ok: false, reason: 'not_found' };
  const approval = await loadApproval(app.store.db, session.clientId, recordId);
  if (!approval) return { ok: false, reason: 'not_found' };
  const answer = String(body.answer ?? '') as ApprovalAnswer;
  if (!ANSWERS.includes(answer)) return { ok: false, reason: 'invalid', message: 'Choose approve, request changes or reject.' };
  const comment = String(body.comment ?? '').replace(/\r\n/g, '\n').trim();
  if (comment.length > COMMENT_MAX) return { ok: false, reason: 'invalid', message: `Keep the comment under ${COMMENT_MAX} characters (it has ${comment.length}).` };
  if (answer !== 'approved' && comment === '') return { ok: false, reason: 'invalid', message: 'Say what should change, so the team can act on it.' };
  const key = String(body.key ?? '');
  if (!/^[A-Za-z0-9-]{16,64}$/.test(key)) return { ok: false, reason: 'invalid', message: 'This form has expired; open the approval again.' };
  // A repeat of the very form already sent is the same action: the outbox answers with it.
  const repeat = approval.lastPortalAnswer !== null && (await findPortalActionByKey(app.store.db, `approval:${session.clientId}:${key}`))?.clientId === session.clientId;
  if (!repeat && (approval.providerStatus !== 'pending' || (approval.lastPortalAnswer && approval.answerInFlight))) return { ok: false, reason: 'answered' };
  const contactRecordId = await findUserContactRecordId(app.store.db, session.userId);
  const queued = await queuePortalAction(app, {
    clientId: session.clientId,
    user: { id: session.userId, name: session.name, email: session.email, contactRecordId },
    operation: 'answerApproval',
    idempotencyKey: `approval:${session.clientId}:${key}`,
    fields: { answer, comment },
    anchorRecordId: recordId,
    ip,
  });
  return queued.ok ? { ok: true } : { ok: false, reason: 'unavailable' };
}
