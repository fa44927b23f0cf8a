/**
 * What a client may upload: a short allow-list of document and image types, each checked by its
 * content, not its name. A file whose bytes are not what its extension says — a shell script or an
 * HTML page renamed to .pdf — is refused. Text types (.txt, .csv) have no signature: they must be
 * UTF-8 text without NUL bytes and must not open like a script or a web page.
 */
export interface AllowedType {
  extension: string;
  mime: string;
  label: string;
  /** The MIME type file-type reports for this content; null for plain text (no signature). */
  sniffed: string | null;
}

export const ALLOWED_UPLOADS: AllowedType[] = [
  { extension: 'pdf', mime: 'application/pdf', label: 'PDF', sniffed: 'application/pdf' },
  { extension: 'png', mime: 'image/png', label: 'PNG image', sniffed: 'image/png' },
  { extension: 'jpg', mime: 'image/jpeg', label: 'JPEG image', sniffed: 'image/jpeg' },
  { extension: 'jpeg', mime: 'image/jpeg', label: 'JPEG image', sniffed: 'image/jpeg' },
  { extension: 'docx', mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', label: 'Word document', sniffed: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
  { extension: 'xlsx', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', label: 'Excel workbook', sniffed: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  { extension: 'pptx', mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', label: 'PowerPoint deck', sniffed: 'application/vnd.openxmlformats-officedocument.presentationml.presentation' },
  { extension: 'txt', mime: 'text/plain', label: 'text file', sniffed: null },
  { extension: 'csv', mime: 'text/csv', label: 'CSV file', sniffed: null },
];

export function allowedTypeOf(fileName: string): AllowedType | null {
  const extension = /\.([A-Za-z0-9]{1,8})$/.exec(fileName)?.[1]?.toLowerCase();
  return ALLOWED_UPLOADS.find((type) => type.extension === extension) ?? null;
}

export function describeAllowed(): string {
  return [...new Set(ALLOWED_UPLOADS.map((t) => t.extension.toUpperCase()))].join(', ');
}

/** A plain-text upload: valid UTF-8, no NUL, and not a script or markup dressed as text. */
export function looksLikePlainText(head: Buffer): boolean {
  if (head.includes(0)) return false;
  const text = head.toString('utf8');
  if (text.includes('\uFFFD')) return false;
  return !/^\s*(#!|<\?|<!doctype|<html|<script|<svg)/i.test(text);
}

/** A name safe to keep: no path, no control characters, at most 120 characters, its extension kept. */
export function cleanFileName(name: string): string {
  const base = name.replace(/\\/g, '/').split('/').pop() ?? '';
  const cleaned = [...base.normalize('NFC')].filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f && !'"<>|:*?'.includes(c)).join('').replace(/^\.+/, '').trim();
  if (cleaned.length <= 120) return cleaned || 'upload';
  const extension = /\.[A-Za-z0-9]{1,8}$/.exec(cleaned)?.[0] ?? '';
  return cleaned.slice(0, 120 - extension.length) + extension;
}
