/**
 * The Files API v3 reads behind HubSpot documents (issue 17), on the emulator's file manager
 * (file-manager.ts: uploads and GET /files/v3/files/{id}): a signed URL for a private file (GET
 * /files/v3/files/{id}/signed-url — HubSpot: a PRIVATE file "requires a temporary signed URL to
 * access"), the files of a folder (GET /files/v3/files/search by parentFolderIds, ids or path), a
 * folder by id or by path (GET /files/v3/folders/{folderId|folderPath}). The signed URL's bytes are
 * served by `signedFileRoutes`, which — like HubSpot's CDN — needs no token, only a valid, unexpired
 * signature. Notes carry files in `hs_attachment_ids`, ids separated by semicolons.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import type { CrmObjectType } from './crm-object-types.js';
import type { CrmRecord, HubSpotEmulatorStore } from './emulator-store.js';
import { fileManagerOf, fileView, type HubSpotFile } from './file-manager.js';
import { sendHubSpotError, sendValidationError } from './hubspot-errors.js';

export const SIGNED_URL_PATH = '/emulator-signed-files';

interface Signing {
  secret: Buffer;
  /** Where signed URLs point: the emulator's own URL once it listens. */
  base: string;
}

const SIGNING = new WeakMap<HubSpotEmulatorStore, Signing>();

function signingOf(store: HubSpotEmulatorStore): Signing {
  let signing = SIGNING.get(store);
  if (!signing) SIGNING.set(store, (signing = { secret: randomBytes(16), base: 'https://files.emulator.invalid' }));
  return signing;
}

export function setSignedUrlBase(store: HubSpotEmulatorStore, base: string): void {
  signingOf(store).base = base;
}

function sign(store: HubSpotEmulatorStore, fileId: string, expires: number): string {
  return createHmac('sha256', signingOf(store).secret).update(`${fileId}:${expires}`).digest('hex');
}

/** A signed URL to the bytes for `expirationSeconds` (HubSpot: default 3 600, at most 21 600). */
export function signedUrlFor(store: HubSpotEmulatorStore, fileId: string, expirationSeconds = 3600): { url: string; expiresAt: string } {
  const expires = store.now() + expirationSeconds * 1000;
  return { url: `${signingOf(store).base}${SIGNED_URL_PATH}/${fileId}?expires=${expires}&signature=${sign(store, fileId, expires)}`, expiresAt: new Date(expires).toISOString() };
}

/** The file a signed URL names, while it is valid; undefined otherwise. */
export function verifySignedUrl(store: HubSpotEmulatorStore, fileId: string, expires: number, signature: string): HubSpotFile | undefined {
  if (!Number.isFinite(expires) || expires < store.now()) return undefined;
  const expected = Buffer.from(sign(store, fileId, expires));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  const file = fileManagerOf(store).files.get(fileId);
  return file && !file.archived ? file : undefined;
}

/** The folder at a path, if the file manager has it (paths compare case-insensitively, as HubSpot's do). */
export function folderByPath(store: HubSpotEmulatorStore, path: string): { id: string; path: string } | undefined {
  const wanted = `/${path.split('/').filter(Boolean).join('/')}`.toLowerCase();
  for (const [folderPath, id] of fileManagerOf(store).folders) if (folderPath.toLowerCase() === wanted) return { id, path: folderPath };
  return undefined;
}

const many = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : typeof value === 'string' && value !== '' ? value.split(',') : []);

/** Mounted before the file manager's GET /files/v3/files/{fileId}, which would take "search" for an id. */
export function fileReadRoutes(store: HubSpotEmulatorStore): Router {
  const router = Router();
  const manager = fileManagerOf(store);

  router.get('/files/v3/files/search', (req, res) => {
    const limit = Math.min(Math.max(Number(req.query.limit ?? 10) || 10, 1), 100);
    const after = Number(req.query.after ?? 0) || 0;
    const folderIds = new Set(many(req.query.parentFolderIds));
    const ids = new Set(many(req.query.ids));
    const path = typeof req.query.path === 'string' ? req.query.path.toLowerCase() : undefined;
    const matching = [...manager.files.values()]
      .filter((file) => !file.archived)
      .filter((file) => folderIds.size === 0 || folderIds.has(file.parentFolderId))
      .filter((file) => ids.size === 0 || ids.has(file.id))
      .filter((file) => path === undefined || file.path.toLowerCase() === path)
      .sort((a, b) => Number(a.id) - Number(b.id));
    const page = matching.slice(after, after + limit);
    const next = after + limit < matching.length ? { paging: { next: { after: String(after + limit) } } } : {};
    res.json({ results: page.map(fileView), ...next });
  });

  router.get('/files/v3/files/:fileId/signed-url', (req, res) => {
    const file = manager.files.get(req.params.fileId);
    if (!file || file.archived) return sendHubSpotError(res, 404, `File ${req.params.fileId} does not exist`, 'OBJECT_NOT_FOUND');
    const seconds = req.query.expirationSeconds === undefined ? 3600 : Number(req.query.expirationSeconds);
    if (!Number.isInteger(seconds) || seconds < 1 || seconds > 21_600) return sendValidationError(res, 'expirationSeconds must be between 1 and 21600');
    const signed = signedUrlFor(store, file.id, seconds);
    res.json({ extension: file.extension, size: file.size, name: file.name, type: file.type, url: signed.url, expiresAt: signed.expiresAt });
  });

  // GET /files/v3/folders/{folderId} and /files/v3/folders/{folderPath} (the path URL-encoded, slashes included).
  router.get('/files/v3/folders/:folder', (req, res) => {
    const key = req.params.folder;
    const folder = /^\d+$/.test(key) ? (() => {
      const path = manager.folderPathOf(key);
      return path === undefined ? undefined : { id: key, path };
    })() : folderByPath(store, key);
    if (!folder) return sendHubSpotError(res, 404, `Folder ${key} does not exist`, 'OBJECT_NOT_FOUND');
    const parts = folder.path.split('/').filter(Boolean);
    const parentPath = `/${parts.slice(0, -1).join('/')}`;
    const parentFolderId = parts.length > 1 ? folderByPath(store, parentPath)?.id : undefined;
    const at = new Date(store.now()).toISOString();
    res.json({ id: folder.id, name: parts.at(-1) ?? '', path: folder.path, ...(parentFolderId ? { parentFolderId } : {}), createdAt: at, updatedAt: at, archived: false });
  });
  return router;
}

/** The bytes behind a signed URL (no bearer token: the signature is the permission); 403 once expired or tampered with, as a CDN answers. */
export function signedFileRoutes(store: HubSpotEmulatorStore): Router {
  const router = Router();
  router.get(`${SIGNED_URL_PATH}/:fileId`, (req, res) => {
    const file = verifySignedUrl(store, req.params.fileId, Number(req.query.expires), String(req.query.signature ?? ''));
    if (!file) {
      res.status(403).type('text/plain').send('Access denied: the signed URL is invalid or has expired');
      return;
    }
    res.status(200).set({ 'Content-Type': 'application/octet-stream', 'Content-Length': String(file.body.length) }).send(file.body);
  });
  return router;
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
