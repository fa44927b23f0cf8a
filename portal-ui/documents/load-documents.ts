import type { Db } from '../../src/db/open-database.js';
import type { RecordKind } from '../../src/model/unified-model.js';
import { can, type Capability } from '../../src/portal-access/portal-permissions.js';
import { toStoredDocument, type DocumentRow, type StoredDocument } from '../../src/documents/document-repository.js';

/**
 * Which role sees the files on which kind of record: the files of a record are as private as the
 * record. Task and project files are project work; invoice files are billing; files on the company
 * or its deals are commercial (contracts, proposals). A kind not listed here shows no files.
 */
const PARENT_CAPABILITY: Partial<Record<RecordKind, Capability>> = {
  task: 'view_projects',
  project: 'view_projects',
  invoice: 'view_invoices',
  credit_note: 'view_invoices',
  company: 'view_engagements',
  deal: 'view_engagements',
};

export function documentKindsFor(role: string): RecordKind[] {
  return (Object.entries(PARENT_CAPABILITY) as [RecordKind, Capability][]).filter(([, capability]) => can(role, capability)).map(([kind]) => kind);
}

export interface ClientDocument extends StoredDocument {
  parentKind: RecordKind;
  /** What the file hangs on, in the client's words: the task's, invoice's or company's name. */
  parentLabel: string;
  /** The portal page of the parent, where there is one (a task's project, the invoice). */
  parentHref: string | null;
}

interface Row extends DocumentRow {
  parent_kind: RecordKind;
  parent_label: string | null;
  project_record_id: number | null;
}

/*
 * The one query behind the Documents page, each project and invoice page, and every download. Its
 * scope is built in: the parent record is the session's client's and not deleted; a task's files
 * only while the client-visibility rule shows the task; only kinds the role may see. A document
 * outside it — another client's, an internal task's, one the role may not see — is exactly as absent
 * as one that never existed.
 */
function query(db: Db, clientId: number, role: string, extra: string, params: unknown[]): ClientDocument[] {
  const kinds = documentKindsFor(role);
  if (kinds.length === 0) return [];
  const rows = db
    .prepare(
      `SELECT d.id, d.connection_id, d.provider, d.parent_record_id, d.source_id, d.name, d.size_bytes, d.content_type, d.source_created_at, d.locator, d.listed_at,
              r.kind AS parent_kind,
              COALESCE(json_extract(r.data, '$.name'), json_extract(r.data, '$.number'), json_extract(r.data, '$.subject')) AS parent_label,
              (SELECT p.id FROM records p WHERE r.kind = 'task' AND p.connection_id = r.connection_id AND p.kind = 'project' AND p.client_id = r.client_id AND p.deleted = 0
                 AND p.external_id = json_extract(r.data, '$.projectExternalId')) AS project_record_id
       FROM documents d JOIN records r ON r.id = d.parent_record_id
       WHERE r.client_id = ? AND r.deleted = 0 AND (r.kind != 'task' OR json_extract(r.data, '$.clientVisible') = 1)
         AND r.kind IN (${kinds.map(() => '?').join(',')}) ${extra}
       ORDER BY COALESCE(d.source_created_at, '') DESC, d.id DESC`,
    )
    .all(clientId, ...kinds, ...params) as Row[];
  return rows.map((row) => ({
    ...toStoredDocument(row),
    parentKind: row.parent_kind,
    parentLabel: row.parent_label ?? '',
    parentHref: row.parent_kind === 'invoice' ? `/invoices/${row.parent_record_id}` : row.parent_kind === 'project' ? `/projects/${row.parent_record_id}` : row.project_record_id ? `/projects/${row.project_record_id}` : null,
  }));
}

export function listClientDocuments(db: Db, clientId: number, role: string): ClientDocument[] {
  return query(db, clientId, role, '', []);
}

/** The files shown on one project (its own and its visible tasks') or one invoice. */
export function listDocumentsOf(db: Db, clientId: number, role: string, parent: { kind: 'project' | 'invoice'; recordId: number }): ClientDocument[] {
  return listClientDocuments(db, clientId, role).filter((doc) => (parent.kind === 'invoice' ? doc.parentKind === 'invoice' && doc.parentRecordId === parent.recordId : doc.parentHref === `/projects/${parent.recordId}`));
}

export function findClientDocument(db: Db, clientId: number, role: string, documentId: number): ClientDocument | null {
  return query(db, clientId, role, 'AND d.id = ?', [documentId])[0] ?? null;
}
