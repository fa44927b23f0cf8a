import { html, type SafeHtml } from './html.js';
import type { PageContent } from './page-content.js';

/** A plain GET form: two dates and a download. */
export function statementForm(today: string): SafeHtml {
  const start = new Date(`${today}T00:00:00Z`);
  start.setUTCMonth(start.getUTCMonth() - 3);
  return html`<form method="get" action="/statement.pdf" class="filter card statement-form" aria-labelledby="statement-heading">
  <h2 id="statement-heading" class="visually-hidden">Statement of account</h2>
  <div class="filter-field"><label for="statement-from">Statement from</label><input type="date" id="statement-from" name="from" value="${start.toISOString().slice(0, 10)}" max="${today}"></div>
  <div class="filter-field"><label for="statement-to">to</label><input type="date" id="statement-to" name="to" value="${today}" max="${today}"></div>
  <button type="submit" class="button button-quiet">Download statement (PDF)</button>
</form>`;
}

export function badPeriodPage(): PageContent {
  return {
    title: 'Statement period not understood',
    navKey: 'invoices',
    body: html`<h1>That period could not be read</h1>
<section class="card"><p>Choose a start and an end date (the start not after the end, at most ten years apart). <a href="/invoices">Back to your invoices</a>.</p></section>`,
  };
}
