/**
 * A client's portal users are read on every dashboard ("Waiting on you" asks who the client's
 * people are) and by every client-scoped user list; without an index each read scanned every user
 * of every client (issue 20).
 */
export const name = 'portal-users-by-client';

export const sql = `
CREATE INDEX portal_users_by_client ON portal_users (client_id);
`;

export const postgres = sql;
