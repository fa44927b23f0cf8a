import type { Queryable } from '../store.js';
import { chunksOf } from './link-row.js';

export interface LinkReviewState {
  /** The record's open review, if any. */
  open?: { id: number; reason: string; candidates: string };
  /** The candidates of the record's latest dismissed review, if any. */
  dismissedCandidates?: string;
}

/** What the review queue holds for these records: their open review and their latest dismissed one (one query per 500). */
export async function listLinkReviewStates(q: Queryable, recordIds: number[]): Promise<Map<number, LinkReviewState>> {
  const out = new Map<number, LinkReviewState>();
  for (const chunk of chunksOf([...new Set(recordIds)])) {
    const rows = await q.selectFrom('link_reviews').select(['id', 'record_id', 'reason', 'candidates', 'status']).where('record_id', 'in', chunk).where('status', 'in', ['open', 'dismissed']).orderBy('id').execute();
    for (const row of rows) {
      const state = out.get(row.record_id) ?? {};
      out.set(row.record_id, state);
      if (row.status === 'open') state.open = { id: row.id, reason: row.reason, candidates: row.candidates };
      else state.dismissedCandidates = row.candidates;
    }
  }
  return out;
}
