/**
 * HubSpot as a document source (issue 17): the files attached to the client's company and deals.
 * In HubSpot a file is attached to a record through a NOTE: the note's `hs_attachment_ids`
 * (file ids separated by semicolons) and the note's associations with the company or deal. So a
 * company's (or deal's) documents are the attachments of the notes associated with THAT record —
 * read from the record's side (v4 associations company → notes), never by file id, so a file on
 * another company's note is never reached. Optionally (HUBSPOT_DOCUMENTS_FOLDER) a File Manager
 * folder per client adds its files to the company's.
 *
 * Only files whose `access` is PRIVATE (or HIDDEN_PRIVATE) are listed: the business's documents,
 * which HubSpot serves only through a temporary signed URL; a PUBLIC_* file is a website asset
 * anyone with its URL can open, not a document kept for one client. Listing reads metadata only
 * (GET /files/v3/files/{id}); the bytes are fetched on demand by the hub itself from the signed
 * URL (GET /files/v3/files/{id}/signed-url) and streamed to the browser — the URL never leaves the hub.
 *
 * Scopes: crm.objects.companies.read and crm.objects.deals.read (the records and their notes),
 * `files` and `files.ui_hidden.read` (attachments live in HubSpot's hidden attachments folder).
 * A grant without them (403) lists no HubSpot documents and stays healthy.
 */
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { AuthError, type ConnectorContext, type DocumentSource, type ListedDocument } from '../../src/connector-kit/index.js';
import { callHubSpot } from './call-hubspot.js';
import { readAllAssociations } from './read-all-associations.js';
import { hubspotSettings } from './settings.js';

