import { html, type SafeHtml } from '../../views/html.js';
import { momentTag } from '../../views/time-tags.js';

export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${ms} ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes} min ${seconds % 60} s` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** A moment or a dash. */
export function maybeMoment(at: number | null | undefined, empty = '—'): SafeHtml | string {
  return at == null ? empty : momentTag(at);
}

/** A cursor is the provider's own JSON: shown as is, shortened, in monospace. */
export function cursorText(cursor: string | null): SafeHtml | string {
  if (!cursor) return html`<span class="muted">none (next run is a full pass)</span>`;
  return html`<span class="mono">${cursor.length > 120 ? `${cursor.slice(0, 117)}…` : cursor}</span>`;
}
