/**
 * Conversations (issue 16): the comments of each project's client conversation (Asana: the
 * client-conversation task's comment stories), cached per project record, plus what each portal
 * user has read. A row hangs on its project: the project's client owns it. Comments on any other
 * task are never stored.
 */
export const name = 'conversations';

export const sql = `
CREATE TABLE conversation_messages (
  id INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
  connection_id INTEGER NOT NULL REFERENCES connections(id),
  project_record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
  -- the provider's comment id (Asana story gid)
  external_id TEXT NOT NULL,
  author_name TEXT NOT NULL,
  -- plain text, as the provider holds it (escaped when shown)
  body TEXT NOT NULL,
  source_created_at INTEGER NOT NULL,
  -- the portal action that posted it (a client's own message), else NULL (the team's reply)
  portal_action_id INTEGER REFERENCES portal_actions(id),
  seen_at INTEGER NOT NULL,
  UNIQUE (connection_id, external_id)
);
CREATE INDEX conversation_messages_by_project ON conversation_messages (project_record_id, id);

CREATE TABLE conversation_reads (
  portal_user_id INTEGER NOT NULL REFERENCES portal_users(id) ON DELETE CASCADE,
  project_record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
  last_read_message_id INTEGER NOT NULL,
  read_at INTEGER NOT NULL,
  PRIMARY KEY (portal_user_id, project_record_id)
);

-- The notification digest's cursor over conversation messages (like notify_after_change_id over record_changes).
ALTER TABLE portal_users ADD COLUMN notify_after_message_id INTEGER NOT NULL DEFAULT 0;
`;