const HUBSPOT_ID = /^\d{1,20}$/;
const PRIVATE_ACCESS = new Set(['PRIVATE', 'HIDDEN_PRIVATE']);
const TYPES: Record<string, string> = {
  pdf: 'application/pdf', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', txt: 'text/plain', csv: 'text/csv', zip: 'application/zip',
  doc: 'application/msword', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint', pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};
/** How long the signed URL the hub asks for stays valid: just long enough to start the download. */
const SIGNED_URL_SECONDS = 300;

interface HubSpotFile {
  id?: string | number;
  name?: string | null;
  extension?: string | null;
  size?: number | null;
  access?: string | null;
  archived?: boolean | null;
  createdAt?: string | Date | null;
}

/** The attachment ids a note carries (HubSpot: semicolon-separated; tolerate commas). */
export function attachmentIdsOf(value: string | null | undefined): string[] {
  return (value ?? '').split(/[;,]/).map((id) => id.trim()).filter((id) => HUBSPOT_ID.test(id));
}

/**
 * The folder path a company's documents live in, from the configured pattern; null when there is
 * none. The company's name is made one path segment (a slash or a dot-dot in a name can never
 * reach another folder).
 */
export function documentsFolderFor(pattern: string | undefined, company: { id: string; name: string | null }): string | null {
  if (!pattern) return null;
  const segment = (company.name ?? '').replace(/[/\\]+/g, '-').replace(/\s+/g, ' ').trim();
  if (pattern.includes('{company}') && (segment === '' || /^\.+$/.test(segment))) return null;
  const path = pattern.replaceAll('{companyId}', company.id).replaceAll('{company}', segment);
  return path.startsWith('/') ? path : `/${path}`;
}

function toListed(file: HubSpotFile, locator: Record<string, unknown>): ListedDocument | null {
  if (file.id === undefined || file.archived === true || !PRIVATE_ACCESS.has(String(file.access ?? ''))) return null;
  const extension = (file.extension ?? '').toLowerCase();
  const name = file.name || 'file';
  const createdAt = file.createdAt ? new Date(file.createdAt) : null;
  return {
    sourceId: String(file.id),
    name: extension && !name.toLowerCase().endsWith(`.${extension}`) ? `${name}.${extension}` : name,
    sizeBytes: typeof file.size === 'number' ? file.size : null,
    contentType: TYPES[extension] ?? null,
    createdAt: createdAt && !Number.isNaN(createdAt.getTime()) ? createdAt.toISOString() : null,
    locator,
  };
}

/** Notes associated with the record, with their attachment ids (every page of its v4 associations, then batch reads). */
async function noteAttachments(ctx: ConnectorContext, objectType: string, externalId: string): Promise<{ noteId: string; fileIds: string[] }[]> {
  const noteIds = [...new Set((await readAllAssociations(ctx, objectType, 'notes', [externalId])).get(externalId))];
  const notes: { noteId: string; fileIds: string[] }[] = [];
  for (let i = 0; i < noteIds.length; i += 100) {
    const inputs = noteIds.slice(i, i + 100).map((id) => ({ id }));
    const read = await callHubSpot(ctx, (client) => client.crm.objects.notes.batchApi.read({ inputs, properties: ['hs_attachment_ids'], propertiesWithHistory: [] }));
    for (const note of read.results) notes.push({ noteId: note.id, fileIds: attachmentIdsOf(note.properties.hs_attachment_ids) });
  }
  return notes;
}

async function readFile(ctx: ConnectorContext, fileId: string): Promise<HubSpotFile | null> {
  try {
    return (await callHubSpot(ctx, (client) => client.files.filesApi.getById(fileId))) as HubSpotFile;
  } catch (error) {
    // A note may still name a file deleted from the file manager.
    if ((error as { status?: number }).status === 404) return null;
    throw error;
  }
}

async function folderFiles(ctx: ConnectorContext, path: string): Promise<HubSpotFile[]> {
  let folderId: string;
  try {
    folderId = String((await callHubSpot(ctx, (client) => client.files.foldersApi.getByPath(path))).id);
  } catch (error) {
    if ((error as { status?: number }).status === 404) return [];
    throw error;
  }
  const files: HubSpotFile[] = [];
  let after: string | undefined;
  do {
    const page = await callHubSpot(ctx, (client) =>
      client.files.filesApi.doSearch(undefined, after, undefined, 100, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, [Number(folderId)]),
    );
    files.push(...(page.results as HubSpotFile[]));
    after = page.paging?.next?.after;
  } while (after && files.length < 2_000);
  return files;
}

async function listFiles(ctx: ConnectorContext, parent: { objectType: string; externalId: string; raw: unknown }): Promise<ListedDocument[]> {
  const listed = new Map<string, ListedDocument>();
  for (const note of await noteAttachments(ctx, parent.objectType, parent.externalId)) {
    for (const fileId of note.fileIds) {
      if (listed.has(fileId)) continue;
      const file = await readFile(ctx, fileId);
      const document = file && toListed(file, { via: 'note', noteId: note.noteId });
      if (document) listed.set(document.sourceId, document);
    }
  }
  if (parent.objectType === 'companies') {
    const properties = (parent.raw as { properties?: Record<string, string | null> } | null)?.properties ?? {};
    const path = documentsFolderFor(hubspotSettings.read(ctx.config).documentsFolder, { id: parent.externalId, name: properties.name ?? null });
    if (path) {
      for (const file of await folderFiles(ctx, path)) {
        const document = toListed(file, { via: 'folder', path });
        if (document && !listed.has(document.sourceId)) listed.set(document.sourceId, document);
      }
    }
  }
  return [...listed.values()];
}

export const hubspotDocuments: DocumentSource = {
  parentObjectTypes: ['companies', 'deals'],
  async list(ctx, parent) {
    if (!HUBSPOT_ID.test(parent.externalId)) return [];
    try {
      return await listFiles(ctx, parent);
    } catch (error) {
      if (error instanceof AuthError && error.status === 403) {
        ctx.logger.info('HubSpot documents not listed: the grant lacks the files (or notes) scopes', { error: error.message });
        return [];
      }
      throw error;
    }
  },
  async open(ctx, document, signal) {
    if (!HUBSPOT_ID.test(document.sourceId)) throw new Error('Not a HubSpot file id');
    // Asked now, used at once, by the hub: the browser only ever sees the hub's own download URL.
    const signed = await callHubSpot(ctx, (client) => client.files.filesApi.getSignedUrl(document.sourceId, undefined, SIGNED_URL_SECONDS));
    const response = await fetch(signed.url, { signal, redirect: 'follow' });
    if (!response.ok || !response.body) throw new Error(`HubSpot file ${document.sourceId}: the signed URL answered ${response.status}`);
    const announced = Number(response.headers.get('content-length'));
    return {
      contentType: null,
      sizeBytes: Number.isFinite(announced) && response.headers.has('content-length') ? announced : typeof signed.size === 'number' ? signed.size : null,
      body: Readable.fromWeb(response.body as WebReadableStream<Uint8Array>) as AsyncIterable<Uint8Array>,
    };
  },
};
