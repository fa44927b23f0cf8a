import type { Db } from '../db/open-database.js';
import { writeTransaction } from '../db/open-database.js';
import { writeAudit } from '../audit/write-audit.js';
import type { IdentityRules } from './identity-rules.js';
import { linkRecordManually } from './link-record-manually.js';
import { actorLabel, type StaffActor } from './staff-actor.js';

export type ReviewAnswer = { action: 'link'; clientId: number } | { action: 'none' } | { action: 'dismiss' };

/**
 * Staff answer a review-queue entry: link the record to a client, say it belongs to nobody (both
 * manual decisions, final), or dismiss the question (the record stays unlinked and is asked about
 * again only if the evidence comes to name other clients).
 */
export function resolveLinkReview(db: Db, input: { workspaceId: number; reviewId: number; answer: ReviewAnswer; actor: StaffActor; rules: IdentityRules }, now = Date.now()): void {
  writeTransaction(db, () => {
    const review = db.prepare(`SELECT record_id, status FROM link_reviews WHERE id = ? AND workspace_id = ?`).get(input.reviewId, input.workspaceId) as { record_id: number; status: string } | undefined;
    if (!review) throw new Error(`No review ${input.reviewId}`);
    if (review.status !== 'open') throw new Error(`Review ${input.reviewId} is already ${review.status}`);
    if (input.answer.action === 'dismiss') {
      db.prepare(`UPDATE link_reviews SET status = 'dismissed', resolution = 'dismissed', resolved_by = ?, updated_at = ? WHERE id = ?`).run(actorLabel(input.actor), now, input.reviewId);
      writeAudit(db, { workspaceId: input.workspaceId, actorType: input.actor.type, actorId: input.actor.id, ip: input.actor.ip ?? null, action: 'link_review.dismissed', subjectType: 'record', subjectId: review.record_id }, now);
      return;
    }
    linkRecordManually(db, { workspaceId: input.workspaceId, recordId: review.record_id, clientId: input.answer.action === 'link' ? input.answer.clientId : null, actor: input.actor, rules: input.rules, note: `review ${input.reviewId}` }, now);
  });
}
