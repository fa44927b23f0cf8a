/**
 * HubSpot's file manager in the emulator (issue 17), in the Files API v3 shapes: a multipart upload
 * to POST /files/v3/files (fields `file`, `folderPath` or `folderId`, `fileName`, `options` — a JSON
 * string whose `access` is required), GET /files/v3/files/{fileId}. A file's `name` has no extension
 * (HubSpot keeps it in `extension`); `folderPath` folders are made on demand. The upload options'
 * duplicate check (`duplicateValidationStrategy` REJECT / RETURN_EXISTING within
 * `duplicateValidationScope` EXACT_FOLDER / ENTIRE_PORTAL) is modelled as: a file of the same name
 * and the same bytes (MD5) is the duplicate.
 */
import { createHash } from 'node:crypto';
import { Router, type Request } from 'express';
import busboy from 'busboy';
import type { HubSpotEmulatorStore } from './emulator-store.js';
import { sendHubSpotError, sendValidationError } from './hubspot-errors.js';

export type FileAccess = 'PUBLIC_INDEXABLE' | 'PUBLIC_NOT_INDEXABLE' | 'PRIVATE';
const ACCESS: readonly FileAccess[] = ['PUBLIC_INDEXABLE', 'PUBLIC_NOT_INDEXABLE', 'PRIVATE'];

export interface HubSpotFile {
  id: string;
  name: string;
  extension: string;
  path: string;
  parentFolderId: string;
  size: number;
  type: string;
  access: FileAccess;
  fileMd5: string;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  body: Buffer;
}

/** Files and folders of one emulated account. */
export class HubSpotFileManager {
  readonly files = new Map<string, HubSpotFile>();
  /** Folder path → id. */
  readonly folders = new Map<string, string>();
  private nextId = 180_000_000_001;

  constructor(private readonly now: () => number) {}

  folderIdOf(path: string): string {
    const clean = `/${path.split('/').filter(Boolean).join('/')}`;
    let id = this.folders.get(clean);
    if (!id) this.folders.set(clean, (id = String(this.nextId++)));
    return id;
  }

  folderPathOf(id: string): string | undefined {
    return [...this.folders].find(([, folderId]) => folderId === id)?.[0];
  }

  /** Stores a file as an upload would (also for seeding tests and the demo). */
  add(input: { fileName: string; body: Buffer; folderPath: string; access: FileAccess }): HubSpotFile {
    const dot = input.fileName.lastIndexOf('.');
    const extension = dot > 0 ? input.fileName.slice(dot + 1).toLowerCase() : '';
    const at = new Date(this.now()).toISOString();
    const folderId = this.folderIdOf(input.folderPath);
    const file: HubSpotFile = {
      id: String(this.nextId++),
      name: dot > 0 ? input.fileName.slice(0, dot) : input.fileName,
      extension,
      path: `${this.folderPathOf(folderId) === '/' ? '' : this.folderPathOf(folderId)}/${input.fileName}`,
      parentFolderId: folderId,
      size: input.body.length,
      type: /^(png|jpe?g|gif|svg|webp)$/.test(extension) ? 'IMG' : /^(pdf|docx?|xlsx?|pptx?|txt|csv)$/.test(extension) ? 'DOCUMENT' : 'OTHER',
      access: input.access,
      fileMd5: createHash('md5').update(input.body).digest('hex'),
      createdAt: at,
      updatedAt: at,
      archived: false,
      body: input.body,
    };
    this.files.set(file.id, file);
    return file;
  }

  findDuplicate(fileName: string, body: Buffer, folderId: string | null): HubSpotFile | undefined {
    const md5 = createHash('md5').update(body).digest('hex');
    return [...this.files.values()].find((file) => !file.archived && `${file.name}${file.extension ? `.${file.extension}` : ''}` === fileName && file.fileMd5 === md5 && (folderId === null || file.parentFolderId === folderId));
  }
}

const MANAGERS = new WeakMap<HubSpotEmulatorStore, HubSpotFileManager>();

