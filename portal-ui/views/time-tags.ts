import { html, type SafeHtml } from './html.js';
import { formatDate } from './format.js';

/** A calendar day from a provider, as <time>; a dash when there is none. */
export function dayTag(iso: string | null, empty = '—'): SafeHtml | string {
  const shown = formatDate(iso);
  return shown && iso ? html`<time datetime="${iso.slice(0, 10)}">${shown}</time>` : empty;
}

const MOMENT = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC', timeZoneName: 'short' });

/** A moment the hub recorded (ms), as <time> in UTC: the server cannot know the reader's zone without script. */
export function momentTag(at: number): SafeHtml {
  return html`<time datetime="${new Date(at).toISOString()}">${MOMENT.format(at)}</time>`;
}
