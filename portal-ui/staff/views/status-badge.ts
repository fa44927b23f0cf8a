import { html, type SafeHtml } from '../../views/html.js';

const LABELS: Record<string, string> = {
  active: 'Active',
  unhealthy: 'Needs attention',
  disconnected: 'Disconnected',
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  interrupted: 'Interrupted',
  rate_limited: 'Waiting (rate limit)',
  open: 'Open',
  replayed: 'Replayed',
  discarded: 'Discarded',
};

/** A connection or run status in words (colour only repeats what the word says). */
export function statusBadge(status: string): SafeHtml {
  return html`<span class="badge status-${status}">${LABELS[status] ?? status}</span>`;
}
