/** Which identity rules the cache's links were last worked out with: a change re-links at start, nothing else does. */
export const name = 'identity-rules-fingerprint';

export const sql = `
ALTER TABLE workspaces ADD COLUMN identity_rules_fingerprint TEXT;
`;
