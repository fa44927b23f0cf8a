import { html, type SafeHtml } from './html.js';
import type { StaleSource } from '../loaders/load-stale-sources.js';
import { formatAge } from '../../src/ops/format-age.js';

/**
 * Plain words for a client whose page shows data that may be out of date: what, from where,
 * how old, and that someone is on it (owners get the matching staff alert). No provider errors.
 */
export function staleNotice(sources: StaleSource[]): SafeHtml | null {
  if (sources.length === 0) return null;
  return html`<div class="notice notice-stale" role="status">${sources.map(
    (s) => html`<p>${s.what} from ${s.providerName} ${s.everSynced ? `were last updated ${formatAge(s.ageMs)} ago` : 'have not been updated yet'}; your team has been told.</p>`,
  )}</div>`;
}
