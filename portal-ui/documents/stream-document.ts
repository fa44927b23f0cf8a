import type { Response } from 'express';
import type { AppContext } from '../../src/app/app-context.js';
import type { ClientDocument } from '../../src/documents/load-documents.js';
import { findConnection } from '../../src/store/connections/find-connection.js';
import { buildConnectorContext } from '../../src/connections/build-connector-context.js';
import { findRecordSourceKey } from '../../src/store/records/find-record-source-key.js';

/** Types sent as the provider names them; anything else goes as application/octet-stream (it is a download either way). */
const PASSED_TYPES = new Set([
  'application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'image/webp', 'text/plain', 'text/csv', 'application/zip',
  'application/msword', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.ms-excel', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.ms-powerpoint', 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
]);

export function downloadContentType(type: string | null): string {
  const base = (type ?? '').split(';')[0]!.trim().toLowerCase();
  return PASSED_TYPES.has(base) ? base : 'application/octet-stream';
}

/** `attachment`, an ASCII fallback name and the exact name in RFC 5987 form: no header injection, no lost accents. */
export function contentDisposition(name: string): string {
  const ascii = name.normalize('NFKD').replace(/[^\x20-\x7e]/g, '').replace(/["\\/;]+/g, '_').replace(/^[.\s]+/, '').trim().slice(0, 150) || 'document';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name.replace(/[\r\n]/g, ' ').slice(0, 200))}`;
}

export type StreamOutcome =
  | { ok: true; bytes: number }
  | { ok: false; reason: 'too_large'; sizeBytes: number }
  | { ok: false; reason: 'provider_failed'; error: string }
  /** The answer had started when the provider failed or the cap was crossed: the connection was cut. */
  | { ok: false; reason: 'cut'; bytes: number; error: string };

/**
 * Streams a document's bytes from its provider to the browser, through the hub: the browser never
 * sees a provider address. Refused before any byte when the announced size is over the cap; cut
 * (the browser sees a failed download, not a short file) when more bytes come than the cap allows or
 * the whole transfer outlasts the timeout.
 */
export async function streamDocument(app: AppContext, document: ClientDocument, res: Response, limits: { maxBytes: number; timeoutMs: number }): Promise<StreamOutcome> {
  if (document.sizeBytes !== null && document.sizeBytes > limits.maxBytes) return { ok: false, reason: 'too_large', sizeBytes: document.sizeBytes };
  const connection = await findConnection(app.store.db, document.connectionId);
  const source = connection && app.connectors.has(connection.provider) ? app.connectors.get(connection.provider).documents : undefined;
  if (!connection || connection.status === 'disconnected' || !source) return { ok: false, reason: 'provider_failed', error: 'connection unavailable' };
  const parent = await findRecordSourceKey(app.store.db, document.parentRecordId);
  // The document was just found through its parent record, so this cannot miss short of a race with a purge.
  if (!parent) throw new Error(`document ${document.id}: parent record ${document.parentRecordId} not found`);
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(new Error(`download took longer than ${limits.timeoutMs} ms`)), limits.timeoutMs);
  let bytes = 0;
  try {
    let opened;
    try {
      opened = await source.open(await buildConnectorContext(app, connection), { parentObjectType: parent.objectType, parentExternalId: parent.externalId, sourceId: document.sourceId, locator: document.locator }, abort.signal);
    } catch (error) {
      return { ok: false, reason: 'provider_failed', error: error instanceof Error ? error.message : String(error) };
    }
    if (opened.sizeBytes !== null && opened.sizeBytes > limits.maxBytes) {
      abort.abort();
      return { ok: false, reason: 'too_large', sizeBytes: opened.sizeBytes };
    }
    res.status(200).set({
      'Content-Type': downloadContentType(opened.contentType ?? document.contentType),
      'Content-Disposition': contentDisposition(document.name),
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cache-Control': 'private, no-store',
      ...(opened.sizeBytes !== null ? { 'Content-Length': String(opened.sizeBytes) } : {}),
    });
    try {
      for await (const chunk of opened.body) {
        bytes += chunk.byteLength;
        if (bytes > limits.maxBytes) throw new Error(`more than ${limits.maxBytes} bytes`);
        // Back-pressure: wait for the browser to take the chunk before reading the next one (RSS stays flat).
        if (!res.write(chunk)) await new Promise<void>((resolve) => res.once('drain', resolve));
        if (abort.signal.aborted) throw abort.signal.reason instanceof Error ? abort.signal.reason : new Error('aborted');
      }
    } catch (error) {
      abort.abort();
      res.destroy();
      return { ok: false, reason: 'cut', bytes, error: error instanceof Error ? error.message : String(error) };
    }
    res.end();
    return { ok: true, bytes };
  } finally {
    clearTimeout(timer);
  }
}
