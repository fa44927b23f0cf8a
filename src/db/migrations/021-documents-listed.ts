/**
 * When a record's files were last listed (issue 17). Files are listed only for records a client
 * owns — nobody else may ever see them — so a record listed at sync time stays unlisted until it is
 * linked; this column lets the hub list exactly the linked records not yet listed, whatever linked
 * them (identity resolution, provisioning, staff), instead of calling the provider for every
 * company and deal in the CRM.
 */
export const name = 'documents-listed';

export const sql = `
ALTER TABLE records ADD COLUMN documents_listed_at INTEGER;
CREATE INDEX records_documents_unlisted ON records (connection_id, object_type) WHERE client_id IS NOT NULL AND deleted = 0 AND documents_listed_at IS NULL;
`;

export const postgres = `
ALTER TABLE records ADD COLUMN documents_listed_at BIGINT;
CREATE INDEX records_documents_unlisted ON records (connection_id, object_type) WHERE client_id IS NOT NULL AND deleted = 0 AND documents_listed_at IS NULL;
`;
