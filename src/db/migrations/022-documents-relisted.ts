/**
 * Files added at the provider to a record that did not change itself (a HubSpot note's attachment on
 * a company, a QuickBooks Attachable on an unchanged invoice) reach the portal by listing client-owned
 * records again once their listing is older than CLIENTHUB_DOCUMENTS_RELIST_MINUTES. This index finds
 * the oldest listings without reading the records nobody owns.
 */
export const name = 'documents-relisted';

export const sql = `
CREATE INDEX records_documents_listed ON records (workspace_id, documents_listed_at) WHERE client_id IS NOT NULL AND deleted = 0 AND documents_listed_at IS NOT NULL;
`;

export const postgres = sql;
