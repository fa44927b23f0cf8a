/**
 * Staff sign-in links remember the browser that asked for them, like portal links (migration 5):
 * a keyed hash of the short-lived nonce cookie. NULL for links printed by `clienthub staff add`.
 */
export const name = 'staff-link-binding';

export const sql = `
ALTER TABLE staff_auth_tokens ADD COLUMN browser_hash TEXT;
`;
