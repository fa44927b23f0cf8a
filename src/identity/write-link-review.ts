import type { Db } from '../db/open-database.js';
import { cachedStatement } from '../db/cached-statement.js';
import type { LinkCandidate } from './decide-link.js';

/**
 * Puts a record in the review queue (one open entry per record, its candidates refreshed), unless
 * staff already dismissed the same question: a dismissed suggestion comes back only when the
 * evidence names different clients.
 */
export function openLinkReview(db: Db, workspaceId: number, recordId: number, reason: 'conflict' | 'suggestion', candidates: LinkCandidate[], now = Date.now()): 'opened' | 'refreshed' | 'unchanged' | 'dismissed_before' {
  const clients = [...new Set(candidates.map((c) => c.clientId))].sort((a, b) => a - b).join(',');
  const open = cachedStatement(db, `SELECT id, reason, candidates FROM link_reviews WHERE record_id = ? AND status = 'open'`).get(recordId) as
    | { id: number; reason: string; candidates: string }
    | undefined;
  const body = JSON.stringify(candidates);
  if (open) {
    if (open.candidates === body && open.reason === reason) return 'unchanged';
    cachedStatement(db, 'UPDATE link_reviews SET reason = ?, candidates = ?, updated_at = ? WHERE id = ?').run(reason, body, now, open.id);
    return 'refreshed';
  }
  const dismissed = cachedStatement(db, `SELECT candidates FROM link_reviews WHERE record_id = ? AND status = 'dismissed' ORDER BY id DESC LIMIT 1`).get(recordId) as { candidates: string } | undefined;
  if (dismissed) {
    const before = [...new Set((JSON.parse(dismissed.candidates) as LinkCandidate[]).map((c) => c.clientId))].sort((a, b) => a - b).join(',');
    if (before === clients) return 'dismissed_before';
  }
  cachedStatement(db, `INSERT INTO link_reviews (workspace_id, record_id, reason, candidates, status, created_at, updated_at) VALUES (?, ?, ?, ?, 'open', ?, ?)`).run(workspaceId, recordId, reason, body, now, now);
  return 'opened';
}

/** Closes the record's open review when the rules (or staff) settled it. */
export function closeLinkReview(db: Db, recordId: number, resolution: string, resolvedBy: string | null, now = Date.now()): boolean {
  return cachedStatement(db, `UPDATE link_reviews SET status = 'resolved', resolution = ?, resolved_by = ?, updated_at = ? WHERE record_id = ? AND status = 'open'`).run(resolution, resolvedBy, now, recordId).changes > 0;
}
