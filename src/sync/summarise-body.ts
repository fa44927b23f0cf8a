import { looksLikeHtml, summariseProviderBody } from './summarise-provider-text.js';

/** Longest provider body text kept in an error message or a log line. */
const MAX_TEXT = 300;

/** The bytes of a body an SDK handed over as binary: a Buffer, an ArrayBuffer, a typed array, or a Buffer after JSON.stringify. */
function bytesOf(body: unknown): Buffer | null {
  if (Buffer.isBuffer(body)) return body;
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const serialised = body as { type?: unknown; data?: unknown } | null;
  if (serialised && typeof serialised === 'object' && serialised.type === 'Buffer' && Array.isArray(serialised.data)) return Buffer.from(serialised.data as number[]);
  return null;
}

/** Text a person can read: printable, no control bytes beyond white space. */
function isReadable(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  return !/[\u0000-\u0008\u000e-\u001f\ufffd]/.test(text);
}

function clip(text: string): string {
  // A load balancer's or web site's page: its title says what happened, the markup does not.
  if (looksLikeHtml(text)) return summariseProviderBody(text);
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_TEXT ? `${flat.slice(0, MAX_TEXT)}… (${flat.length} characters)` : flat;
}

/**
 * A provider's error body as something fit for an error message and a log line. SDKs that fetch
 * PDFs hand over their *error* bodies as bytes too (xero-node: a Buffer, then JSON.stringify'd into
 * `{"type":"Buffer","data":[37,80,…]}`): a readable body is decoded, anything else is summarised by
 * its size — binary never reaches a log. Long text is clipped.
 */
export function summariseBody(body: unknown): string {
  if (body === undefined || body === null) return '';
  const bytes = bytesOf(body);
  if (bytes) {
    if (bytes.length === 0) return '';
    const text = bytes.toString('utf8');
    return isReadable(text) ? clip(text) : `(${bytes.length} bytes of binary content)`;
  }
  if (typeof body === 'string') return isReadable(body) ? clip(body) : `(${Buffer.byteLength(body)} bytes of binary content)`;
  try {
    return clip(JSON.stringify(body, (_key, value: unknown) => (bytesOf(value) ? summariseBody(value) : value)));
  } catch {
    return clip(String(body));
  }
}

/** A body as an object when it is one, or JSON text or bytes of one (a provider's error fetched with Accept: application/pdf); else undefined. */
export function parseBodyJson(body: unknown): Record<string, unknown> | undefined {
  const bytes = bytesOf(body);
  const text = bytes ? bytes.toString('utf8') : typeof body === 'string' ? body : null;
  if (text === null) return body && typeof body === 'object' ? (body as Record<string, unknown>) : undefined;
  if (!/^\s*\{/.test(text)) return undefined;
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
