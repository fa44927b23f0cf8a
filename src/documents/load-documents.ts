import type { Queryable } from '../store/store.js';
import type { RecordKind } from '../model/unified-model.js';
import { can, type Capability } from '../portal-access/portal-permissions.js';
import { toStoredDocument, type StoredDocument } from './document-repository.js';
import { listClientDocuments as listClientDocumentRows } from '../store/documents/list-client-documents.js';
import { listClientRecords } from '../records/client-records.js';

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

/*
 * The one query behind the Documents page, each project and invoice page, and every download. Its
 * scope is built in: the parent record is the session's client's and not deleted (src/store/documents);
 * a task's files only while the client-visibility rule shows the task; only kinds the role may see.
 * A document outside it — another client's, an internal task's, one the role may not see — is
 * exactly as absent as one that never existed.
 */
async function query(q: Queryable, clientId: number, role: string, documentId?: number): Promise<ClientDocument[]> {
  const kinds = documentKindsFor(role);
  if (kinds.length === 0) return [];
  const rows = await listClientDocumentRows(q, clientId, kinds, documentId);
  const visible = rows
    .map((row) => ({ row, parent: JSON.parse(row.parent_data) as Record<string, unknown> }))
    .filter(({ row, parent }) => row.parent_kind !== 'task' || parent.clientVisible === true);
  // A task's page is its project's: the client's live project of the same connection it names.
  const projects = visible.some(({ row }) => row.parent_kind === 'task') ? await listClientRecords(q, clientId, 'project') : [];
  const projectOf = (connectionId: number, externalId: unknown) => projects.find((p) => p.connectionId === connectionId && p.externalId === externalId)?.id ?? null;
  return visible.map(({ row, parent }) => {
    const parentKind = row.parent_kind as RecordKind;
    const projectRecordId = parentKind === 'task' ? projectOf(row.parent_connection_id, parent.projectExternalId) : null;
    return {
      ...toStoredDocument(row),
      parentKind,
      parentLabel: labelOf(parent),
      parentHref: parentKind === 'invoice' ? `/invoices/${row.parent_record_id}` : parentKind === 'project' ? `/projects/${row.parent_record_id}` : projectRecordId ? `/projects/${projectRecordId}` : null,
    };
  });
}

/** What the parent is called: its name, else its number, else its subject (the first one it has). */
function labelOf(parent: Record<string, unknown>): string {
  for (const key of ['name', 'number', 'subject']) {
    const value = parent[key];
    if (value !== null && value !== undefined) return String(value);
  }
  return '';
}

export async function listClientDocuments(q: Queryable, clientId: number, role: string): Promise<ClientDocument[]> {
  return query(q, clientId, role);
}

/** The files shown on one project (its own and its visible tasks') or one invoice. */
export async function listDocumentsOf(q: Queryable, clientId: number, role: string, parent: { kind: 'project' | 'invoice'; recordId: number }): Promise<ClientDocument[]> {
  return (await listClientDocuments(q, clientId, role)).filter((doc) => (parent.kind === 'invoice' ? doc.parentKind === 'invoice' && doc.parentRecordId === parent.recordId : doc.parentHref === `/projects/${parent.recordId}`));
}

export async function findClientDocument(q: Queryable, clientId: number, role: string, documentId: number): Promise<ClientDocument | null> {
  return (await query(q, clientId, role, documentId))[0] ?? null;
}
