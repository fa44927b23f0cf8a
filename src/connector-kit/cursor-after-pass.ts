/**
 * Where a time cursor stands once a pass has read everything the provider changed up to the
 * moment the pass started. The newest record's own time is not enough: in a quiet account it stays
 * in the past, so each poll re-reads more and, past a look-back limit (QuickBooks CDC: 30 days),
 * falls back to a full listing. The pass's start is as good a watermark, less the overlap window,
 * which covers search indexes lagging writes and the provider's clock lagging ours.
 * Only the last page of a completed pass may carry it: a pass that stops part-way resumes from
 * the newest record it committed.
 */
export function cursorAfterPass(newest: number | null, startedAt: number, overlapMs: number): number {
  return Math.max(newest ?? Number.NEGATIVE_INFINITY, startedAt - overlapMs);
}
