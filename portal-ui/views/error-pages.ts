import { html } from './html.js';
import type { PageContent } from './page-content.js';

/**
 * The one 404: for addresses that do not exist and for another client's pages alike, so a
 * response never says whether some id exists.
 */
export function notFoundPage(): PageContent {
  return {
    title: 'Page not found',
    body: html`<h1>Page not found</h1>
<section class="card">
  <p>There is nothing to show at this address. Check the link, or start again from your dashboard.</p>
  <p><a href="/">Go to your dashboard</a></p>
</section>`,
  };
}

/** A state-changing form arrived without this session's CSRF token. */
export function forbiddenPage(): PageContent {
  return {
    title: 'Request refused',
    body: html`<h1>Request refused</h1>
<section class="card">
  <p>This form was out of date, so nothing was changed. Go back, reload the page and try again.</p>
  <p><a href="/">Go to your dashboard</a></p>
</section>`,
  };
}

export function serverErrorPage(): PageContent {
  return {
    title: 'Something went wrong',
    body: html`<h1>Something went wrong</h1>
<section class="card">
  <p>We could not show this page. Please try again in a minute; if it keeps happening, tell your account manager.</p>
  <p><a href="/">Go to your dashboard</a></p>
</section>`,
  };
}

/** A request the portal could not read (a body too large, a malformed form). */
export function badRequestPage(): PageContent {
  return {
    title: 'Request not understood',
    body: html`<h1>Request not understood</h1>
<section class="card">
  <p>We could not read that request, so nothing was changed. Go back, reload the page and try again.</p>
  <p><a href="/">Go to your dashboard</a></p>
</section>`,
  };
}

/** The provider could not hand over a document (down, or the connection needs attention). */
export function providerUnavailablePage(invoiceRecordId: number): PageContent {
  return {
    title: 'Document not available right now',
    body: html`<h1>Document not available right now</h1>
<section class="card">
  <p>We could not fetch this PDF from our accounting system. Please try again in a few minutes; if it keeps happening, tell your account manager.</p>
  <p><a href="/invoices/${invoiceRecordId}">Back to the invoice</a></p>
</section>`,
  };
}

/** The provider's rate limit: the document is fine, the provider asked for a pause. */
export function providerBusyPage(invoiceRecordId: number, retryAfterSeconds: number): PageContent {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  const when = retryAfterSeconds < 60 ? `in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}` : `in ${minutes} minute${minutes === 1 ? '' : 's'}`;
  return {
    title: 'Busy, try again shortly',
    body: html`<h1>Busy, try again shortly</h1>
<section class="card">
  <p>Our accounting system is busy right now and asked us to wait a moment. Please try downloading this PDF again ${when}.</p>
  <p><a href="/invoices/${invoiceRecordId}/pdf" download>Try again</a> · <a href="/invoices/${invoiceRecordId}">Back to the invoice</a></p>
</section>`,
  };
}
