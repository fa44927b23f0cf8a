import type { Store } from '../store/store.js';
import type { IdentityRules } from './identity-rules.js';
import { linkRecordManuallyIn } from './link-record-manually.js';
import { actorLabel, type StaffActor } from './staff-actor.js';
import { findLinkReview } from '../store/identity/find-link-review.js';
import { dismissLinkReview } from '../store/identity/dismiss-link-review.js';
import { insertAuditEntry } from '../store/audit/insert-audit-entry.js';

export type ReviewAnswer = { action: 'link'; clientId: number } | { action: 'none' } | { action: 'dismiss' };

/**
 * Staff answer a review-queue entry: link the record to a client, say it belongs to nobody (both
 * manual decisions, final), or dismiss the question (the record stays unlinked and is asked about
 * again only if the evidence comes to name other clients).
 */
export async function resolveLinkReview(store: Store, input: { workspaceId: number; reviewId: number; answer: ReviewAnswer; actor: StaffActor; rules: IdentityRules }, now = Date.now()): Promise<void> {
  await store.transaction(async (tx) => {
    const review = await findLinkReview(tx, input.reviewId, input.workspaceId);
    if (!review) throw new Error(`No review ${input.reviewId}`);
    if (review.status !== 'open') throw new Error(`Review ${input.reviewId} is already ${review.status}`);
    if (input.answer.action === 'dismiss') {
      await dismissLinkReview(tx, input.reviewId, actorLabel(input.actor), now);
      await insertAuditEntry(tx, { workspaceId: input.workspaceId, actorType: input.actor.type, actorId: input.actor.id, ip: input.actor.ip ?? null, action: 'link_review.dismissed', subjectType: 'record', subjectId: review.recordId }, now);
      return;
    }
    await linkRecordManuallyIn(tx, { workspaceId: input.workspaceId, recordId: review.recordId, clientId: input.answer.action === 'link' ? input.answer.clientId : null, actor: input.actor, rules: input.rules, note: `review ${input.reviewId}` }, now);
  }, { isolation: 'serializable' });
}
