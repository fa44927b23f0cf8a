/**
 * The write-back outbox (issue 16): a portal action (a client's request, a reply, a message) is
 * stored here in the same transaction as its audit row, before any provider is called, and a
 * job performs it through the connector's declared write operation. The idempotency key is
 * unique: the same form submitted twice is one action, and the key is the marker written into
 * the provider's object so a retry finds what an interrupted attempt already created.
 */
export const name = 'portal-actions';

export const sql = `
CREATE TABLE portal_actions (
  id INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
  client_id INTEGER NOT NULL REFERENCES clients(id),
  portal_user_id INTEGER REFERENCES portal_users(id),
  connection_id INTEGER NOT NULL REFERENCES connections(id),
  -- a key of the connector's declared writes: createRequest, addRequestMessage, addConversationComment
  operation TEXT NOT NULL,
  idempotency_key TEXT NOT NULL UNIQUE,
  payload TEXT NOT NULL,
  -- pending: not yet confirmed at the provider; done: the provider holds it; failed: dead-lettered
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  result_object_type TEXT,
  result_external_id TEXT,
  last_error TEXT,
  dead_letter_id INTEGER REFERENCES dead_letters(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  done_at INTEGER
);
CREATE INDEX portal_actions_by_client ON portal_actions (client_id, status, created_at);
CREATE INDEX portal_actions_open ON portal_actions (status, workspace_id) WHERE status != 'done';
`;
