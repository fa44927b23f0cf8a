/**
 * Salesforce Files in the emulator (issue 17), in the documented shapes: ContentDocument with its
 * latest ContentVersion, shared to records by ContentDocumentLink rows whose `Visibility` is
 * `AllUsers` (customers in a community/portal may see it), `InternalUsers` (staff only) or
 * `SharedUsers`. SOQL on ContentDocumentLink must filter on LinkedEntityId (or ContentDocumentId), as
 * Salesforce requires, and may read `ContentDocument.<field>` relationship fields. The bytes are at
 * `/sobjects/ContentVersion/{Id}/VersionData`.
 */
import type { SalesforceEmulatorStore } from './salesforce-emulator-store.js';
import { SoqlError } from './run-soql.js';

export type LinkVisibility = 'AllUsers' | 'InternalUsers' | 'SharedUsers';

interface ContentFile {
  ContentDocumentId: string;
  LatestPublishedVersionId: string;
  Title: string;
  FileExtension: string;
  FileType: string;
  ContentSize: number;
  CreatedDate: string;
  body: Buffer;
}

interface Link {
  Id: string;
  ContentDocumentId: string;
  LinkedEntityId: string;
  ShareType: 'V' | 'C' | 'I';
  Visibility: LinkVisibility;
}

interface Files {
  documents: Map<string, ContentFile>;
  versions: Map<string, ContentFile>;
  links: Link[];
  counter: number;
}

const FILES = new WeakMap<SalesforceEmulatorStore, Files>();

function filesOf(store: SalesforceEmulatorStore): Files {
  let files = FILES.get(store);
  if (!files) FILES.set(store, (files = { documents: new Map(), versions: new Map(), links: [], counter: 1 }));
  return files;
}

const id = (prefix: string, n: number) => `${prefix}5e${String(n).padStart(10, '0')}AAA`;

/** Uploads a file (a ContentVersion, creating its ContentDocument) and links it to a record with the given visibility. */
export function addSalesforceFile(store: SalesforceEmulatorStore, input: { title: string; extension: string; body: Buffer; linkedEntityId: string; visibility: LinkVisibility }): ContentFile {
  const files = filesOf(store);
  const n = files.counter++;
  const file: ContentFile = {
    ContentDocumentId: id('069', n),
    LatestPublishedVersionId: id('068', n),
    Title: input.title,
    FileExtension: input.extension,
    FileType: input.extension.toUpperCase(),
    ContentSize: input.body.length,
    CreatedDate: new Date(store.now()).toISOString().replace('Z', '+0000'),
    body: input.body,
  };
  files.documents.set(file.ContentDocumentId, file);
  files.versions.set(file.LatestPublishedVersionId, file);
  files.links.push({ Id: id('06A', n), ContentDocumentId: file.ContentDocumentId, LinkedEntityId: input.linkedEntityId, ShareType: 'V', Visibility: input.visibility });
  return file;
}

const LINK_FIELDS = ['Id', 'ContentDocumentId', 'LinkedEntityId', 'ShareType', 'Visibility'];
const DOCUMENT_FIELDS = ['Title', 'FileExtension', 'FileType', 'ContentSize', 'CreatedDate', 'LatestPublishedVersionId'];

export function isContentDocumentLinkQuery(soql: string): boolean {
  return /\bFROM\s+ContentDocumentLink\b/i.test(soql);
}

/** SELECT <fields> FROM ContentDocumentLink WHERE LinkedEntityId = '<id>' [AND Visibility = '<v>'] */
export function runContentDocumentLinkSoql(store: SalesforceEmulatorStore, soql: string): Record<string, unknown>[] {
  const match = /^SELECT\s+(.+?)\s+FROM\s+ContentDocumentLink\s+WHERE\s+(.+?)\s*$/is.exec(soql.trim());
  if (!match) throw new SoqlError('MALFORMED_QUERY', 'Implementation restriction: ContentDocumentLink requires a filter by a single Id on ContentDocumentId or LinkedEntityId using the equals operator or multiple Id\'s using the IN operator.');
  const fields = match[1]!.split(',').map((field) => field.trim());
  for (const field of fields) {
    const [head, tail] = field.split('.');
    if (tail ? head !== 'ContentDocument' || !DOCUMENT_FIELDS.includes(tail) : !LINK_FIELDS.includes(field)) throw new SoqlError('INVALID_FIELD', `No such column '${field}' on entity 'ContentDocumentLink'.`);
  }
  const conditions = match[2]!.split(/\s+AND\s+/i).map((condition) => /^(\w+)\s*=\s*'([^']*)'$/.exec(condition.trim()));
  if (conditions.some((c) => !c) || !conditions.some((c) => c![1] === 'LinkedEntityId' || c![1] === 'ContentDocumentId')) {
    throw new SoqlError('MALFORMED_QUERY', 'Implementation restriction: ContentDocumentLink requires a filter by a single Id on ContentDocumentId or LinkedEntityId using the equals operator or multiple Id\'s using the IN operator.');
  }
  const files = filesOf(store);
  return files.links
    .filter((link) => conditions.every((c) => String((link as unknown as Record<string, unknown>)[c![1]!]) === c![2]))
    .map((link) => {
      const document = files.documents.get(link.ContentDocumentId)!;
      const row: Record<string, unknown> = { attributes: { type: 'ContentDocumentLink', url: `/services/data/v60.0/sobjects/ContentDocumentLink/${link.Id}` } };
      const related: Record<string, unknown> = { attributes: { type: 'ContentDocument', url: `/services/data/v60.0/sobjects/ContentDocument/${document.ContentDocumentId}` } };
      for (const field of fields) {
        const [head, tail] = field.split('.');
        if (tail && head === 'ContentDocument') related[tail] = (document as unknown as Record<string, unknown>)[tail];
        else row[field] = (link as unknown as Record<string, unknown>)[field];
      }
      if (fields.some((f) => f.startsWith('ContentDocument.'))) row.ContentDocument = related;
      return row;
    });
}

export function versionData(store: SalesforceEmulatorStore, versionId: string): ContentFile | undefined {
  return filesOf(store).versions.get(versionId);
}
