import { html, type SafeHtml } from './html.js';

/** A labelled <progress> with the number beside it (the bar alone says nothing to a screen reader or in print). */
export function progressBar(percent: number | null, label: string): SafeHtml {
  if (percent === null) return html`<p class="muted">Progress not reported yet.</p>`;
  const value = Math.round(Math.min(100, Math.max(0, percent)));
  return html`<p class="progress-line"><progress max="100" value="${value}" aria-label="${label}">${value}%</progress> <span>${value}% complete</span></p>`;
}