/** The store's file manager (made on first use). */
export function fileManagerOf(store: HubSpotEmulatorStore): HubSpotFileManager {
  let manager = MANAGERS.get(store);
  if (!manager) MANAGERS.set(store, (manager = new HubSpotFileManager(store.now)));
  return manager;
}

/** The File object HubSpot answers with (no bytes; a private file has no public URL). */
export function fileView(file: HubSpotFile): Record<string, unknown> {
  return {
    id: file.id,
    createdAt: file.createdAt,
    updatedAt: file.updatedAt,
    archived: file.archived,
    parentFolderId: file.parentFolderId,
    name: file.name,
    path: file.path,
    size: file.size,
    type: file.type,
    extension: file.extension,
    access: file.access,
    isUsableInContent: file.access !== 'PRIVATE',
    fileMd5: file.fileMd5,
    ...(file.access === 'PRIVATE' ? {} : { url: `https://files.emulator.invalid/hubfs${file.path}` }),
  };
}

interface Upload {
  fields: Record<string, string>;
  file: { name: string; body: Buffer } | null;
}

function readMultipart(req: Request, maxBytes: number): Promise<Upload | null> {
  if (!/^multipart\/form-data/i.test(req.headers['content-type'] ?? '')) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {};
    let file: Upload['file'] = null;
    const parser = busboy({ headers: req.headers, limits: { files: 1, fileSize: maxBytes } });
    parser.on('field', (name, value) => void (fields[name] = value));
    parser.on('file', (_field, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => void (file = { name: info.filename ?? '', body: Buffer.concat(chunks) }));
    });
    parser.on('error', reject);
    parser.on('close', () => resolve({ fields, file }));
    req.pipe(parser);
  });
}

export function fileManagerRoutes(store: HubSpotEmulatorStore): Router {
  const router = Router();
  const manager = fileManagerOf(store);

  router.post('/files/v3/files', async (req, res) => {
    const upload = await readMultipart(req, 2 * 1024 * 1024 * 1024);
    if (!upload) return sendHubSpotError(res, 415, 'Content type must be multipart/form-data', 'VALIDATION_ERROR');
    if (!upload.file) return sendValidationError(res, 'file is required');
    let options: Record<string, unknown>;
    try {
      options = JSON.parse(upload.fields.options ?? '') as Record<string, unknown>;
    } catch {
      return sendValidationError(res, 'options is required and must be a JSON object with "access"');
    }
    const access = options.access as FileAccess;
    if (!ACCESS.includes(access)) return sendValidationError(res, `options.access must be one of ${ACCESS.join(', ')}`);
    const { folderId, folderPath } = upload.fields;
    if ((folderId ? 1 : 0) + (folderPath ? 1 : 0) !== 1) return sendValidationError(res, 'Either folderId or folderPath must be provided, but not both');
    const path = folderId ? manager.folderPathOf(folderId) : folderPath!;
    if (path === undefined) return sendHubSpotError(res, 404, `Folder ${folderId} does not exist`, 'OBJECT_NOT_FOUND');
    const fileName = upload.fields.fileName || upload.file.name;
    const strategy = options.duplicateValidationStrategy ?? 'NONE';
    if (strategy !== 'NONE') {
      const duplicate = manager.findDuplicate(fileName, upload.file.body, options.duplicateValidationScope === 'ENTIRE_PORTAL' ? null : manager.folderIdOf(path));
      // 201 as for a new file: the API's only success code (the SDK treats any other as an error).
      if (duplicate && strategy === 'RETURN_EXISTING') return res.status(201).json(fileView(duplicate));
      if (duplicate && strategy === 'REJECT') return sendHubSpotError(res, 409, `Duplicate file found: ${duplicate.id}`, 'CONFLICT');
    }
    const file = manager.add({ fileName, body: upload.file.body, folderPath: path, access });
    res.status(201).json(fileView(file));
  });

  router.get('/files/v3/files/:fileId', (req, res) => {
    const file = manager.files.get(req.params.fileId);
    if (!file || file.archived) return sendHubSpotError(res, 404, `File ${req.params.fileId} does not exist`, 'OBJECT_NOT_FOUND');
    res.json(fileView(file));
  });

  return router;
}
