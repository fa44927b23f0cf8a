/**
 * The emulators' `rateLimitEvery: N`: every Nth API call (never an OAuth token call) is answered
 * with that provider's own 429 (or Salesforce's REQUEST_LIMIT_EXCEEDED), because at a real provider
 * a rate limit can answer *any* call, in the middle of a backfill or under a client's PDF click.
 */
export function everyNthCall(every: number | undefined): () => boolean {
  if (every === undefined || every === 0) return () => false;
  // Every call refused would never let a retry through: the smallest useful N is 2.
  if (!Number.isInteger(every) || every < 2) throw new Error(`rateLimitEvery must be a whole number of 2 or more (0 or unset: off), got ${every}`);
  let calls = 0;
  return () => ++calls % every === 0;
}
