/**
 * Providers (and whatever sits in front of them: load balancers, a base URL pointing at a web
 * site) sometimes answer a whole HTML page. Pasted into an error message it buries what matters;
 * these helpers keep the status and the page's title and drop the rest.
 */

/** Longest provider text kept in a message: enough for an error code and a sentence. */
const MAX_TEXT = 200;

const HTML_START = /<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]/i;

function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&');
}

function truncate(text: string, max = MAX_TEXT): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Whether a body (or an error message carrying one) is an HTML page. */
export function looksLikeHtml(text: string, contentType?: string | null): boolean {
  return /\btext\/html\b/i.test(contentType ?? '') || HTML_START.test(text);
}

/** `an HTML page titled "503 Service Unavailable"` (or its first heading), or the text itself, shortened. */
export function summariseProviderBody(body: string, contentType?: string | null): string {
  if (!looksLikeHtml(body, contentType)) return truncate(body);
  const heading = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(body)?.[1] ?? /<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(body)?.[1];
  const title = heading ? truncate(decodeEntities(heading.replace(/<[^>]+>/g, ' ')), 100) : '';
  return title ? `an HTML page titled "${title}"` : 'an HTML page';
}

/**
 * One line for a provider's answer to a call: which call, the status, and what it said.
 * e.g. `HubSpot contacts search answered HTTP 503 with an HTML page titled "Service Unavailable"`
 * — connectors' describe functions are meant to build their messages with it.
 */
export function describeProviderAnswer(call: string, status: number | undefined, body: string, contentType?: string | null): string {
  const said = body.trim() ? summariseProviderBody(body, contentType) : 'an empty body';
  const html = said.startsWith('an HTML page');
  const where = status ? `HTTP ${status}` : 'an answer';
  const hint = html ? ' (is the base URL the provider\'s API, not a web site?)' : '';
  return `${call} answered ${where} with ${html ? said : `"${said}"`}${status && status < 300 && html ? hint : ''}`;
}

/**
 * An error message that already has an HTML page pasted in (an SDK's message, stored as a
 * connection's last error): the part before the page is kept, the page becomes its summary.
 */
export function summariseErrorText(message: string): string {
  const at = message.search(HTML_START);
  if (at < 0) return message.length > 2000 ? truncate(message, 2000) : message;
  const before = message.slice(0, at).replace(/[\s:—-]+$/, '');
  const summary = summariseProviderBody(message.slice(at));
  return before ? `${before}: ${summary}` : summary;
}
