/**
 * Documents (issue 17): metadata of files the business keeps in its tools — attachments of Asana
 * tasks, files on CRM records, attachments of accounting invoices — listed at sync, one row per file
 * per parent record. The bytes are never stored: the portal streams them from the provider on demand.
 * A row hangs on its parent record (the task, invoice, company): the parent's client owns it, and the
 * parent's visibility (a task's clientVisible) decides whether it is shown at all.
 */
export const name = 'documents';

export const sql = `
CREATE TABLE documents (
  id INTEGER PRIMARY KEY,
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
  connection_id INTEGER NOT NULL REFERENCES connections(id),
  provider TEXT NOT NULL,
  parent_record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
  -- the provider's id for the file (Asana attachment gid, Xero AttachmentID, ContentDocumentId...)
  source_id TEXT NOT NULL,
  name TEXT NOT NULL,
  size_bytes INTEGER,
  content_type TEXT,
  source_created_at TEXT,
  -- what the connector needs to open the file again (never a provider URL shown to anyone)
  locator TEXT NOT NULL DEFAULT '{}',
  listed_at INTEGER NOT NULL,
  UNIQUE (connection_id, parent_record_id, source_id)
);
CREATE INDEX documents_by_parent ON documents (parent_record_id);
`;
