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

const zoned = new Map<string, Intl.DateTimeFormat>();

/** A moment (ms) as <time> in the reader's zone (their browser told us; UTC when it has not). */
export function momentTagIn(at: number, timeZone: string): SafeHtml {
  let format = zoned.get(timeZone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone, timeZoneName: 'short' });
    } catch {
      return momentTag(at);
    }
    zoned.set(timeZone, format);
  }
  return html`<time datetime="${new Date(at).toISOString()}">${format.format(at)}</time>`;
}

/** A source's date: a calendar day as a day, an instant in the reader's zone. */
export function sourceDateTag(value: string, timeZone: string): SafeHtml | string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value) || /T00:00:00(\.0+)?Z?$/.test(value)) return dayTag(value);
  const at = Date.parse(value);
  return Number.isNaN(at) ? dayTag(value) : momentTagIn(at, timeZone);
}
