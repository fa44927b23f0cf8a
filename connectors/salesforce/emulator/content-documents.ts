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
  PathOnClient: string;
  FirstPublishLocationId: string | null;
  Description: string | null;
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
  /** The Visibility of the link an API insert's FirstPublishLocationId makes (InternalUsers: an org with Experience Cloud sites). */
  publishVisibility: LinkVisibility;
}

const FILES = new WeakMap<SalesforceEmulatorStore, Files>();

function filesOf(store: SalesforceEmulatorStore): Files {
  let files = FILES.get(store);
  if (!files) FILES.set(store, (files = { documents: new Map(), versions: new Map(), links: [], counter: 1, publishVisibility: 'InternalUsers' }));
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
    PathOnClient: `${input.title}.${input.extension}`,
    FirstPublishLocationId: null,
    Description: null,
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

/**
 * How the org links a file an integration user publishes to a record: InternalUsers (the default
 * here, as in an org with Experience Cloud sites, where files added by internal users stay internal
 * until shared) or AllUsers (an org without sites).
 */
export function setPublishVisibility(store: SalesforceEmulatorStore, visibility: LinkVisibility): void {
  filesOf(store).publishVisibility = visibility;
}

/** Every link of the org (for assertions). */
export function contentDocumentLinks(store: SalesforceEmulatorStore): readonly Link[] {
  return filesOf(store).links;
}

/** Every file version of the org (for assertions). */
export function contentVersions(store: SalesforceEmulatorStore): ContentFile[] {
  return [...filesOf(store).versions.values()];
}

export class SObjectError extends Error {
  constructor(readonly errorCode: string, message: string, readonly status = 400) {
    super(message);
  }
}

/**
 * POST /sobjects/ContentVersion with a JSON body (VersionData base64): a new ContentDocument and its
 * first version; with FirstPublishLocationId, the document is linked to that record (ShareType I,
 * the org's publish Visibility). PathOnClient and VersionData are required, as Salesforce requires them.
 */
export function insertContentVersion(store: SalesforceEmulatorStore, body: Record<string, unknown>, recordExists: (id: string) => boolean): ContentFile {
  const allowed = ['Title', 'PathOnClient', 'VersionData', 'FirstPublishLocationId', 'Description', 'ContentLocation', 'ReasonForChange'];
  const unknown = Object.keys(body).find((field) => !allowed.includes(field));
  if (unknown) throw new SObjectError('INVALID_FIELD', `No such column '${unknown}' on sobject of type ContentVersion`);
  const missing = ['PathOnClient', 'VersionData'].filter((field) => typeof body[field] !== 'string' || body[field] === '');
  if (missing.length > 0) throw new SObjectError('REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.join(', ')}]`);
  const data = String(body.VersionData);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(data)) throw new SObjectError('INVALID_FIELD_FOR_INSERT_UPDATE', 'VersionData: value not of required type: base64');
  const location = typeof body.FirstPublishLocationId === 'string' ? body.FirstPublishLocationId : null;
  if (location && !recordExists(location)) throw new SObjectError('FIELD_INTEGRITY_EXCEPTION', `First Publish Location ID: id value of incorrect type: ${location}`);
  const path = String(body.PathOnClient);
  const dot = path.lastIndexOf('.');
  const extension = dot > 0 ? path.slice(dot + 1).toLowerCase() : '';
  const files = filesOf(store);
  const n = files.counter++;
  const bytes = Buffer.from(data, 'base64');
  const file: ContentFile = {
    ContentDocumentId: id('069', n),
    LatestPublishedVersionId: id('068', n),
    Title: typeof body.Title === 'string' && body.Title !== '' ? body.Title : dot > 0 ? path.slice(0, dot) : path,
    PathOnClient: path,
    FirstPublishLocationId: location,
    Description: typeof body.Description === 'string' ? body.Description : null,
    FileExtension: extension,
    FileType: extension.toUpperCase() || 'UNKNOWN',
    ContentSize: bytes.length,
    CreatedDate: new Date(store.now()).toISOString().replace('Z', '+0000'),
    body: bytes,
  };
  files.documents.set(file.ContentDocumentId, file);
  files.versions.set(file.LatestPublishedVersionId, file);
  if (location) files.links.push({ Id: id('06A', n), ContentDocumentId: file.ContentDocumentId, LinkedEntityId: location, ShareType: 'I', Visibility: files.publishVisibility });
  return file;
}

/** PATCH /sobjects/ContentDocumentLink/{Id}: Visibility (and ShareType) may change; the ids may not. */
export function updateContentDocumentLink(store: SalesforceEmulatorStore, linkId: string, body: Record<string, unknown>): void {
  const link = filesOf(store).links.find((candidate) => candidate.Id === linkId);
  if (!link) throw new SObjectError('NOT_FOUND', 'The requested resource does not exist', 404);
  for (const [field, value] of Object.entries(body)) {
    if (field === 'Visibility') {
      if (!['AllUsers', 'InternalUsers', 'SharedUsers'].includes(String(value))) throw new SObjectError('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', `Visibility: bad value for restricted picklist field: ${String(value)}`);
      link.Visibility = value as LinkVisibility;
    } else if (field === 'ShareType') {
      if (!['V', 'C', 'I'].includes(String(value))) throw new SObjectError('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', `ShareType: bad value for restricted picklist field: ${String(value)}`);
      link.ShareType = value as Link['ShareType'];
    } else {
      throw new SObjectError('INVALID_FIELD_FOR_INSERT_UPDATE', `Unable to create/update fields: ${field}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`);
    }
  }
}

const VERSION_FIELDS = ['Id', 'ContentDocumentId', 'Title', 'PathOnClient', 'FirstPublishLocationId', 'Description', 'FileExtension', 'FileType', 'ContentSize', 'CreatedDate', 'IsLatest'];

export function isContentVersionQuery(soql: string): boolean {
  return /\bFROM\s+ContentVersion\b/i.test(soql);
}

/** SELECT <fields> FROM ContentVersion WHERE <Field> = '<value>' [AND …] (string literals with SOQL's escapes). */
export function runContentVersionSoql(store: SalesforceEmulatorStore, soql: string): Record<string, unknown>[] {
  const match = /^SELECT\s+(.+?)\s+FROM\s+ContentVersion\s+WHERE\s+(.+?)\s*$/is.exec(soql.trim());
  if (!match) throw new SoqlError('MALFORMED_QUERY', `unexpected token in: ${soql.slice(0, 80)}`);
  const fields = match[1]!.split(',').map((field) => field.trim());
  const bad = fields.find((field) => !VERSION_FIELDS.includes(field));
  if (bad) throw new SoqlError('INVALID_FIELD', `No such column '${bad}' on entity 'ContentVersion'.`);
  const conditions: [string, string][] = [];
  const pattern = /(\w+)\s*=\s*'((?:[^'\\]|\\.)*)'\s*(?:AND\s+|$)/giy;
  let rest: RegExpExecArray | null;
  let consumed = 0;
  while ((rest = pattern.exec(match[2]!)) !== null) {
    if (!VERSION_FIELDS.includes(rest[1]!)) throw new SoqlError('INVALID_FIELD', `No such column '${rest[1]}' on entity 'ContentVersion'.`);
    conditions.push([rest[1]!, rest[2]!.replace(/\\(.)/g, '$1')]);
    consumed = pattern.lastIndex;
  }
  if (conditions.length === 0 || consumed !== match[2]!.length) throw new SoqlError('MALFORMED_QUERY', `unexpected token in: ${match[2]!.slice(consumed, consumed + 40)}`);
  return contentVersions(store)
    .map((file) => ({ Id: file.LatestPublishedVersionId, IsLatest: true, ...file }) as Record<string, unknown>)
    .filter((row) => conditions.every(([field, value]) => String(row[field]) === value))
    .map((row) => {
      const out: Record<string, unknown> = { attributes: { type: 'ContentVersion', url: `/services/data/v60.0/sobjects/ContentVersion/${String(row.Id)}` } };
      for (const field of fields) out[field] = row[field];
      return out;
    });
}
