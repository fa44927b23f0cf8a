/**
 * HubSpot's file manager in the emulator (Files API v3): folders and files with HubSpot's metadata
 * (`name` without the extension, `extension`, `type` a category such as DOCUMENT or IMG, `size`,
 * `access`, `path`, `parentFolderId`, ISO dates) and their bytes. A PRIVATE file's `url` does not
 * serve it: only a signed URL does (GET /files/v3/files/{id}/signed-url), valid for a limited time,
 * exactly as HubSpot documents ("requires a temporary signed URL to access"). Notes carry files in
 * `hs_attachment_ids`, ids separated by semicolons.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { CrmObjectType } from './crm-object-types.js';
import type { CrmRecord, HubSpotEmulatorStore } from './emulator-store.js';

export type FileAccess = 'PUBLIC_INDEXABLE' | 'PUBLIC_NOT_INDEXABLE' | 'HIDDEN_INDEXABLE' | 'HIDDEN_NOT_INDEXABLE' | 'HIDDEN_PRIVATE' | 'PRIVATE';

export interface EmulatedFile {
  id: string;
  name: string;
  extension: string;
  type: string;
  size: number;
  access: FileAccess;
  parentFolderId: string | null;
  path: string;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  bytes: Buffer;
}

export interface EmulatedFolder {
  id: string;
  name: string;
  path: string;
  parentFolderId: string | null;
  createdAt: string;
  updatedAt: string;
  archived: false;
}

/** HubSpot's file `type` categories, by extension. */
const CATEGORIES: Record<string, string> = { pdf: 'DOCUMENT', doc: 'DOCUMENT', docx: 'DOCUMENT', txt: 'DOCUMENT', xls: 'DOCUMENT', xlsx: 'DOCUMENT', csv: 'DOCUMENT', png: 'IMG', jpg: 'IMG', jpeg: 'IMG', gif: 'IMG', zip: 'OTHER' };

export const SIGNED_URL_PATH = '/emulator-signed-files';

export class EmulatorFileManager {
  readonly files = new Map<string, EmulatedFile>();
  readonly folders = new Map<string, EmulatedFolder>();
  /** Where signed URLs point (the emulator's own URL once it listens). */
  signedUrlBase = 'https://files.emulator.invalid';
  private readonly secret = randomBytes(16);
  private nextId = 180_000_000_001;

  constructor(private readonly now: () => number) {}

  /** The folder at this path, made with its parents when missing (`/Clients/Acme`). */
  ensureFolder(path: string): EmulatedFolder {
    const parts = path.split('/').filter(Boolean);
    let parent: EmulatedFolder | undefined;
    for (let i = 0; i < parts.length; i++) {
      const folderPath = `/${parts.slice(0, i + 1).join('/')}`;
      let folder = this.folderByPath(folderPath);
      if (!folder) {
        const at = new Date(this.now()).toISOString();
        folder = { id: String(this.nextId++), name: parts[i]!, path: folderPath, parentFolderId: parent ? parent.id : null, createdAt: at, updatedAt: at, archived: false };
        this.folders.set(folder.id, folder);
      }
      parent = folder;
    }
    if (!parent) throw new Error('HubSpot emulator: a folder path needs at least one name');
    return parent;
  }

  folderByPath(path: string): EmulatedFolder | undefined {
    const wanted = `/${path.split('/').filter(Boolean).join('/')}`.toLowerCase();
    return [...this.folders.values()].find((folder) => folder.path.toLowerCase() === wanted);
  }

  /** A file as an upload would leave it: `fileName` with its extension, in a folder (default: HubSpot's hidden attachments folder). */
  addFile(input: { fileName: string; bytes: Buffer; access?: FileAccess; folderPath?: string; createdAt?: number }): EmulatedFile {
    const dot = input.fileName.lastIndexOf('.');
    const name = dot > 0 ? input.fileName.slice(0, dot) : input.fileName;
    const extension = dot > 0 ? input.fileName.slice(dot + 1).toLowerCase() : '';
    const folder = this.ensureFolder(input.folderPath ?? '/hs-attachments');
    const at = new Date(input.createdAt ?? this.now()).toISOString();
    const file: EmulatedFile = {
      id: String(this.nextId++),
      name,
      extension,
      type: CATEGORIES[extension] ?? 'OTHER',
      size: input.bytes.length,
      access: input.access ?? 'PRIVATE',
      parentFolderId: folder.id,
      path: `${folder.path}/${input.fileName}`,
      createdAt: at,
      updatedAt: at,
      archived: false,
      bytes: input.bytes,
    };
    this.files.set(file.id, file);
    return file;
  }

  /** A signed URL: the bytes for `expirationSeconds` (HubSpot: default 3 600, at most 21 600), without any token. */
  signedUrl(fileId: string, expirationSeconds = 3600): { url: string; expiresAt: string } {
    const expires = this.now() + Math.min(Math.max(expirationSeconds, 1), 21_600) * 1000;
    const signature = this.sign(fileId, expires);
    return { url: `${this.signedUrlBase}${SIGNED_URL_PATH}/${fileId}?expires=${expires}&signature=${signature}`, expiresAt: new Date(expires).toISOString() };
  }

  /** The file a signed URL names, while it is valid; undefined otherwise. */
  verifySigned(fileId: string, expires: number, signature: string): EmulatedFile | undefined {
    if (!Number.isFinite(expires) || expires < this.now()) return undefined;
    const expected = Buffer.from(this.sign(fileId, expires));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    const file = this.files.get(fileId);
    return file && !file.archived ? file : undefined;
  }

  private sign(fileId: string, expires: number): string {
    return createHmac('sha256', this.secret).update(`${fileId}:${expires}`).digest('hex');
  }
}

/** The Files API's File shape (what GET /files/v3/files/{id} and search answer). */
export function fileView(file: EmulatedFile, base: string): Record<string, unknown> {
  return {
    id: file.id,
    name: file.name,
    extension: file.extension,
    type: file.type,
    size: file.size,
    access: file.access,
    parentFolderId: file.parentFolderId ?? undefined,
    path: file.path,
    createdAt: file.createdAt,
    updatedAt: file.updatedAt,
    archived: file.archived,
    isUsableInContent: file.access.startsWith('PUBLIC'),
    // A private file's URL answers 403 without a signature (HubSpot: "requires a temporary signed URL").
    url: `${base}/hubfs/${file.id}/${encodeURIComponent(`${file.name}${file.extension ? `.${file.extension}` : ''}`)}`,
  };
}

/**
 * A note with files attached (`hs_attachment_ids`, semicolon-separated), associated with the given
 * records — what attaching a file to a company or deal in HubSpot's CRM makes.
 */
export function addNoteWithAttachments(store: HubSpotEmulatorStore, input: { body: string; fileIds: string[]; on: { type: CrmObjectType; id: string }[]; at?: number }): CrmRecord {
  const at = new Date(input.at ?? store.now()).toISOString();
  const note = store.create('notes', { hs_note_body: input.body, hs_timestamp: at, hs_attachment_ids: input.fileIds.join(';') });
  for (const target of input.on) store.associate('notes', note.id, target.type, target.id);
  return note;
}
