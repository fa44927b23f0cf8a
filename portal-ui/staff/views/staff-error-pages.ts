import { html } from '../../views/html.js';
import type { PageContent } from '../../views/page-content.js';

export function staffNotFoundPage(): PageContent {
  return { title: 'Not found', body: html`<h1>Not found</h1><section class="card"><p>There is nothing at this address in the console.</p><p><a href="/staff">Go to the console</a></p></section>` };
}

/** A write a role may not do: staff are told plainly, and nothing changed. */
export function roleRefusedPage(role: string): PageContent {
  return {
    title: 'Not allowed for your role',
    body: html`<h1>Not allowed for your role</h1><section class="card"><p>Your role (${role}) cannot do this, so nothing was changed. Ask an owner if you need it done.</p><p><a href="/staff">Go to the console</a></p></section>`,
  };
}

export function csrfRefusedPage(): PageContent {
  return { title: 'Request refused', body: html`<h1>Request refused</h1><section class="card"><p>This form was out of date, so nothing was changed. Go back, reload the page and try again.</p></section>` };
}

export function staffBadRequestPage(message: string): PageContent {
  return { title: 'Request not accepted', body: html`<h1>Request not accepted</h1><section class="card"><p>${message}</p><p>Nothing was changed.</p></section>` };
}

export function staffServerErrorPage(): PageContent {
  return { title: 'Something went wrong', body: html`<h1>Something went wrong</h1><section class="card"><p>The console could not complete this request. The details are in the server log.</p></section>` };
}
