import type { Queryable } from '../store/store.js';
import { listLinkReviewStates, type LinkReviewState } from '../store/identity/list-link-review-states.js';
import { insertLinkReview } from '../store/identity/insert-link-review.js';
import { updateLinkReviewCandidates } from '../store/identity/update-link-review-candidates.js';
import type { LinkCandidate } from './decide-link.js';

/**
 * Puts a record in the review queue (one open entry per record, its candidates refreshed), unless
 * staff already dismissed the same question: a dismissed suggestion comes back only when the
 * evidence names different clients. `state` is what the queue holds for the record, when the
 * caller read it already (resolveLinks reads a page's at once); it is kept up to date.
 */
export async function openLinkReview(
  q: Queryable,
  workspaceId: number,
  recordId: number,
  reason: 'conflict' | 'suggestion',
  candidates: LinkCandidate[],
  now = Date.now(),
  state?: LinkReviewState,
): Promise<'opened' | 'refreshed' | 'unchanged' | 'dismissed_before'> {
  const known = state ?? (await listLinkReviewStates(q, [recordId])).get(recordId) ?? {};
  const clients = [...new Set(candidates.map((c) => c.clientId))].sort((a, b) => a - b).join(',');
  const body = JSON.stringify(candidates);
  if (known.open) {
    if (known.open.candidates === body && known.open.reason === reason) return 'unchanged';
    await updateLinkReviewCandidates(q, known.open.id, { reason, candidates: body }, now);
    known.open = { ...known.open, reason, candidates: body };
    return 'refreshed';
  }
  if (known.dismissedCandidates !== undefined) {
    const before = [...new Set((JSON.parse(known.dismissedCandidates) as LinkCandidate[]).map((c) => c.clientId))].sort((a, b) => a - b).join(',');
    if (before === clients) return 'dismissed_before';
  }
  known.open = { id: await insertLinkReview(q, { workspaceId, recordId, reason, candidates: body }, now), reason, candidates: body };
  return 'opened';
}
