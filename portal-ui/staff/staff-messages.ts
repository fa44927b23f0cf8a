/** The notices a console page shows after a redirect (?done= / ?error=): fixed texts, never echoed input. */
export const DONE_MESSAGES: Record<string, string> = {
  connected: 'Connected. The first sync starts within a minute; follow it below.',
  chosen: 'Saved. The first sync starts within a minute.',
  disconnected: 'Disconnected. Syncs have stopped and the stored credentials are erased; synced records are kept.',
  purged: 'Disconnected, and every record synced from this account was deleted.',
  queued: 'Sync queued. This page refreshes by itself while it runs.',
  replayed: 'Dead letter replayed: the record is in the cache now.',
  discarded: 'Dead letter discarded.',
  action_retried: 'Portal action queued again; it is delivered once (a copy the provider already holds is found, not created again).',
  linked: 'Record linked.',
  unlinked: 'Record marked as belonging to no client.',
  released: 'Manual decision released: the rules decided again.',
  merged: 'Clients merged.',
  review_answered: 'Review answered.',
  resent: 'A new invitation was sent; the previous link stopped working.',
  revoked: 'Invitation withdrawn.',
  invited_anyway: 'The invitation was sent, although the CRM says this person opted out of email.',
};

export const ERROR_MESSAGES: Record<string, string> = {
  session_mismatch: 'The connect was refused: the provider sent back a connect that this staff session did not start. Start again from this page.',
  state: 'The connect link was invalid, expired or already used. Start again.',
  exchange: 'The provider did not accept the authorisation code.',
};

export function messageFrom(query: Record<string, unknown>): { text: string; kind: 'ok' | 'error' } | null {
  const done = typeof query.done === 'string' ? DONE_MESSAGES[query.done] : undefined;
  if (done) return { text: done, kind: 'ok' };
  const error = typeof query.error === 'string' ? ERROR_MESSAGES[query.error] : undefined;
  if (!error) return null;
  // The provider's own words after an exchange failure say what to fix (shown escaped, as text).
  const detail = query.error === 'exchange' && typeof query.detail === 'string' ? ` ${query.detail.slice(0, 300)}` : '';
  return { text: error + detail, kind: 'error' };
}
