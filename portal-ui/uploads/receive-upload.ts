import type { Request } from 'express';
import busboy from 'busboy';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { fileTypeFromFile } from 'file-type';
import { verifyCsrf } from '../../src/auth/verify-csrf.js';
import { allowedTypeOf, cleanFileName, describeAllowed, looksLikePlainText, type AllowedType } from './upload-rules.js';
import { scanWithClamav, type ScanResult } from '../../src/documents/scan-with-clamav.js';
import type { Logger } from '../../src/logging/logger.js';

export interface ReceivedUpload {
  /** The staged file (under <data dir>/uploads/), kept until the outbox has delivered it. */
  path: string;
  name: string;
  sizeBytes: number;
  type: AllowedType;
  key: string;
}

export type UploadOutcome = { ok: true; upload: ReceivedUpload } | { ok: false; status: 400 | 403 | 413 | 415 | 422 | 503; message: string };

export interface UploadLimits {
  maxBytes: number;
  stagingDir: string;
  clamavHost: string | null;
  /** Where a scan's refusal is logged: the signature found, or why clamd could not answer. */
  logger: Logger;
}

function formatLimit(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.round(bytes / 1024)} KB`;
}

/**
 * Takes one file from a multipart form, streamed to disk (never held in memory), and decides whether
 * it may go on: the CSRF token and the form key must come before the file; its name must be on the
 * allow-list; it must fit the size cap (counted while streaming: the upload is cut at the cap, not
 * after); its content must be what its extension says; and, with CLAMAV_HOST, clamd must call it
 * clean. Anything refused is deleted at once and never reaches the outbox.
 */
export async function receiveUpload(req: Request, csrfToken: string, limits: UploadLimits): Promise<UploadOutcome> {
  const contentType = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data/i.test(contentType)) return { ok: false, status: 400, message: 'Choose a file to upload.' };
  const declared = Number(req.headers['content-length']);
  // A body far over the cap is refused before reading it (the form's other fields are a few hundred bytes).
  if (Number.isFinite(declared) && declared > limits.maxBytes + 64 * 1024) return { ok: false, status: 413, message: `The file is larger than ${formatLimit(limits.maxBytes)}. Send a smaller file, or ask your team for another way.` };
  const dir = join(limits.stagingDir, randomUUID());
  await mkdir(dir, { recursive: true });
  const fields: Record<string, string> = {};
  let refusal: Extract<UploadOutcome, { ok: false }> | null = null;
  let staged: { path: string; name: string; size: number } | null = null;
  const writes: Promise<void>[] = [];
  let handedOn = false;
  try {
    await new Promise<void>((resolve, reject) => {
      const parser = busboy({ headers: req.headers, limits: { files: 1, fileSize: limits.maxBytes, fields: 5, fieldSize: 256, parts: 8 } });
      parser.on('field', (name, value) => {
        fields[name] = value;
      });
      parser.on('file', (_field, stream, info) => {
        if (!verifyCsrf({ csrfToken }, fields._csrf)) {
          refusal ??= { ok: false, status: 403, message: 'This form has expired; open the page again.' };
          stream.resume();
          return;
        }
        const name = cleanFileName(info.filename ?? '');
        if (!info.filename || !allowedTypeOf(name)) {
          refusal ??= { ok: false, status: 415, message: `“${name}” is not a type the portal accepts. Send one of: ${describeAllowed()}.` };
          stream.resume();
          return;
        }
        const path = join(dir, 'upload.bin');
        let size = 0;
        const counter = new Transform({
          transform(chunk: Buffer, _encoding, callback) {
            size += chunk.length;
            callback(null, chunk);
          },
        });
        stream.on('limit', () => {
          refusal ??= { ok: false, status: 413, message: `“${name}” is larger than ${formatLimit(limits.maxBytes)}. Send a smaller file, or ask your team for another way.` };
        });
        writes.push(pipeline(stream, counter, createWriteStream(path)).then(() => void (staged = { path, name, size })));
      });
      parser.on('error', reject);
      parser.on('close', () => resolve());
      req.pipe(parser);
    });
    await Promise.all(writes);
    if (refusal) return refusal;
    if (!staged) return { ok: false, status: 400, message: 'Choose a file to upload.' };
    const file: { path: string; name: string; size: number } = staged;
    if (file.size === 0) return { ok: false, status: 400, message: `“${file.name}” is empty.` };
    const key = fields.key ?? '';
    if (!/^[A-Za-z0-9-]{16,64}$/.test(key)) return { ok: false, status: 400, message: 'This form has expired; open the page again.' };
    const type = allowedTypeOf(file.name)!;
    if (!(await contentMatches(file.path, type))) return { ok: false, status: 422, message: `“${file.name}” does not contain what a ${type.label} should. It was not sent.` };
    if (limits.clamavHost) {
      const scan = await scanWithClamav(limits.clamavHost, file.path);
      if (!scan.clean) return refusedByScanner(scan, file, limits);
    }
    handedOn = true;
    return { ok: true, upload: { path: file.path, name: file.name, sizeBytes: file.size, type, key } };
  } finally {
    // Anything not handed on is removed at once.
    if (!handedOn) await rm(dir, { recursive: true, force: true });
  }
}

async function contentMatches(path: string, type: AllowedType): Promise<boolean> {
  if (type.sniffed) {
    const found = await fileTypeFromFile(path);
    return found?.mime === type.sniffed;
  }
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(8192);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return (await fileTypeFromFile(path)) === undefined && looksLikePlainText(head.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

/** A scan that did not say clean: what the client is told, and what the operator's log says. */
function refusedByScanner(scan: Exclude<ScanResult, { clean: true }>, file: { name: string; size: number }, limits: UploadLimits): UploadOutcome {
  switch (scan.reason) {
    case 'infected':
      limits.logger.warn('upload refused: virus scanner found a signature', { file: file.name, signature: scan.signature });
      return { ok: false, status: 422, message: `“${file.name}” was refused by the virus scanner. It was not sent.` };
    case 'too_large':
      // The portal accepts more than clamd scans: trying again cannot help, the operator's setting can.
      limits.logger.warn('upload refused: larger than the virus scanner accepts', { file: file.name, bytes: file.size, uploadMaxBytes: limits.maxBytes, error: scan.error, fix: "raise clamd's StreamMaxLength to at least PORTAL_UPLOAD_MAX_BYTES" });
      return { ok: false, status: 413, message: `“${file.name}” is larger than the virus scanner can check, so it was not sent. Send a smaller file, or ask your team for another way.` };
    case 'unavailable':
      limits.logger.error('upload refused: virus scanner unavailable', { clamavHost: limits.clamavHost, error: scan.error });
      return { ok: false, status: 503, message: 'Uploads cannot be checked for viruses right now, so nothing was sent. Please try again later.' };
  }
}
