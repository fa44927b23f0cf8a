/**
 * The Files API v3 reads the hub makes (the SDK's `files.filesApi` and `files.foldersApi`): a file's
 * metadata, a signed URL for a private file, the files of a folder (search by parentFolderIds or
 * path), a folder by path or id. The signed URL's bytes are served by `signedFileRoutes`, which,
 * like HubSpot's CDN, needs no token — only a valid, unexpired signature.
 */
import { Router } from 'express';
import type { HubSpotEmulatorStore } from './emulator-store.js';
import { SIGNED_URL_PATH, fileView } from './file-manager.js';
import { sendHubSpotError, sendValidationError } from './hubspot-errors.js';

const many = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : typeof value === 'string' && value !== '' ? value.split(',') : []);

export function fileRoutes(store: HubSpotEmulatorStore, baseUrl: () => string): Router {
  const router = Router();
  const files = store.files;

  router.get('/files/v3/files/search', (req, res) => {
    const limit = Math.min(Math.max(Number(req.query.limit ?? 10) || 10, 1), 100);
    const after = Number(req.query.after ?? 0) || 0;
    const folderIds = new Set(many(req.query.parentFolderIds));
    const ids = new Set(many(req.query.ids));
    const path = typeof req.query.path === 'string' ? req.query.path.toLowerCase() : undefined;
    const matching = [...files.files.values()]
      .filter((file) => !file.archived)
      .filter((file) => folderIds.size === 0 || (file.parentFolderId !== null && folderIds.has(file.parentFolderId)))
      .filter((file) => ids.size === 0 || ids.has(file.id))
      .filter((file) => path === undefined || file.path.toLowerCase() === path)
      .sort((a, b) => Number(a.id) - Number(b.id));
    const page = matching.slice(after, after + limit);
    const next = after + limit < matching.length ? { paging: { next: { after: String(after + limit), link: `${baseUrl()}/files/v3/files/search?after=${after + limit}` } } } : {};
    res.json({ results: page.map((file) => fileView(file, baseUrl())), ...next });
  });

  router.get('/files/v3/files/:fileId/signed-url', (req, res) => {
    const file = files.files.get(req.params.fileId);
    if (!file || file.archived) return sendHubSpotError(res, 404, `File with id ${req.params.fileId} not found`, 'OBJECT_NOT_FOUND');
    const seconds = req.query.expirationSeconds === undefined ? 3600 : Number(req.query.expirationSeconds);
    if (!Number.isInteger(seconds) || seconds < 1 || seconds > 21_600) return sendValidationError(res, 'expirationSeconds must be between 1 and 21600');
    const signed = files.signedUrl(file.id, seconds);
    res.json({ extension: file.extension, size: file.size, name: file.name, type: file.type, url: signed.url, expiresAt: signed.expiresAt });
  });

  router.get('/files/v3/files/:fileId', (req, res) => {
    const file = files.files.get(req.params.fileId);
    if (!file || file.archived) return sendHubSpotError(res, 404, `File with id ${req.params.fileId} not found`, 'OBJECT_NOT_FOUND');
    res.json(fileView(file, baseUrl()));
  });

  // GET /files/v3/folders/{folderId} and /files/v3/folders/{folderPath} (the path URL-encoded, slashes included).
  router.get('/files/v3/folders/:folder', (req, res) => {
    const key = req.params.folder;
    const folder = /^\d+$/.test(key) ? files.folders.get(key) : files.folderByPath(key);
    if (!folder) return sendHubSpotError(res, 404, `Folder ${key} not found`, 'OBJECT_NOT_FOUND');
    res.json({ id: folder.id, name: folder.name, path: folder.path, parentFolderId: folder.parentFolderId ?? undefined, createdAt: folder.createdAt, updatedAt: folder.updatedAt, archived: false });
  });
  return router;
}

/** The bytes behind a signed URL (no bearer token: the signature is the permission); 403 once expired or tampered with, as a CDN answers. */
export function signedFileRoutes(store: HubSpotEmulatorStore): Router {
  const router = Router();
  router.get(`${SIGNED_URL_PATH}/:fileId`, (req, res) => {
    const file = store.files.verifySigned(req.params.fileId, Number(req.query.expires), String(req.query.signature ?? ''));
    if (!file) {
      res.status(403).type('text/plain').send('Access denied: the signed URL is invalid or has expired');
      return;
    }
    res.status(200).set({ 'Content-Type': 'application/octet-stream', 'Content-Length': String(file.bytes.length) }).send(file.bytes);
  });
  return router;
}
